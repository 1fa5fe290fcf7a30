package paypal_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/paypal"
)

// TestSignMatchesExplain ties Sign to Explain's trace, for each dialect: Sign places the
// header Explain's placement step shows, and that header's signature is HMAC-SHA1 of the
// trace's base string under the trace's key, recomputed here with crypto/hmac.
func TestSignMatchesExplain(t *testing.T) {
	requests := []struct {
		name string
		req  func() *http.Request
	}{
		{"permissions", get("svcs.sandbox.paypal.com", "/Permissions/GetBasicPersonalData", "")},
		{"query-awkward", get("SVCS.paypal.com:8443", "/AdaptivePayments/Pay", awkwardQuery)},
		{"default-port", get("svcs.paypal.com:443", "/nvp", "METHOD=GetBalance&VERSION=94")},
		{"lower-method", func() *http.Request {
			r := get("api-3t.paypal.com", "/nvp/a%2Fb", "x=%2F")()
			r.Method = "post"
			return r
		}},
	}
	for _, rc := range requests {
		for _, d := range []paypal.Dialect{{}, {UpperHex: true}, {RFC3986: true}, {PPHeader: true}} {
			s := newSigner()
			s.Dialect = d
			a, b := rc.req(), rc.req()
			if err := s.Sign(context.Background(), a, testCreds); err != nil {
				t.Fatal(err)
			}
			tr, err := s.Explain(context.Background(), b, testCreds)
			if err != nil {
				t.Fatal(err)
			}
			name := paypal.Header
			if d.PPHeader {
				name = "X-PP-AUTHORIZATION"
			}
			got := a.Header.Get(name)
			if placed, _ := tr.Lookup(name); got == "" || placed != got || b.Header.Get(name) != got {
				t.Errorf("%s %+v: Sign placed %q, Explain %q (trace %q)", rc.name, d, got, b.Header.Get(name), placed)
			}
			base, _ := tr.Find(apisig.StepStringToSign)
			m := hmac.New(sha1.New, []byte(stepSecret(tr, apisig.StepKey)))
			m.Write([]byte(base))
			want := base64.StdEncoding.EncodeToString(m.Sum(nil))
			if sig, _ := tr.Find(apisig.StepSignature); sig != want || !strings.Contains(got, ",signature="+want+",") {
				t.Errorf("%s %+v: header %q, trace signature %q, HMAC of the trace's base string %q", rc.name, d, got, sig, want)
			}
		}
	}
}

func stepSecret(tr *apisig.Trace, kind apisig.StepKind) string {
	for _, st := range tr.Steps {
		if st.Kind == kind {
			return st.Reveal()
		}
	}
	return ""
}
