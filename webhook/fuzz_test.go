package webhook_test

import (
	"context"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig/webhook"
)

// FuzzParseStripeSignature checks that no header panics the parser and that what it accepts
// has a decimal t and only 64-hex-digit v1 values.
func FuzzParseStripeSignature(f *testing.F) {
	for _, s := range []string{
		"t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef",
		"t=,v1=", "t,v1=,v0", "t,,", ",,", "t", "t=1,t=2,v1=" + strings.Repeat("a", 64), "t=99999999999999999999,v1=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		s, err := webhook.ParseStripeSignature(v)
		if err != nil {
			if s != nil {
				t.Fatal("error with a result")
			}
			return
		}
		if s.Timestamp == "" || len(s.V1) == 0 {
			t.Fatalf("accepted %q without t or v1: %+v", v, s)
		}
		for _, c := range s.Timestamp {
			if c < '0' || c > '9' {
				t.Fatalf("accepted t %q", s.Timestamp)
			}
		}
		for _, sig := range s.V1 {
			if b, err := hex.DecodeString(sig); err != nil || len(b) != 32 {
				t.Fatalf("accepted v1 %q", sig)
			}
		}
	})
}

// FuzzParseStandardSignatures checks the webhook-signature parser.
func FuzzParseStandardSignatures(f *testing.F) {
	for _, s := range []string{
		"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
		"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
		"v1a,abc v1,", "v1", "  ", "v1,====",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		macs, err := webhook.ParseStandardSignatures(v)
		if err != nil {
			return
		}
		for _, m := range macs {
			if len(m) != 32 {
				t.Fatalf("accepted a %d-byte MAC from %q", len(m), v)
			}
		}
	})
}

// FuzzVerifyHeaders feeds arbitrary header values to every provider's verifier: never a panic,
// never a success, always a verification sentinel.
func FuzzVerifyHeaders(f *testing.F) {
	f.Add("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "1531420618", "msg_1", []byte("Hello, World?"))
	f.Add("t=1,v1="+strings.Repeat("0", 64), "", "", []byte("{}"))
	f.Add("v0=", "abc", "", []byte(nil))
	f.Add("QNyObTlKbMx2qDlPF/ZOZcBqg5OgPg+2oky3zldc0Gw=", "1", "x", []byte("{\"a\":1}"))
	f.Fuzz(func(t *testing.T, sig, ts, id string, body []byte) {
		for _, p := range webhook.Providers() {
			w := webhook.New(p, testSecret(p))
			w.Clock = testClock
			h := http.Header{}
			for _, name := range []string{webhook.HeaderGitHubSHA256, webhook.HeaderGitHubSHA1, webhook.HeaderStripe, webhook.HeaderSlackSignature, webhook.HeaderShopify, webhook.HeaderStandardSig} {
				h.Set(name, sig)
			}
			h.Set(webhook.HeaderSlackTimestamp, ts)
			h.Set(webhook.HeaderStandardTime, ts)
			h.Set(webhook.HeaderStandardID, id)
			_, err := w.VerifyPayload(context.Background(), h, body)
			if err == nil {
				t.Fatalf("%s: random headers verify: %q %q %q", p, sig, ts, id)
			}
			if !isVerificationFailure(err) {
				t.Fatalf("%s: %v is not a verification failure", p, err)
			}
		}
	})
}

// FuzzCompareBodies feeds arbitrary bodies to the body-form catalogue (a JSON parser and four
// serialisers, form decoding, re-encodings): never a panic; a body compared with itself has
// no finding; every form that applies changes the body, and CompareBodies names a finding for
// the changed body; the JSON forms keep the JSON value.
func FuzzCompareBodies(f *testing.F) {
	for _, s := range []string{
		`{"b": [1, -0.5e+10, true, null], "a": "é\u00e9 \ud83d\ude00 <&> \u2028"}` + "\n",
		`[]`, `{}`, `"\ud800"`, "{\"k\":\"\xff\"}", `[[[[[[[[]]]]]]]]`, `{"a":1}{"b":2}`, `1e999`,
		"payload=%7B%22a%22%3A1%7D&x=a+b", "token=abc&team_id=T1&text=%zz", "caf\xe9\r\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if fs := webhook.CompareBodies(raw, raw); fs != nil {
			t.Fatalf("a body differs from itself: %+v", fs)
		}
		for form := webhook.BodyRaw + 1; form.String() != "unknown"; form++ {
			out, ok := form.Transform(raw)
			if !ok {
				continue
			}
			if string(out) == string(raw) {
				t.Fatalf("%s: Transform reports a change but returns the body unchanged", form)
			}
			if fs := webhook.CompareBodies(raw, out); len(fs) == 0 {
				t.Fatalf("%s: CompareBodies finds nothing between %q and %q", form, raw, out)
			}
			if strings.HasPrefix(form.String(), "json-") {
				// Sorted keys and escapes: one text per JSON value.
				canonical := func(b []byte) string {
					if s, ok := webhook.BodyJSONSorted.Transform(b); ok {
						return string(s)
					}
					return string(b)
				}
				if canonical(out) != canonical(raw) {
					t.Fatalf("%s: %q is not the JSON value of %q (%q vs %q)", form, out, raw, canonical(out), canonical(raw))
				}
			}
		}
	})
}
