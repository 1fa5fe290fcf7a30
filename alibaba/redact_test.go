package alibaba_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// TestTracesHideSessionToken: an STS token appears in the signed request but never in a
// trace's text or JSON, plain or percent-encoded once or twice (the RPC string to sign encodes
// the query twice).
func TestTracesHideSessionToken(t *testing.T) {
	tok := stsCreds.SessionToken.Reveal()
	once := url.QueryEscape(tok)
	forms := []string{tok, once, url.QueryEscape(once), strings.ReplaceAll(once, "+", "%20")}
	clock := apisig.FixedClock(testTime)
	for name, s := range map[string]apisig.Signer{
		"rpc":        &alibaba.RPC{Clock: clock, Nonce: fixedNonce("n")},
		"acs3":       &alibaba.ACS3{Clock: clock, Nonce: fixedNonce("n")},
		"roa":        &alibaba.ROA{Clock: clock, Nonce: fixedNonce("n")},
		"opensearch": &alibaba.OpenSearch{Clock: clock, Nonce: fixedNonce("n")},
	} {
		tr, err := s.Explain(context.Background(), newRequest("GET", "h", "/", "A=1", "")(), stsCreds)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(tr)
		for _, f := range forms {
			if strings.Contains(tr.String(), f) || strings.Contains(string(js), f) {
				t.Errorf("%s: trace shows the session token as %q", name, f)
			}
		}
		if strings.Contains(tr.String(), stsCreds.Secret.Reveal()) {
			t.Errorf("%s: trace shows the secret", name)
		}
	}
}

// TestRPCErrorHidesSessionToken: a session token that is not UTF-8 is refused, by the signer
// and by the verifier, without showing it in the error.
func TestRPCErrorHidesSessionToken(t *testing.T) {
	tok := "CAIS\xffsecret-token"
	creds := apisig.Credentials{AccessKeyID: testCreds.AccessKeyID, Secret: testCreds.Secret, SessionToken: apisig.NewSecret(tok)}
	s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n")}
	err := s.Sign(context.Background(), newRequest("GET", "ecs.aliyuncs.com", "/", "A=1", "")(), creds)
	if err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("Sign = %v, want an error without the token", err)
	}
	req := signedRPC(t, testTime, "n")
	req.URL.RawQuery += "&SecurityToken=" + url.QueryEscape(tok)
	_, err = rpcVerifier().Verify(context.Background(), req)
	if err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Errorf("Verify = %v, want an error without the token", err)
	}
}
