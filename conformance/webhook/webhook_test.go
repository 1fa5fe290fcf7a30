package webhook

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apisig/apisig"
	awebhook "github.com/apisig/apisig/webhook"
	"github.com/google/go-github/v84/github"
	"github.com/slack-go/slack"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	swebhook "github.com/stripe/stripe-go/v85/webhook"
)

// deliveriesPerProvider is how many generated deliveries each differential test checks.
const deliveriesPerProvider = 10_000

// inBubble runs f with time.Now() == now for the oracles, which read the wall clock.
func inBubble(t *testing.T, f func(t *testing.T)) {
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Until(now))
		if !time.Now().Equal(now) {
			t.Fatalf("synctest clock at %v, want %v", time.Now(), now)
		}
		f(t)
	})
}

func secrets(ss []string) []apisig.Secret {
	out := make([]apisig.Secret, len(ss))
	for i, s := range ss {
		out[i] = apisig.NewSecret(s)
	}
	return out
}

// apisigSign signs body with apisig as provider p at time at, with the first secret (or every
// secret when all), and returns the request's headers. msgID is set as webhook-id first.
func apisigSign(t testing.TB, p awebhook.Provider, body []byte, ss []string, at time.Time, msgID string, all bool) http.Header {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "https://hooks.example/endpoint", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if msgID != "" {
		req.Header.Set(awebhook.HeaderStandardID, msgID)
	}
	w := &awebhook.Webhook{Provider: p, Secrets: secrets(ss), Clock: apisig.FixedClock(at), SignAll: all}
	if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		t.Fatalf("apisig %v Sign: %v", p, err)
	}
	return req.Header
}

// apisigVerdict verifies with apisig at now and names the outcome: "ok", "skewed", "mismatch",
// "malformed" or the error.
func apisigVerdict(p awebhook.Provider, h http.Header, body []byte, ss []string) string {
	w := &awebhook.Webhook{Provider: p, Secrets: secrets(ss), Clock: apisig.FixedClock(now), NoDiagnosis: true}
	_, err := w.VerifyPayload(context.Background(), h, body)
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, apisig.ErrSkewed):
		return "skewed"
	case errors.Is(err, apisig.ErrMismatch):
		return "mismatch"
	case errors.Is(err, apisig.ErrMalformed):
		return "malformed"
	}
	return "error: " + err.Error()
}

// wrongSecret returns another secret of the same form: Standard Webhooks keys stay base64.
func wrongSecret(s string) string {
	if _, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_")); err == nil && len(s) > 30 {
		return "whsec_" + base64.StdEncoding.EncodeToString([]byte("another endpoint's key: "+s))
	}
	return s + "x"
}

// tampered applies d.tamper to what the verifier sees: the body, the verifier's secrets, or
// the signature header value (through flip).
func tampered(d delivery, sigValue string, flip func(string) string) (body []byte, verifySecrets []string, sig string) {
	body, verifySecrets, sig = d.body, d.secrets, sigValue
	switch d.tamper {
	case "body":
		body = tamperBody(d.body, d.id)
	case "secret":
		verifySecrets = []string{wrongSecret(d.secrets[0])}
	case "sig":
		sig = flip(sigValue)
	}
	return
}

