package cos_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
)

// benchGet is a GET of an object with two response-* parameters and a Range header.
func benchGet() (*cos.Signer, *http.Request) {
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	req, _ := http.NewRequest("GET", "https://"+bucket+"/photos/2026/sample.jpg?response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600", nil)
	req.Header.Set("Range", "bytes=0-1048575")
	return s, req
}

// benchPut is the PUT of the signature page's example: a UTF-8 key, Content-Type,
// Content-MD5, x-cos-acl, x-cos-grant-read.
func benchPut() (*cos.Signer, *http.Request) {
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	req, _ := http.NewRequest("PUT", "https://"+bucket+"/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)", nil)
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Content-Md5", "mQ/fVh815F3k6TAUm8m0eg==")
	req.Header.Set("X-Cos-Acl", "private")
	req.Header.Set("X-Cos-Grant-Read", `uin="100000000011"`)
	return s, req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		new  func() (*cos.Signer, *http.Request)
	}{{"get-response-params", benchGet}, {"put-headers", benchPut}} {
		b.Run(bc.name, func(b *testing.B) {
			s, req := bc.new()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("presign-get", func(b *testing.B) {
		s, req := benchGet()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Presign(ctx, req, testCreds, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify-put", func(b *testing.B) {
		s, req := benchPut()
		if err := s.Sign(ctx, req, testCreds); err != nil {
			b.Fatal(err)
		}
		s.Keys = testKeys
		req.Header.Del("Content-Md5") // no body to check it against
		if err := s.Sign(ctx, req, testCreds); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Verify(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestSignAllocs guards the hot path: re-signing a request costs at most two allocations (the
// Authorization value, and the wire path when the key needs escaping) in the steady state.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		new  func() (*cos.Signer, *http.Request)
	}{{"get-response-params", benchGet}, {"put-headers", benchPut}} {
		s, req := bc.new()
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 2 {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most 2", bc.name, allocs)
		}
	}
}
