package sigv2_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
)

func benchGet() (*sigv2.SigV2, *http.Request) {
	s := &sigv2.SigV2{Bucket: "examplebucket", Clock: apisig.FixedClock(testTime)}
	req, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/photos/2026/test.txt?versionId=3", nil)
	req.Header.Set("Range", "bytes=0-9")
	req.Header.Set("X-Amz-Meta-Note", "n")
	return s, req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	b.Run("get-range", func(b *testing.B) {
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
		s.Keys = testKeys
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Verify(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestSignAllocs guards the hot path: re-signing a request costs at most two allocations (the
// Authorization value, in the steady state).
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	s, req := benchGet()
	allocs := testing.AllocsPerRun(200, func() {
		if err := s.Sign(context.Background(), req, testCreds); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("Sign allocates %.1f times per call, want at most 2", allocs)
	}
}
