package webhook

// Side-by-side benchmarks on one 1 KiB JSON delivery: signing and verifying with apisig and
// with each library that does the same job (stripe-go v85, the Standard Webhooks reference
// library, go-github v84, slack-go), and the HMAC-SHA256 floor over the same bytes.
// Verification benchmarks accept the delivery (the common path). Results: BENCHMARKS.md.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	awebhook "github.com/apisig/apisig/webhook"
	"github.com/google/go-github/v84/github"
	"github.com/slack-go/slack"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	swebhook "github.com/stripe/stripe-go/v85/webhook"
)

var (
	benchBody     = []byte(`{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"charge.succeeded","data":{"object":{"id":"ch_3","amount":1099,"currency":"eur","description":"Caf\u00e9 ✓ ` + strings.Repeat("x", 820) + `"}}}`)
	benchStripe   = "whsec_" + strings.Repeat("k", 32)
	benchStandard = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	benchGitHub   = "It's a Secret to Everybody"
	benchSlack    = "8f742231b10e8888abcd99yyyzzz85a5"
	benchMsgID    = "msg_p5jXN8AQM9LWM0D4loKWxJek"
)

func benchRequest(b *testing.B) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://hooks.example/endpoint", bytes.NewReader(benchBody))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set(awebhook.HeaderStandardID, benchMsgID)
	return req
}

func benchApisigSign(b *testing.B, p awebhook.Provider, secret string) {
	w := &awebhook.Webhook{Provider: p, Secrets: secrets([]string{secret}), Clock: apisig.FixedClock(now)}
	req := benchRequest(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Sign(ctx, req, apisig.Credentials{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchApisigVerify(b *testing.B, p awebhook.Provider, secret string) {
	w := &awebhook.Webhook{Provider: p, Secrets: secrets([]string{secret}), Clock: apisig.FixedClock(now)}
	req := benchRequest(b)
	if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		b.Fatal(err)
	}
	h, ctx := req.Header, context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.VerifyPayload(ctx, h, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStripeSignApisig(b *testing.B) { benchApisigSign(b, awebhook.Stripe, benchStripe) }

func BenchmarkStripeSignStripeGo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = swebhook.GenerateTestSignedPayload(&swebhook.UnsignedPayload{Payload: benchBody, Secret: benchStripe, Timestamp: now}).Header
	}
}

func BenchmarkStripeVerifyApisig(b *testing.B) { benchApisigVerify(b, awebhook.Stripe, benchStripe) }

// BenchmarkStripeVerifyStripeGo ignores the tolerance: stripe-go reads the wall clock, and a
// synctest bubble would be timed too. The tolerance check is one time.Since.
func BenchmarkStripeVerifyStripeGo(b *testing.B) {
	header := swebhook.GenerateTestSignedPayload(&swebhook.UnsignedPayload{Payload: benchBody, Secret: benchStripe, Timestamp: now}).Header
	b.ReportAllocs()
	for b.Loop() {
		if err := swebhook.ValidatePayloadIgnoringTolerance(benchBody, header, benchStripe); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStandardSignApisig(b *testing.B) { benchApisigSign(b, awebhook.Standard, benchStandard) }

// BenchmarkStandardSignLibrary includes NewWebhook (the base64 decoding of the key), which an
// application may do once: see BenchmarkStandardSignLibraryReused.
func BenchmarkStandardSignLibrary(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		wh, _ := standardwebhooks.NewWebhook(benchStandard)
		if _, err := wh.Sign(benchMsgID, now, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStandardSignLibraryReused(b *testing.B) {
	wh, _ := standardwebhooks.NewWebhook(benchStandard)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wh.Sign(benchMsgID, now, benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStandardVerifyApisig(b *testing.B) {
	benchApisigVerify(b, awebhook.Standard, benchStandard)
}

// BenchmarkStandardVerifyLibrary ignores the timestamp (the library reads the wall clock).
func BenchmarkStandardVerifyLibrary(b *testing.B) {
	wh, _ := standardwebhooks.NewWebhook(benchStandard)
	sig, _ := wh.Sign(benchMsgID, now, benchBody)
	h := http.Header{}
	h.Set(standardwebhooks.HeaderWebhookID, benchMsgID)
	h.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(now.Unix(), 10))
	h.Set(standardwebhooks.HeaderWebhookSignature, sig)
	b.ReportAllocs()
	for b.Loop() {
		if err := wh.VerifyIgnoringTimestamp(benchBody, h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGitHubSignApisig(b *testing.B) { benchApisigSign(b, awebhook.GitHub, benchGitHub) }

func BenchmarkGitHubVerifyApisig(b *testing.B) { benchApisigVerify(b, awebhook.GitHub, benchGitHub) }

func BenchmarkGitHubVerifyGoGitHub(b *testing.B) {
	w := &awebhook.Webhook{Provider: awebhook.GitHub, Secrets: secrets([]string{benchGitHub})}
	req := benchRequest(b)
	if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		b.Fatal(err)
	}
	sig, key := req.Header.Get(awebhook.HeaderGitHubSHA256), []byte(benchGitHub)
	b.ReportAllocs()
	for b.Loop() {
		if err := github.ValidateSignature(sig, benchBody, key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSlackVerifyApisig(b *testing.B) { benchApisigVerify(b, awebhook.Slack, benchSlack) }

// BenchmarkSlackVerifySlackGo uses a timestamp of the wall clock's now, since slack-go checks
// it against time.Now.
func BenchmarkSlackVerifySlackGo(b *testing.B) {
	w := &awebhook.Webhook{Provider: awebhook.Slack, Secrets: secrets([]string{benchSlack}), Clock: apisig.FixedClock(time.Now())}
	req := benchRequest(b)
	if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		b.Fatal(err)
	}
	h := req.Header
	b.ReportAllocs()
	for b.Loop() {
		sv, err := slack.NewSecretsVerifier(h, benchSlack)
		if err != nil {
			b.Fatal(err)
		}
		sv.Write(benchBody)
		if err := sv.Ensure(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloorHMACSHA256 is HMAC-SHA256 of "t." + body with a pre-keyed, reset HMAC.
func BenchmarkFloorHMACSHA256(b *testing.B) {
	m := hmac.New(sha256.New, []byte(benchStripe))
	prefix := []byte(strconv.FormatInt(now.Unix(), 10) + ".")
	var out [sha256.Size]byte
	b.ReportAllocs()
	for b.Loop() {
		m.Reset()
		m.Write(prefix)
		m.Write(benchBody)
		m.Sum(out[:0])
	}
}
