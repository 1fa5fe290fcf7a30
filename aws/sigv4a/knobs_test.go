package sigv4a_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv4a"
)

// TestKnobs: SigV4a's knobs are SigV4's canonical-request knobs, and change SigV4a's canonical
// request as their rules say (A09, the port dropped from the signed host, is catalogued for
// SigV4a too).
func TestKnobs(t *testing.T) {
	for _, tc := range []struct {
		knob, value       string
		service           string
		req               func() *http.Request
		want, wantDefault string
	}{
		{"hex-case", "lower", "service", newRequest("GET", "h", "/ä", "", ""), "\n/%25c3%25a4\n", "\n/%25C3%25A4\n"},
		{"space", "+", "service", newRequest("GET", "h", "/", "a=b+c", ""), "\na=b+c\n", "\na=b%20c\n"},
		{"query-sort", "raw", "service", newRequest("GET", "h", "/", "%5B=2&A=1", ""), "\nA=1&%5B=2\n", "\n%5B=2&A=1\n"},
		{"header-value", "trim", "service", newRequest("GET", "h", "/", "", "", "X-A", " a   b "), "x-a:a   b\n", "x-a:a b\n"},
		{"host-port", "strip", "s3", newRequest("GET", "h.example:9000", "/", "", ""), "host:h.example\n", "host:h.example:9000\n"},
		{"path-normalization", "off", "service", newRequest("GET", "h", "/a/../b", "", ""), "\n/a/../b\n", "\n/b\n"},
		{"payload-hash", "unsigned", "service", newRequest("POST", "h", "/", "", "body"), "\nUNSIGNED-PAYLOAD", "\n230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			cr := func(set bool) string {
				s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: tc.service, Clock: apisig.FixedClock(testTime), Deterministic: true}
				if set {
					if err := s.SetKnob(tc.knob, tc.value); err != nil {
						t.Fatal(err)
					}
				}
				tr, err := s.Explain(context.Background(), tc.req(), testCreds)
				if err != nil {
					t.Fatal(err)
				}
				v, _ := tr.Find(apisig.StepCanonicalRequest)
				return v
			}
			if got := cr(false); !strings.Contains(got, tc.wantDefault) {
				t.Errorf("default: canonical request %q does not contain %q", got, tc.wantDefault)
			}
			if got := cr(true); !strings.Contains(got, tc.want) {
				t.Errorf("%s=%s: canonical request %q does not contain %q", tc.knob, tc.value, got, tc.want)
			}
		})
	}
	s := &sigv4a.SigV4a{}
	for _, k := range s.Knobs() {
		switch k.Name {
		case "scope-region", "key-derivation", "session-token":
			t.Errorf("knob %s listed, but it does not apply to SigV4a", k.Name)
		}
	}
}
