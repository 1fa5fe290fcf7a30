package oss_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// TestTraceRedactsToken checks that neither the secret nor the session token appears in any
// trace's text or JSON, in either placement of either version, and that the redacted steps
// still hold the full text for an explicit reveal.
func TestTraceRedactsToken(t *testing.T) {
	ctx := context.Background()
	clock := apisig.FixedClock(testTime)
	token := withToken.SessionToken.Reveal()
	v1 := &oss.V1{Clock: clock}
	v4 := &oss.V4{Region: "cn-hangzhou", Clock: clock}
	traces := map[string]func() (*apisig.Trace, error){
		"v1-header": func() (*apisig.Trace, error) {
			return v1.Explain(ctx, newRequest("GET", host, "/k", "", "")(), withToken)
		},
		"v4-header": func() (*apisig.Trace, error) {
			return v4.Explain(ctx, newRequest("GET", host, "/k", "", "")(), withToken)
		},
		"v1-presign": func() (*apisig.Trace, error) {
			_, tr, err := v1.ExplainPresign(ctx, newRequest("GET", host, "/k", "", "")(), withToken, time.Hour)
			return tr, err
		},
		"v4-presign": func() (*apisig.Trace, error) {
			_, tr, err := v4.ExplainPresign(ctx, newRequest("GET", host, "/k", "", "")(), withToken, time.Hour)
			return tr, err
		},
	}
	for name, f := range traces {
		tr, err := f()
		if err != nil {
			t.Fatal(err)
		}
		js, _ := tr.MarshalJSON()
		for _, text := range []string{tr.String(), string(js)} {
			for _, secret := range []string{token, "CAIS%2Bsts", withToken.Secret.Reveal()} {
				if strings.Contains(text, secret) {
					t.Errorf("%s: trace shows %q:\n%s", name, secret, text)
				}
			}
		}
		st, _ := tr.Step(apisig.StepStringToSign)
		cr, _ := tr.Step(apisig.StepCanonicalRequest)
		if !strings.Contains(st.Reveal()+cr.Reveal(), "CAIS+sts") && !strings.Contains(st.Reveal()+cr.Reveal(), "CAIS%2Bsts") {
			t.Errorf("%s: the revealed steps lost the token", name)
		}
	}
}
