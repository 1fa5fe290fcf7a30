package sigv4a_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv4a"
)

func benchGet() (*sigv4a.SigV4a, *http.Request) {
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	req, _ := http.NewRequest("GET", "https://mrap.accesspoint.s3-global.amazonaws.com/photos/2026/test.txt", nil)
	req.Header.Set("Range", "bytes=0-9")
	req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
	return s, req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	b.Run("s3-get-range", func(b *testing.B) {
		s, req := benchGet()
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(ctx, req, testCreds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("presign-get", func(b *testing.B) {
		s, req := benchGet()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Presign(ctx, req, testCreds, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify-get", func(b *testing.B) {
		s, req := benchGet()
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

// TestSignAllocs guards the hot path: the key derivation is cached, so a signature costs
// crypto/ecdsa's own allocations (measured here, ~59 in Go 1.26) and a few strings more, never
// a derivation.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	digest := make([]byte, 32)
	floor := testing.AllocsPerRun(100, func() {
		if _, err := k.Sign(rand.Reader, digest, crypto.SHA256); err != nil {
			t.Fatal(err)
		}
	})
	s, req := benchGet()
	allocs := testing.AllocsPerRun(100, func() {
		if err := s.Sign(context.Background(), req, testCreds); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > floor+10 {
		t.Errorf("Sign allocates %.1f times per call, want at most crypto/ecdsa's %.1f + 10", allocs, floor)
	}
}
