package webhook_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// TestReplayReencodedSignature: a delivery replayed with its signature written another way
// that decodes to the same MAC (upper-case hex, which the verifier and the providers' own
// libraries accept; base64 with other padding bits) is still a replay. Found by the
// conformance edge tests (conformance/webhook): the replay key was the signature as sent.
func TestReplayReencodedSignature(t *testing.T) {
	reencode := map[webhook.Provider]func(h string) string{
		webhook.GitHub: func(h string) string { return "sha256=" + strings.ToUpper(h[7:]) },
		webhook.Stripe: func(h string) string {
			t, v1, _ := strings.Cut(h, ",v1=")
			return t + ",v1=" + strings.ToUpper(v1)
		},
		webhook.Slack: func(h string) string { return "v0=" + strings.ToUpper(h[3:]) },
		webhook.Shopify: func(h string) string {
			const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
			i := strings.IndexByte(digits, h[42])
			return h[:42] + string(digits[i^1]) + "="
		},
	}
	for p, re := range reencode {
		t.Run(p.String(), func(t *testing.T) {
			sec := testSecret(p)
			w := webhook.New(p, sec)
			w.Clock = testClock
			w.Replay = &apisig.MemoryReplay{Clock: testClock}
			h := signed(t, p, sec, jsonBody, testTime)
			if _, err := w.VerifyPayload(context.Background(), h, []byte(jsonBody)); err != nil {
				t.Fatal(err)
			}
			header := sigHeader(p)
			v := re(h.Get(header))
			if p == webhook.Shopify {
				if a, b := mustB64(t, v), mustB64(t, h.Get(header)); a != b {
					t.Fatalf("re-encoding changed the MAC")
				}
			}
			h2 := h.Clone()
			h2.Set(header, v)
			if _, err := w.VerifyPayload(context.Background(), h2, []byte(jsonBody)); !errors.Is(err, apisig.ErrReplayed) {
				t.Fatalf("replay with %s: %q: %v; want ErrReplayed", header, v, err)
			}
		})
	}
}

func sigHeader(p webhook.Provider) string {
	switch p {
	case webhook.GitHub:
		return webhook.HeaderGitHubSHA256
	case webhook.Stripe:
		return webhook.HeaderStripe
	case webhook.Slack:
		return webhook.HeaderSlackSignature
	}
	return webhook.HeaderShopify
}

func mustB64(t *testing.T, s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
