package httpsig_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

func benchProfile() (*httpsig.Profile, *http.Request) {
	p := &httpsig.Profile{Clock: suiteClock, Components: []string{"@method", "@authority", "@path", "@query", "content-type", "date"},
		Keys: httpsig.StoreKeys{Store: apisig.StaticKeys{"k": apisig.NewSecret(strings.Repeat("s", 64))}}}
	req, _ := http.NewRequest("GET", "https://example.com/foo/bar?param=Value&Pet=dog", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	return p, req
}

var benchCreds = apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret(strings.Repeat("s", 64))}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	b.Run("hmac-sha256", func(b *testing.B) {
		p, req := benchProfile()
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Sign(ctx, req, benchCreds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ed25519", func(b *testing.B) {
		p, req := benchProfile()
		p.Key = &httpsig.Key{ID: "ed", Private: testEdPriv}
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Sign(ctx, req, benchCreds); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	p, req := benchProfile()
	if err := p.Sign(ctx, req, benchCreds); err != nil {
		b.Fatal(err)
	}
	p.Keys = httpsig.KeyMap{"k": {ID: "k", Secret: benchCreds.Secret}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Verify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignAllocs guards the signing hot path (HMAC, six components).
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	p, req := benchProfile()
	p.Key = &httpsig.Key{ID: "k", Secret: benchCreds.Secret}
	allocs := testing.AllocsPerRun(100, func() {
		if err := p.Sign(context.Background(), req, benchCreds); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 100 {
		t.Errorf("Sign allocates %.0f times per call, want at most 100 (93 measured)", allocs)
	}
}