// TestStripe: stripe-go v85 webhook against apisig's Stripe preset over generated deliveries.
// The Stripe-Signature that GenerateTestSignedPayload writes is byte-identical to apisig's;
// stripe-go accepts every signature apisig makes with each secret of a rotation (SignAll); and
// after tampering (body, secret, signature) or ageing (at and beyond the 300 s tolerance, and
// in the future, which Stripe accepts) both verifiers reach the same verdict, with ErrTooOld
// as apisig.ErrSkewed and ErrNoValidSignature as apisig.ErrMismatch.
func TestStripe(t *testing.T) {
	inBubble(t, func(t *testing.T) {
		counts := map[string]int{}
		for _, d := range genDeliveries("stripe", 1, deliveriesPerProvider) {
			sp := swebhook.GenerateTestSignedPayload(&swebhook.UnsignedPayload{Payload: d.body, Secret: d.secrets[0], Timestamp: d.signedAt})
			h := apisigSign(t, awebhook.Stripe, d.body, d.secrets, d.signedAt, "", false)
			if got := h.Get(awebhook.HeaderStripe); got != sp.Header {
				t.Fatalf("%v: Stripe-Signature\napisig     %s\nstripe-go  %s", d, got, sp.Header)
			}
			if len(d.secrets) > 1 {
				all := apisigSign(t, awebhook.Stripe, d.body, d.secrets, d.signedAt, "", true).Get(awebhook.HeaderStripe)
				if n := strings.Count(all, ",v1="); n != len(d.secrets) {
					t.Fatalf("%v: SignAll header %q has %d v1 entries, want %d", d, all, n, len(d.secrets))
				}
				for _, s := range d.secrets {
					if err := swebhook.ValidatePayloadIgnoringTolerance(d.body, all, s); err != nil {
						t.Fatalf("%v: stripe-go rejects apisig's rotation header %q for one secret: %v", d, all, err)
					}
				}
			}
			body, vs, sig := tampered(d, sp.Header, func(s string) string { return s[:len(s)-64] + flipHex(s[len(s)-64:], d.id) })
			want := "mismatch"
			for _, s := range vs {
				err := swebhook.ValidatePayloadWithTolerance(body, sig, s, swebhook.DefaultTolerance)
				if err == nil {
					want = "ok"
					break
				}
				if errors.Is(err, swebhook.ErrTooOld) {
					want = "skewed"
					break
				}
				if !errors.Is(err, swebhook.ErrNoValidSignature) {
					t.Fatalf("%v: stripe-go: %v", d, err)
				}
			}
			hh := http.Header{}
			hh.Set(awebhook.HeaderStripe, sig)
			if got := apisigVerdict(awebhook.Stripe, hh, body, vs); got != want {
				t.Fatalf("%v: header %q: apisig says %s, stripe-go %s", d, sig, got, want)
			}
			counts[want]++
		}
		t.Logf("%d deliveries: byte-identical headers; verdicts agree: %v", deliveriesPerProvider, counts)
	})
}

// TestStandardWebhooks: the Standard Webhooks reference Go library against apisig's Standard
// preset. Its Sign output equals apisig's webhook-signature byte for byte (same webhook-id and
// webhook-timestamp); it verifies every entry of apisig's rotation header; and after tampering
// or ageing (5 minutes either way) both reach the same verdict (ErrMessageTooOld/New as
// apisig.ErrSkewed, ErrNoMatchingSignature as apisig.ErrMismatch).
func TestStandardWebhooks(t *testing.T) {
	inBubble(t, func(t *testing.T) {
		counts := map[string]int{}
		for _, d := range genDeliveries("standard", 2, deliveriesPerProvider) {
			wh, err := standardwebhooks.NewWebhook(d.secrets[0])
			if err != nil {
				t.Fatalf("%v: %v", d, err)
			}
			sig, err := wh.Sign(d.msgID, d.signedAt, d.body)
			if err != nil {
				t.Fatalf("%v: %v", d, err)
			}
			h := apisigSign(t, awebhook.Standard, d.body, d.secrets, d.signedAt, d.msgID, false)
			ts := strconv.FormatInt(d.signedAt.Unix(), 10)
			if got := h.Get(awebhook.HeaderStandardSig); got != sig || h.Get(awebhook.HeaderStandardTime) != ts || h.Get(awebhook.HeaderStandardID) != d.msgID {
				t.Fatalf("%v:\napisig   %q %q %q\nlibrary  %q %q %q", d, h.Get(awebhook.HeaderStandardID), h.Get(awebhook.HeaderStandardTime), h.Get(awebhook.HeaderStandardSig), d.msgID, ts, sig)
			}
			if len(d.secrets) > 1 {
				all := apisigSign(t, awebhook.Standard, d.body, d.secrets, d.signedAt, d.msgID, true)
				for _, s := range d.secrets {
					w, _ := standardwebhooks.NewWebhook(s)
					if err := w.VerifyIgnoringTimestamp(d.body, all); err != nil {
						t.Fatalf("%v: the library rejects apisig's rotation header %q: %v", d, all.Get(awebhook.HeaderStandardSig), err)
					}
				}
			}
			body, vs, sigv := tampered(d, sig, func(s string) string {
				b := []byte(s)
				j := 3 + d.id%40 // not the last base64 digit, whose low bits are padding
				if b[j] == 'A' {
					b[j] = 'B'
				} else {
					b[j] = 'A'
				}
				return string(b)
			})
			hh := http.Header{}
			hh.Set(standardwebhooks.HeaderWebhookID, d.msgID)
			hh.Set(standardwebhooks.HeaderWebhookTimestamp, ts)
			hh.Set(standardwebhooks.HeaderWebhookSignature, sigv)
			want := "mismatch"
			for _, s := range vs {
				w, err := standardwebhooks.NewWebhook(s)
				if err != nil {
					t.Fatalf("%v: %v", d, err)
				}
				err = w.Verify(body, hh)
				if err == nil {
					want = "ok"
					break
				}
				if errors.Is(err, standardwebhooks.ErrMessageTooOld) || errors.Is(err, standardwebhooks.ErrMessageTooNew) {
					want = "skewed"
					break
				}
				if !errors.Is(err, standardwebhooks.ErrNoMatchingSignature) {
					t.Fatalf("%v: library: %v", d, err)
				}
			}
			if got := apisigVerdict(awebhook.Standard, hh, body, vs); got != want {
				t.Fatalf("%v: webhook-signature %q: apisig says %s, the library %s", d, sigv, got, want)
			}
			counts[want]++
		}
		t.Logf("%d deliveries: byte-identical headers; verdicts agree: %v", deliveriesPerProvider, counts)
	})
}

