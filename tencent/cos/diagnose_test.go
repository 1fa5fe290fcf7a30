package cos_test

import (
	"context"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/tencent/cos"
)

// TestDiagnoseFindsKnobs signs a request with each catalogued mistake and requires package
// diagnose, which turns the scheme's knobs in its verifier, to name that mistake: the
// verifier must recompute as the mistaken client did for every knob that changes a signature.
func TestDiagnoseFindsKnobs(t *testing.T) {
	if testing.Short() {
		t.Skip("searches knob pairs")
	}
	req := newRequest("PUT", bucket, "/a+b c(d)", "prefix=a%2FB+c&Key=x*(y)", "",
		"X-Cos-Meta-A", " a  b ", "Content-Type", "text/plain")
	for _, k := range []struct{ knob, value string }{
		{"path", "encoded"},
		{"path", "plus-as-space"},
		{"wire-path", "plus-literal"},
		{"sign-key", "raw"},
		{"encoding-set", "js-component"},
		{"encoding-set", "keep-slash"},
		{"lowercase", "all"},
		{"lowercase", "none"},
		{"space", "+"},
		{"header-value", "as-given"},
		{"header-value", "trimall"},
	} {
		t.Run(k.knob+"="+k.value, func(t *testing.T) {
			s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
			if err := s.SetKnob(k.knob, k.value); err != nil {
				t.Fatal(err)
			}
			r := req()
			if err := s.Sign(context.Background(), r, testCreds); err != nil {
				t.Fatal(err)
			}
			rep, err := diagnose.Diagnose(context.Background(), diagnose.Case{
				Request: r, Scheme: cos.Scheme(), Secret: testCreds.Secret, Clock: apisig.FixedClock(testTime),
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verified {
				t.Fatal("the mistaken signature verifies as correct")
			}
			for _, f := range rep.Findings {
				if f.Knobs[k.knob] == k.value && len(f.Knobs) == 1 {
					return
				}
			}
			t.Errorf("diagnose did not name %s=%s; findings: %+v", k.knob, k.value, rep.Findings)
		})
	}
}
