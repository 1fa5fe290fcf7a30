package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

var benchBody = []byte(`{"id":"evt_1","object":"event","data":{"object":{"id":"pi_1","amount":2000,"description":"` + strings.Repeat("x", 900) + `"}}}`)

func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	for _, p := range []webhook.Provider{webhook.GitHub, webhook.Stripe, webhook.Standard} {
		b.Run(p.String(), func(b *testing.B) {
			w := webhook.New(p, testSecret(p))
			w.Clock = testClock
			req, _ := http.NewRequest("POST", "https://h/", strings.NewReader(string(benchBody)))
			req.Header.Set(webhook.HeaderStandardID, "msg_1")
			if err := w.Sign(ctx, req, apisig.Credentials{}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(benchBody)))
			for b.Loop() {
				if _, err := w.VerifyPayload(ctx, req.Header, benchBody); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestVerifyAllocs guards the verification hot path.
func TestVerifyAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	for _, p := range []webhook.Provider{webhook.GitHub, webhook.Stripe, webhook.Standard} {
		w := webhook.New(p, testSecret(p))
		w.Clock = testClock
		h := signed(t, p, testSecret(p), string(benchBody), testTime)
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := w.VerifyPayload(ctx, h, benchBody); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 12 {
			t.Errorf("%s: VerifyPayload allocates %.1f times per call, want at most 12", p, allocs)
		}
	}
}
