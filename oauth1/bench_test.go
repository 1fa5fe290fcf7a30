package oauth1_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/apisig/apisig/oauth1"
)

// BenchmarkSign signs Twitter's example (query, form body, token) with HMAC-SHA1 in the
// Authorization header, as the conformance module's side-by-side benchmark does.
func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		p    oauth1.Placement
		m    oauth1.Method
	}{{"twitter-header-hmac-sha1", oauth1.PlaceHeader, oauth1.HMACSHA1}, {"twitter-query-hmac-sha256", oauth1.PlaceQuery, oauth1.HMACSHA256}} {
		b.Run(bc.name, func(b *testing.B) {
			s := twitterSigner()
			s.Placement, s.Method = bc.p, bc.m
			req := twitterRequest()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	s := twitterSigner()
	s.Replay = replayOff{}
	req := twitterRequest()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Verify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignAllocs guards the hot path. Re-signing Twitter's example allocates the timestamp, the
// form body as a string, its two decoded values with escapes, the header value and its slice,
// plus the two of the caller's GetBody.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	s := twitterSigner()
	for _, tc := range []struct {
		name string
		req  *http.Request
		max  float64
	}{{"form-body", twitterRequest(), 9}, {"get", func() *http.Request {
		r, _ := http.NewRequest("GET", "https://api.twitter.com/1.1/statuses/home_timeline.json?count=5&since_id=1", nil)
		return r
	}(), 4}} {
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Sign(ctx, tc.req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > tc.max {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most %.0f", tc.name, allocs, tc.max)
		}
	}
}
