package httpsig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// TestKnobs checks that each knob changes the signature base as its catalogued mistake says
// (R01–R05), and that a correct verifier then rejects the signature.
func TestKnobs(t *testing.T) {
	ctx := context.Background()
	newReq := func() *http.Request {
		req, _ := http.NewRequest("GET", "https://example.com/p?q=1", nil)
		req.Host = "public.example.com"
		req.URL.Host = "internal:8080"
		req.Header.Set("X-Forwarded-Host", "proxy.example.net")
		return req
	}
	for _, tc := range []struct {
		knob, value string
		want        string // substring of the base with the knob set
		wantDefault string // substring of the correct base
	}{
		{"signature-params-line", "omit", "\"@query\": ?q=1", "\"@signature-params\": ("},
		{"params-order", "sorted", `;created=1795435200;keyid="ed";tag="t"`, `;created=1795435200;keyid="ed";tag="t"`},
		{"component-quoting", "unquoted", `(@method @authority @path @query)`, `("@method" "@authority" "@path" "@query")`},
		{"keyid-placement", "after-signing", `("@method" "@authority" "@path" "@query");created=1795435200;tag="t"`, `;keyid="ed";tag="t"`},
		{"authority", "url", "\"@authority\": internal:8080", "\"@authority\": public.example.com"},
		{"authority", "x-forwarded-host", "\"@authority\": proxy.example.net", "\"@authority\": public.example.com"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			base := func(p *httpsig.Profile) string {
				tr, err := p.Explain(ctx, newReq(), apisig.Credentials{})
				if err != nil {
					t.Fatal(err)
				}
				b, _ := tr.Find(apisig.StepStringToSign)
				return b
			}
			right := edSigner()
			right.Tag = "t"
			wrong := edSigner()
			wrong.Tag = "t"
			if err := wrong.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			if b := base(wrong); !strings.Contains(b, tc.want) {
				t.Errorf("base with %s=%s:\n%s\nwant it to contain %q", tc.knob, tc.value, b, tc.want)
			}
			if b := base(right); !strings.Contains(b, tc.wantDefault) {
				t.Errorf("correct base:\n%s\nwant it to contain %q", b, tc.wantDefault)
			}
			if tc.knob == "params-order" {
				return // created, keyid, tag are already in name order
			}
			req := newReq()
			if err := wrong.Sign(ctx, req, apisig.Credentials{}); err != nil {
				t.Fatal(err)
			}
			vp := &httpsig.Profile{Keys: testEdKeys, Clock: suiteClock}
			if _, err := vp.Verify(ctx, req); !errors.Is(err, apisig.ErrMismatch) {
				t.Errorf("correct verifier: %v; want ErrMismatch", err)
			}
		})
	}
	// R02 as a verifier-side mistake: a signature whose parameters are not in name order fails
	// at a verifier that sorts them (RFC 9421 B.2.1 has created, keyid, nonce: in order; build
	// one with nonce before keyid).
	p := edSigner()
	p.Nonce = apisig.NonceFunc(func() (string, error) { return "n", nil })
	p.IncludeAlg = true
	req, _ := http.NewRequest("GET", "https://example.com/", nil)
	if err := p.Sign(ctx, req, apisig.Credentials{}); err != nil {
		t.Fatal(err)
	}
	sorted := &httpsig.Profile{Keys: testEdKeys, Clock: suiteClock}
	if err := sorted.SetKnob("params-order", "sorted"); err != nil {
		t.Fatal(err)
	}
	if _, err := sorted.Verify(ctx, req); !errors.Is(err, apisig.ErrMismatch) {
		t.Errorf("sorting verifier: %v; want ErrMismatch (R02)", err)
	}
	if err := p.SetKnob("authority", "nowhere"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad value: %v", err)
	}
	if err := p.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad knob: %v", err)
	}
}
