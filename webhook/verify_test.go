package webhook_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// signed returns headers for body signed by p with secret at time at (a sender's view).
func signed(t *testing.T, p webhook.Provider, secret, body string, at time.Time, knobs ...string) http.Header {
	t.Helper()
	w := webhook.New(p, secret)
	w.Clock = apisig.FixedClock(at)
	for i := 0; i+1 < len(knobs); i += 2 {
		if err := w.SetKnob(knobs[i], knobs[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	req := newDelivery(body)
	req.Header.Set(webhook.HeaderStandardID, "msg_1")
	if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		t.Fatal(err)
	}
	return req.Header
}

const jsonBody = "{\n  \"id\": \"evt_1\",\n  \"name\": \"caf\u00e9\",\n  \"amount\": 100\n}\n"

func TestVerifyFailures(t *testing.T) {
	stripeSecret := testSecret(webhook.Stripe)
	for _, tc := range []struct {
		name     string
		p        webhook.Provider
		secrets  []string
		header   func(t *testing.T) http.Header
		body     string
		want     error
		reason   webhook.Reason
		bodyForm webhook.BodyForm
	}{
		{name: "stripe ok with rotation", p: webhook.Stripe, secrets: []string{"whsec_new", stripeSecret},
			header: func(t *testing.T) http.Header { return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime) }, body: jsonBody},
		{name: "stripe several v1, one valid", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header {
				h := signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime)
				h.Set(webhook.HeaderStripe, h.Get(webhook.HeaderStripe)+",v1="+strings.Repeat("ab", 32)+",v0=zz")
				return h
			}, body: jsonBody},
		{name: "stripe too old", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime.Add(-301*time.Second))
			},
			body: jsonBody, want: apisig.ErrSkewed, reason: webhook.ReasonTimestampOutsideTolerance},
		{name: "stripe in the future is accepted as Stripe's SDKs do", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime.Add(time.Hour))
			}, body: jsonBody},
		{name: "stripe milliseconds", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime.Add(-time.Hour), "timestamp-unit", "milliseconds")
			},
			body: jsonBody, reason: webhook.ReasonTimestampMilliseconds, want: apisig.ErrSkewed},
		{name: "stripe api key as secret", p: webhook.Stripe, secrets: []string{"sk_test_4eC39HqLyjWDarjtT1zdp7dc"},
			header: func(t *testing.T) http.Header { return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime) },
			body:   jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonWrongSecretType},
		{name: "stripe body re-serialised by the sender", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Stripe, stripeSecret, jsonBody, testTime, "body", "json-compact")
			},
			body: jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyJSONCompact},
		{name: "github body sorted", p: webhook.GitHub, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.GitHub, "s", jsonBody, testTime, "body", "json-sorted")
			},
			body: jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyJSONSorted},
		{name: "github trailing newline lost", p: webhook.GitHub, secrets: []string{"s"},
			header: func(t *testing.T) http.Header { return signed(t, webhook.GitHub, "s", jsonBody, testTime) },
			body:   strings.TrimSuffix(jsonBody, "\n"), want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyTrailingNewline},
		{name: "github python json.dumps", p: webhook.GitHub, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.GitHub, "s", jsonBody, testTime, "body", "json-python")
			},
			body: jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyJSONPython},
		{name: "github ascii decode", p: webhook.GitHub, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.GitHub, "s", jsonBody, testTime, "body", "ascii-replace")
			},
			body: jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyASCIIReplace},
		{name: "github sha1 header only", p: webhook.GitHub, secrets: []string{"s"},
			header: func(t *testing.T) http.Header { return signed(t, webhook.GitHubSHA1, "s", jsonBody, testTime) },
			body:   jsonBody, want: apisig.ErrNotSigned, reason: webhook.ReasonOtherProvider},
		{name: "slack delivery sent to a stripe endpoint", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(t *testing.T) http.Header { return signed(t, webhook.Slack, "s", jsonBody, testTime) },
			body:   jsonBody, want: apisig.ErrNotSigned, reason: webhook.ReasonOtherProvider},
		{name: "slack stale", p: webhook.Slack, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Slack, "s", jsonBody, testTime.Add(6*time.Minute))
			},
			body: jsonBody, want: apisig.ErrSkewed, reason: webhook.ReasonTimestampOutsideTolerance},
		{name: "slack form re-encoded", p: webhook.Slack, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Slack, "s", "text=a%20b&command=%2Fx", testTime, "body", "form-reencoded")
			},
			body: "text=a%20b&command=%2Fx", want: apisig.ErrMismatch, reason: webhook.ReasonBodyReserialized, bodyForm: webhook.BodyFormReencoded},
		{name: "shopify hex", p: webhook.Shopify, secrets: []string{"s"},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Shopify, "s", jsonBody, testTime, "mac-encoding", "hex")
			},
			body: jsonBody, want: apisig.ErrMalformed, reason: webhook.ReasonSignatureEncoding},
		{name: "standard whsec as text", p: webhook.Standard, secrets: []string{testSecret(webhook.Standard)},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Standard, testSecret(webhook.Standard), jsonBody, testTime, "standard-key", "whsec-text")
			},
			body: jsonBody, want: apisig.ErrMismatch, reason: webhook.ReasonSecretEncoding},
		{name: "standard too new", p: webhook.Standard, secrets: []string{testSecret(webhook.Standard)},
			header: func(t *testing.T) http.Header {
				return signed(t, webhook.Standard, testSecret(webhook.Standard), jsonBody, testTime.Add(5*time.Minute+time.Second))
			},
			body: jsonBody, want: apisig.ErrSkewed},
		{name: "standard multi-signature", p: webhook.Standard, secrets: []string{testSecret(webhook.Standard)},
			header: func(t *testing.T) http.Header {
				h := signed(t, webhook.Standard, testSecret(webhook.Standard), jsonBody, testTime)
				h.Set(webhook.HeaderStandardSig, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "+h.Get(webhook.HeaderStandardSig))
				return h
			}, body: jsonBody},
		{name: "stripe malformed", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(*testing.T) http.Header {
				return http.Header{"Stripe-Signature": {"t=abc,v1=" + strings.Repeat("0", 64)}}
			},
			body: jsonBody, want: apisig.ErrMalformed},
		{name: "stripe no v1", p: webhook.Stripe, secrets: []string{stripeSecret},
			header: func(*testing.T) http.Header {
				return http.Header{"Stripe-Signature": {"t=1,v0=" + strings.Repeat("0", 64)}}
			},
			body: jsonBody, want: apisig.ErrMalformed},
		{name: "github wrong prefix", p: webhook.GitHub, secrets: []string{"s"},
			header: func(*testing.T) http.Header {
				return http.Header{"X-Hub-Signature-256": {"sha1=" + strings.Repeat("0", 40)}}
			},
			body: jsonBody, want: apisig.ErrMalformed},
		{name: "slack non-numeric timestamp", p: webhook.Slack, secrets: []string{"s"},
			header: func(*testing.T) http.Header {
				return http.Header{"X-Slack-Signature": {"v0=" + strings.Repeat("0", 64)}, "X-Slack-Request-Timestamp": {"12:00"}}
			},
			body: jsonBody, want: apisig.ErrMalformed},
		{name: "nothing", p: webhook.Shopify, secrets: []string{"s"}, header: func(*testing.T) http.Header { return http.Header{} }, body: jsonBody, want: apisig.ErrNotSigned},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := webhook.New(tc.p, tc.secrets...)
			w.Clock = testClock
			_, err := w.VerifyPayload(context.Background(), tc.header(t), []byte(tc.body))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("VerifyPayload = %v; want success", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("VerifyPayload = %v; want %v", err, tc.want)
			}
			if tc.reason == 0 {
				return
			}
			var f *webhook.Failure
			if !errors.As(err, &f) || !f.Has(tc.reason) {
				t.Fatalf("VerifyPayload = %v; want a %s finding", err, tc.reason)
			}
			if tc.bodyForm != 0 && f.Findings[len(f.Findings)-1].Body != tc.bodyForm {
				t.Errorf("finding %+v; want body form %s", f.Findings, tc.bodyForm)
			}
			var mm *apisig.MismatchError
			if errors.Is(err, apisig.ErrMismatch) && (!errors.As(err, &mm) || mm.Trace == nil) {
				t.Errorf("mismatch without a trace: %v", err)
			}
		})
	}
}