// TestGitHub: go-github v84 (ValidatePayload, ValidateSignature) verifies apisig's
// X-Hub-Signature-256 and legacy X-Hub-Signature over JSON and form-encoded deliveries, and
// reaches apisig's verdict on tampered ones. go-github has no signer: this direction only.
func TestGitHub(t *testing.T) {
	counts := map[string]int{}
	for _, d := range genDeliveries("github", 3, deliveriesPerProvider) {
		for _, p := range []awebhook.Provider{awebhook.GitHub, awebhook.GitHubSHA1} {
			header := awebhook.HeaderGitHubSHA256
			if p == awebhook.GitHubSHA1 {
				header = awebhook.HeaderGitHubSHA1
			}
			contentType := "application/json"
			if d.id%5 == 0 {
				contentType = "application/x-www-form-urlencoded"
			}
			h := apisigSign(t, p, d.body, d.secrets, d.signedAt, "", false)
			req, _ := http.NewRequest(http.MethodPost, "https://hooks.example/github", bytes.NewReader(d.body))
			req.Header.Set("Content-Type", contentType)
			req.Header.Set(header, h.Get(header))
			if _, err := github.ValidatePayload(req, []byte(d.secrets[0])); err != nil {
				t.Fatalf("%v %v: go-github ValidatePayload rejects %s: %q: %v", d, p, header, h.Get(header), err)
			}
			body, vs, sig := tampered(d, h.Get(header), func(s string) string {
				prefix, hexSig, _ := strings.Cut(s, "=")
				return prefix + "=" + flipHex(hexSig, d.id)
			})
			want := "mismatch"
			for _, s := range vs {
				if github.ValidateSignature(sig, body, []byte(s)) == nil {
					want = "ok"
				}
			}
			hh := http.Header{}
			hh.Set(header, sig)
			if got := apisigVerdict(p, hh, body, vs); got != want {
				t.Fatalf("%v %v: %s %q: apisig says %s, go-github %s", d, p, header, sig, got, want)
			}
			counts[want]++
		}
	}
	t.Logf("%d deliveries x (sha256, sha1): go-github accepts apisig's signatures; verdicts agree: %v", deliveriesPerProvider, counts)
}

// TestSlack: slack-go v0.35 (NewSecretsVerifier, the de-facto Go verifier; Slack publishes no
// Go SDK) accepts apisig's X-Slack-Signature and reaches apisig's verdict after tampering and
// ageing (five minutes either way). slack-go has no signer: this direction only.
func TestSlack(t *testing.T) {
	inBubble(t, func(t *testing.T) {
		counts := map[string]int{}
		for _, d := range genDeliveries("slack", 4, deliveriesPerProvider) {
			h := apisigSign(t, awebhook.Slack, d.body, d.secrets, d.signedAt, "", false)
			body, vs, sig := tampered(d, h.Get(awebhook.HeaderSlackSignature), func(s string) string { return "v0=" + flipHex(s[3:], d.id) })
			hh := http.Header{}
			hh.Set(awebhook.HeaderSlackTimestamp, h.Get(awebhook.HeaderSlackTimestamp))
			hh.Set(awebhook.HeaderSlackSignature, sig)
			want := "mismatch"
			for _, s := range vs {
				sv, err := slack.NewSecretsVerifier(hh, s)
				if errors.Is(err, slack.ErrExpiredTimestamp) {
					want = "skewed"
					break
				}
				if err != nil {
					t.Fatalf("%v: slack-go: %v", d, err)
				}
				sv.Write(body)
				if sv.Ensure() == nil {
					want = "ok"
					break
				}
			}
			if got := apisigVerdict(awebhook.Slack, hh, body, vs); got != want {
				t.Fatalf("%v: %q: apisig says %s, slack-go %s", d, sig, got, want)
			}
			counts[want]++
		}
		t.Logf("%d deliveries: verdicts agree: %v", deliveriesPerProvider, counts)
	})
}
