package webhook_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/webhook"
)

var (
	testTime  = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	testClock = apisig.FixedClock(testTime)
)

// testSecret returns a secret of the provider's format.
func testSecret(p webhook.Provider) string {
	switch p {
	case webhook.Stripe:
		return "whsec_DaLRHCRs35vEXqOE8uTEAXGLGUOnyaFf"
	case webhook.Standard:
		return "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	}
	return "It's a Secret to Everybody"
}

func deliveryCase(name, body string, headers ...string) schemetest.Case {
	return schemetest.Case{Name: name, Request: func() *http.Request {
		req := newDelivery(body)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return req
	}}
}

// awkwardBodies are the deliveries every provider is run on.
func awkwardBodies() []schemetest.Case {
	return []schemetest.Case{
		deliveryCase("json", `{"action":"opened","number":1,"pull_request":{"title":"Fix"}}`, "Content-Type", "application/json"),
		deliveryCase("unicode-and-escapes", "{\"text\":\"caf\u00e9 \U0001F600 \\u00e9 <b>&amp;</b>\",\"n\":1.50}\n", "Content-Type", "application/json"),
		deliveryCase("form", "token=xyz&text=a+b%2Ac&payload=%7B%22k%22%3A1%7D", "Content-Type", "application/x-www-form-urlencoded"),
		deliveryCase("binary", "\x00\xff\xfe binary \r\n", "Content-Type", "application/octet-stream"),
		deliveryCase("one-byte", "x"),
	}
}

func TestSuite(t *testing.T) {
	for _, p := range webhook.Providers() {
		t.Run(p.String(), func(t *testing.T) {
			secret := testSecret(p)
			w := webhook.New(p, "whsec_b2xkX3NlY3JldF9yb3RhdGVkX291dA==", secret)
			w.Clock = testClock
			w.IDs = apisig.NonceFunc(func() (string, error) { return "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", nil })
			schemetest.Run(t, schemetest.Suite{
				Signer:      w,
				Verifier:    w,
				Credentials: apisig.Credentials{Secret: apisig.NewSecret(secret)},
				Cases:       awkwardBodies(),
				Carriers:    []string{webhook.HeaderGitHubSHA256, webhook.HeaderGitHubSHA1, webhook.HeaderStripe, webhook.HeaderSlackSignature, webhook.HeaderShopify, webhook.HeaderStandardSig},
				Unsigned:    []string{"Content-Type"},
				Structural:  []string{webhook.HeaderSlackTimestamp, webhook.HeaderStandardTime, webhook.HeaderStandardID},
				BodyOnly:    true,
			})
		})
	}
}

func TestProvidersString(t *testing.T) {
	for _, p := range webhook.Providers() {
		if !strings.HasPrefix(p.String(), "webhook-") {
			t.Errorf("Provider(%d).String() = %q", p, p)
		}
	}
	if got := webhook.Provider(0).String(); got != "webhook-unknown" {
		t.Errorf("Provider(0).String() = %q", got)
	}
}