func TestCompareBodies(t *testing.T) {
	raw := []byte("{\"b\": 1, \"a\": \"\u00e9<\"}\n")
	for _, tc := range []struct {
		name   string
		hashed string
		want   webhook.BodyForm
		none   bool
	}{
		{"equal", string(raw), 0, true},
		{"compact", "{\"b\":1,\"a\":\"\u00e9<\"}", webhook.BodyJSONCompact, false},
		{"sorted", "{\"a\":\"\u00e9\\u003c\",\"b\":1}", webhook.BodyJSONSorted, false},
		{"python", "{\"b\": 1, \"a\": \"\\u00e9<\"}", webhook.BodyJSONPython, false},
		{"newline", strings.TrimSuffix(string(raw), "\n"), webhook.BodyNoTrailingNewline, false},
		{"other JSON serialisation", "{ \"a\" : \"\\u00E9<\" , \"b\" : 1 }", webhook.BodyRaw, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := webhook.CompareBodies(raw, []byte(tc.hashed))
			if tc.none {
				if fs != nil {
					t.Fatalf("CompareBodies = %+v; want nil", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Reason != webhook.ReasonBodyReserialized || fs[0].Body != tc.want {
				t.Fatalf("CompareBodies = %+v; want body form %s", fs, tc.want)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	w := webhook.New(webhook.Standard, testSecret(webhook.Standard))
	w.Clock = testClock
	w.Replay = &apisig.MemoryReplay{Clock: testClock}
	h := signed(t, webhook.Standard, testSecret(webhook.Standard), jsonBody, testTime)
	if _, err := w.VerifyPayload(context.Background(), h, []byte(jsonBody)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.VerifyPayload(context.Background(), h, []byte(jsonBody)); !errors.Is(err, apisig.ErrReplayed) {
		t.Fatalf("second delivery: %v; want ErrReplayed", err)
	}
}

func TestMiddleware(t *testing.T) {
	w := webhook.New(webhook.GitHub, "s")
	var got string
	h := webhook.Middleware(w, 64)(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		if _, ok := apisig.VerifiedFrom(r.Context()); !ok {
			t.Error("no Verified in the context")
		}
	}))
	body := `{"a": 1}`
	for _, tc := range []struct {
		name string
		body string
		sig  http.Header
		code int
	}{
		{"ok", body, signed(t, webhook.GitHub, "s", body, testTime), 200},
		{"forged", body, signed(t, webhook.GitHub, "t", body, testTime), 403},
		{"unsigned", body, http.Header{}, 401},
		{"too big", strings.Repeat("x", 65), signed(t, webhook.GitHub, "s", strings.Repeat("x", 65), testTime), 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = ""
			req := httptest.NewRequest("POST", "/hook", strings.NewReader(tc.body))
			for k, v := range tc.sig {
				req.Header[k] = v
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.code {
				t.Fatalf("status %d; want %d (%s)", rec.Code, tc.code, rec.Body)
			}
			if tc.code == 200 && got != tc.body {
				t.Errorf("handler read %q; want the raw body %q", got, tc.body)
			}
			if tc.code == 403 && strings.Contains(rec.Body.String(), "signed payload") {
				t.Error("403 answer carries the verifier's trace")
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	ctx := context.Background()
	if err := (&webhook.Webhook{}).Sign(ctx, newDelivery("x"), apisig.Credentials{Secret: apisig.NewSecret("s")}); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("zero provider: %v", err)
	}
	if err := webhook.New(webhook.GitHub).Sign(ctx, newDelivery("x"), apisig.Credentials{}); !errors.Is(err, apisig.ErrNoCredentials) {
		t.Errorf("no secret: %v", err)
	}
	if err := webhook.New(webhook.Standard, "whsec_!!!").Sign(ctx, newDelivery("x"), apisig.Credentials{}); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad whsec: %v", err)
	}
	req := newDelivery("x")
	req.GetBody = nil
	req.Body = io.NopCloser(strings.NewReader("x"))
	if err := webhook.New(webhook.GitHub, "s").Sign(ctx, req, apisig.Credentials{}); !errors.Is(err, apisig.ErrBodyNotReplayable) {
		t.Errorf("one-shot body: %v", err)
	}
	if _, err := (&webhook.Webhook{Provider: webhook.GitHub}).VerifyPayload(ctx, signed(t, webhook.GitHub, "s", "x", testTime), []byte("x")); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("no secrets: %v", err)
	}
}

// TestSignAll signs with every secret, as Stripe and Standard Webhooks do during a rotation:
// a verifier that knows only one of the secrets accepts the delivery.
func TestSignAll(t *testing.T) {
	for _, p := range []webhook.Provider{webhook.Stripe, webhook.Standard} {
		t.Run(p.String(), func(t *testing.T) {
			oldSecret, newSecret := testSecret(p), "whsec_bmV3X3NlY3JldF9mb3Jfcm90YXRpb24="
			w := webhook.New(p, newSecret, oldSecret)
			w.Clock, w.SignAll = testClock, true
			req := newDelivery(jsonBody)
			req.Header.Set(webhook.HeaderStandardID, "msg_1")
			if err := w.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
				t.Fatal(err)
			}
			for _, only := range []string{oldSecret, newSecret} {
				v := webhook.New(p, only)
				v.Clock = testClock
				if _, err := v.Verify(context.Background(), req); err != nil {
					t.Errorf("verifier with one secret: %v (header %v)", err, req.Header)
				}
			}
		})
	}
	w := webhook.New(webhook.GitHub, "a", "b")
	w.SignAll = true
	if err := w.Sign(context.Background(), newDelivery("x"), apisig.Credentials{}); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("GitHub SignAll: %v", err)
	}
}

// TestConcurrent signs and verifies from many goroutines with one Webhook (run with -race).
func TestConcurrent(t *testing.T) {
	w := webhook.New(webhook.Standard, testSecret(webhook.Standard), "whsec_b2xkX3NlY3JldF9yb3RhdGVkX291dA==")
	w.Clock = testClock
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for range 20 {
				req := newDelivery(strings.Repeat("x", i+1))
				if err = w.Sign(context.Background(), req, apisig.Credentials{}); err == nil {
					_, err = w.Verify(context.Background(), req)
				}
				if err != nil {
					break
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
