package oauth1_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

// twitterBase is the published base string of Twitter's example.
const twitterBase = "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"

// TestKnobBaseStrings checks knobs whose effect on Twitter's published base string can be
// written down from the mistake's description.
func TestKnobBaseStrings(t *testing.T) {
	const statusPart = "%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
	for _, tc := range []struct {
		knob, value string
		want        string
	}{
		{"space", "%20", twitterBase},
		{"space", "+", strings.ReplaceAll(twitterBase, "%2520", "%2B")},
		{"js-marks", "literal", strings.ReplaceAll(twitterBase, "%2521", "!")},
		{"comma", "literal", strings.ReplaceAll(twitterBase, "%252C", ",")}, // both encoding passes leave it
		{"base-uri-query", "kept", strings.Replace(twitterBase, "update.json&", "update.json%3Finclude_entities%3Dtrue&", 1)},
		{"body-params", "left-out", strings.Replace(twitterBase, statusPart, "", 1)},
		{"port", "add-default", strings.Replace(twitterBase, "api.twitter.com%2F", "api.twitter.com%3A443%2F", 1)},
		{"hex-case", "lower", lowerEscapes(twitterBase)},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			s := twitterSigner()
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			tr, err := s.Explain(context.Background(), twitterRequest(), testCreds)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := tr.Lookup("signature base string"); got != tc.want {
				t.Errorf("base string\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// lowerEscapes lower-cases the hex digits of every %XY escape, both levels.
func lowerEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lower(b[i+1]), lower(b[i+2])
			if b[i+1] == '2' && b[i+2] == '5' && i+4 < len(b) { // an escape escaped again
				b[i+3], b[i+4] = lower(b[i+3]), lower(b[i+4])
			}
		}
	}
	return string(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// TestKnobKeys checks the key forms on RFC 5849's temporary-credentials request (no token
// secret) and on Twitter's example.
func TestKnobKeys(t *testing.T) {
	for _, tc := range []struct {
		value     string
		ts        string
		wantKey   string
		published string
	}{
		{"encoded", "", "kd94hf93k423kf44&", "74KNZJeDHnMBp0EMJ9ZHt/XKycU="},
		{"no-amp-when-empty", "", "kd94hf93k423kf44", ""},
		{"encoded", "pfkkdhi9sl3r4s00", "kd94hf93k423kf44&pfkkdhi9sl3r4s00", ""},
		{"consumer-only", "pfkkdhi9sl3r4s00", "kd94hf93k423kf44&", ""},
		{"unencoded", "a&b", "kd94hf93k423kf44&a&b", ""},
	} {
		t.Run(tc.value+"/"+tc.ts, func(t *testing.T) {
			s := &oauth1.Signer{OmitVersion: true, Callback: "http://printer.example.com/ready",
				Clock: apisig.FixedClock(time.Unix(137131200, 0)),
				Nonce: apisig.NonceFunc(func() (string, error) { return "wIjqoS", nil })}
			if err := s.SetKnob("key", tc.value); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("POST", "https://photos.example.net/initiate", nil)
			creds := apisig.Credentials{AccessKeyID: "dpf43f3p2l4k3l03", Secret: apisig.NewSecret("kd94hf93k423kf44"), SessionToken: apisig.NewSecret(tc.ts)}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			step, _ := tr.Step(apisig.StepKey)
			if got := step.Reveal(); got != tc.wantKey {
				t.Errorf("key = %q, want %q", got, tc.wantKey)
			}
			if tc.published != "" && !strings.Contains(req.Header.Get("Authorization"), oauth1.Escape(tc.published)) {
				t.Errorf("Authorization %s lacks the published signature %s", req.Header.Get("Authorization"), tc.published)
			}
		})
	}
}

// TestVersionNote reproduces the note of the RFC 5849 temporary-credentials vector: adding
// oauth_version=1.0 gives msrTmwtDEKqeVXeJaufuiXOpbJI=.
func TestVersionNote(t *testing.T) {
	s := &oauth1.Signer{Callback: "http://printer.example.com/ready",
		Clock: apisig.FixedClock(time.Unix(137131200, 0)),
		Nonce: apisig.NonceFunc(func() (string, error) { return "wIjqoS", nil })}
	req, _ := http.NewRequest("POST", "https://photos.example.net/initiate", nil)
	creds := apisig.Credentials{AccessKeyID: "dpf43f3p2l4k3l03", Secret: apisig.NewSecret("kd94hf93k423kf44")}
	if err := s.Sign(context.Background(), req, creds); err != nil {
		t.Fatal(err)
	}
	if want := oauth1.Escape("msrTmwtDEKqeVXeJaufuiXOpbJI="); !strings.Contains(req.Header.Get("Authorization"), want) {
		t.Errorf("Authorization %s, want signature %s", req.Header.Get("Authorization"), want)
	}
}

// TestEveryKnobValueChangesTheSignature signs requests that exercise every knob and checks each
// wrong value gives a different signature, and the right one the same.
func TestEveryKnobValueChangesTheSignature(t *testing.T) {
	reqs := []func() *http.Request{
		func() *http.Request {
			r, _ := http.NewRequest("POST", "https://API.example.com:443/a?x=~!*'(),%20y&x=a&b=1",
				strings.NewReader("b=2&c=~!*'() ,"))
			r.Header.Set("Content-Type", "application/json") // body-params=always parses it anyway
			return r
		},
		func() *http.Request {
			r, _ := http.NewRequest("POST", "https://api.example.com:8443/a%2Fb?A=1&%5B=2&a=b+c", strings.NewReader("z=1&z=0"))
			r.Header.Set("Content-Type", form)
			return r
		},
	}
	sign := func(s *oauth1.Signer, token string, ts apisig.Secret) []string {
		var out []string
		for _, nr := range reqs {
			c := *s
			c.Token = token
			creds := testCreds
			creds.Secret = apisig.NewSecret("cs+/=")
			creds.SessionToken = ts
			r := nr()
			if err := c.Sign(context.Background(), r, creds); err != nil {
				t.Fatal(err)
			}
			out = append(out, r.Header.Get("Authorization"))
		}
		return out
	}
	base := twitterSigner()
	base.Realm = "Photos"
	for _, k := range base.Knobs() {
		for i, v := range k.Values {
			s := twitterSigner()
			s.Realm = "Photos"
			if err := s.SetKnob(k.Name, v); err != nil {
				t.Fatal(err)
			}
			changed := false
			for _, tok := range []struct {
				token string
				ts    apisig.Secret
			}{{testToken, testCreds.SessionToken}, {"", apisig.Secret{}}} {
				a, b := sign(base, tok.token, tok.ts), sign(s, tok.token, tok.ts)
				for j := range a {
					if sigOf(a[j]) != sigOf(b[j]) {
						changed = true
					}
				}
			}
			if (i == 0) == changed {
				t.Errorf("knob %s=%s: signature changed = %v", k.Name, v, changed)
			}
		}
	}
	s := twitterSigner()
	if err := s.SetKnob("space", "plus"); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "%20, +") {
		t.Errorf("bad value: %v", err)
	}
	if err := s.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "repeated-params") {
		t.Errorf("unknown knob: %v", err)
	}
	for _, k := range s.Knobs() {
		for _, id := range k.Mistakes {
			if len(id) != 3 || id[0] != 'G' {
				t.Errorf("knob %s: mistake id %q is not an OAuth row of MISTAKES.md", k.Name, id)
			}
		}
	}
}

func sigOf(authz string) string {
	_, sig, _ := strings.Cut(authz, "oauth_signature=")
	return sig
}
