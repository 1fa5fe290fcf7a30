package alibaba_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// FuzzHeaderVerify signs a request with each header scheme (ACS3, ROA, OpenSearch), then sets
// one header to an arbitrary value (chosen by name, or all of them when name is empty) and
// replaces the raw query and body: Verify must not panic, every failure must wrap a
// verification sentinel, and no error text may show the secret or the session token.
func FuzzHeaderVerify(f *testing.F) {
	for _, name := range []string{"Authorization", "x-acs-date", "Date", "x-acs-signature-nonce", "X-Opensearch-Nonce",
		"x-acs-content-sha256", "Content-MD5", "x-acs-security-token", "X-Opensearch-Security-Token", "x-acs-signature-method", "Host", ""} {
		f.Add(name, "", "A=1", "body")
	}
	f.Add("Authorization", "ACS3-HMAC-SHA256 Credential=LTAI5tTestKeyId,SignedHeaders=host;x-acs-date;;x-acs-date,Signature="+strings.Repeat("0", 64), "A=1", "body")
	f.Add("Authorization", "acs LTAI5tTestKeyId:goVcKXXjlvuqIxfVUk2YVPptp+k=", "a=%zz", "")
	f.Add("x-acs-date", "2026-11-23T09:30:00+08:00", "A=1&A=1&=x", "body")
	f.Add("Date", "Mon, 23 Nov 2026 09:30:00 GMT", "", "\xff")
	f.Add("Content-MD5", "not base64", "A=1", "other")
	ctx := context.Background()
	secret := testCreds.Secret.Reveal()
	token := stsCreds.SessionToken.Reveal()
	f.Fuzz(func(t *testing.T, name, value, rawQuery, body string) {
		clock := apisig.FixedClock(testTime)
		for _, s := range []interface {
			apisig.Signer
			apisig.Verifier
		}{
			&alibaba.ACS3{Clock: clock, Nonce: fixedNonce("n"), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}},
			&alibaba.ROA{Clock: clock, Nonce: fixedNonce("n"), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}},
			&alibaba.OpenSearch{Clock: clock, Nonce: fixedNonce("n"), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}},
		} {
			req := newRequest("POST", "ecs.aliyuncs.com", "/v3/p", "A=1", "body", "Content-Type", "text/plain", "x-acs-action", "RunInstances")()
			if err := s.Sign(ctx, req, stsCreds); err != nil {
				t.Fatalf("%T: Sign: %v", s, err)
			}
			if name == "" {
				for k := range req.Header {
					req.Header[k] = []string{value}
				}
			} else if strings.EqualFold(name, "Host") {
				req.Host = value
			} else {
				req.Header[http.CanonicalHeaderKey(name)] = []string{value}
			}
			req.URL.RawQuery = rawQuery
			req.Body, req.GetBody = nil, nil
			if body != "" {
				r, _ := http.NewRequest("POST", "https://x/", strings.NewReader(body))
				req.Body, req.GetBody, req.ContentLength = r.Body, r.GetBody, r.ContentLength
			}
			_, err := s.Verify(ctx, req)
			if err == nil {
				continue
			}
			if !isSentinel(err) {
				t.Fatalf("%T: Verify = %v, want a verification sentinel", s, err)
			}
			if msg := err.Error(); !strings.Contains(name+value+rawQuery+body, secret) && strings.Contains(msg, secret) ||
				!strings.Contains(name+value+rawQuery+body, token) && strings.Contains(msg, token) {
				t.Fatalf("%T: error shows a secret: %s", s, msg)
			}
		}
	})
}
