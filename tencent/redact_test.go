package tencent_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// TestTraceHidesSessionToken: a session token with characters that v1 percent-encodes (as STS
// tokens have) appears in no step of a trace, as text or JSON, raw or encoded.
func TestTraceHidesSessionToken(t *testing.T) {
	const token = "Token/With+Chars= Space"
	creds := testCreds
	creds.SessionToken = apisig.NewSecret(token)
	forms := []string{token, strings.ToLower(token), "Token%2FWith%2BChars%3D+Space"}
	ctx := context.Background()
	for _, c := range []struct {
		name string
		s    apisig.Signer
		req  func() *http.Request
	}{
		{"v1-get", &tencent.V1{Clock: apisig.FixedClock(testTime)}, newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A&Version=1", "")},
		{"v1-post", &tencent.V1{Clock: apisig.FixedClock(testTime)}, newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "Action=A&Version=1", "Content-Type", "application/x-www-form-urlencoded")},
		{"tc3", &tencent.TC3{Clock: apisig.FixedClock(testTime), SignedHeaders: []string{"x-tc-token"}, Action: "A", Version: "1"}, newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "{}")},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr, err := c.s.(interface {
				Explain(context.Context, *http.Request, apisig.Credentials) (*apisig.Trace, error)
			}).Explain(ctx, c.req(), creds)
			if err != nil {
				t.Fatal(err)
			}
			j, err := tr.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range forms {
				if strings.Contains(tr.String(), f) || strings.Contains(string(j), f) {
					t.Errorf("trace shows the session token as %q:\n%s", f, tr)
				}
			}
		})
	}
}
