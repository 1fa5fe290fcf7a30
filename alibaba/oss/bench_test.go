package oss_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// benchPut is a PUT of an object with Content-Type, Content-MD5 and two x-oss-meta headers, the
// request of the conformance module's benchmarks.
func benchPut() *http.Request {
	req, _ := http.NewRequest("PUT", "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/photos/2026/test.txt?acl", nil)
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Content-MD5", "eB5eJF1ptWaXm4bijSPyxw==")
	req.Header.Set("X-Oss-Meta-Author", "alice")
	req.Header.Set("X-Oss-Meta-Magic", "abracadabra")
	return req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	for _, bc := range []struct {
		name string
		s    apisig.Signer
	}{{"v1-header", &oss.V1{Clock: clock}}, {"v4-header", &oss.V4{Region: "cn-hangzhou", Clock: clock}}} {
		b.Run(bc.name, func(b *testing.B) {
			req := benchPut()
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, bc := range []struct {
		name string
		s    apisig.Presigner
	}{{"v1-presign", &oss.V1{Clock: clock}}, {"v4-presign", &oss.V4{Region: "cn-hangzhou", Clock: clock}}} {
		b.Run(bc.name, func(b *testing.B) {
			req := benchPut()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.s.Presign(ctx, req, testCreds, time.Hour); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSignAllocs guards the hot path: re-signing a request costs one allocation, the
// Authorization value.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	for _, bc := range []struct {
		name string
		s    apisig.Signer
	}{{"v1-header", &oss.V1{Clock: clock}}, {"v4-header", &oss.V4{Region: "cn-hangzhou", Clock: clock}}} {
		req := benchPut()
		allocs := testing.AllocsPerRun(200, func() {
			if err := bc.s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 1 {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most 1", bc.name, allocs)
		}
	}
}

// TestPresignAllocs guards the URL path: a presign costs four allocations, the result with its
// URL, the new query string, and the holder's header map with its table. Formatted dates,
// expiries and credentials are remembered between calls, so a fixed clock measures the path
// after the first call of each second.
func TestPresignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	for _, bc := range []struct {
		name string
		s    apisig.Presigner
	}{{"v1", &oss.V1{Clock: clock}}, {"v4", &oss.V4{Region: "cn-hangzhou", Clock: clock}}} {
		req := benchPut()
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := bc.s.Presign(ctx, req, testCreds, time.Hour); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 4 {
			t.Errorf("%s: Presign allocates %.1f times per call, want at most 4", bc.name, allocs)
		}
	}
}
