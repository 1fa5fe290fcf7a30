package alibaba_test

import (
	"context"
	"crypto/fips140"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// TestFIPSOnly runs under GODEBUG=fips140=only (scripts may run it so): the HMAC-SHA1 schemes
// must return a clear error, not panic; ACS3 (HMAC-SHA256) still signs.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		t.Skip("run with GODEBUG=fips140=only")
	}
	ctx := context.Background()
	for name, s := range map[string]apisig.Signer{"rpc": &alibaba.RPC{}, "roa": &alibaba.ROA{}, "opensearch": &alibaba.OpenSearch{}} {
		err := s.Sign(ctx, newRequest("GET", "h", "/", "A=1", "")(), testCreds)
		if !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%s: Sign = %v, want ErrInvalidInput naming FIPS", name, err)
		}
	}
	if err := (&alibaba.ACS3{}).Sign(ctx, newRequest("GET", "h", "/", "A=1", "")(), testCreds); err != nil {
		t.Errorf("acs3: %v", err)
	}
}

func md5Base64(s string) string {
	sum := md5.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// TestHeaderKnobs checks the ROA and OpenSearch knobs on their string to sign.
func TestHeaderKnobs(t *testing.T) {
	ctx := context.Background()
	post := func() func() *http.Request {
		return newRequest("POST", "cs.aliyuncs.com", "/a b/ä", "x=1", "body", "Content-Type", "text/plain")
	}
	for _, tc := range []struct {
		s interface {
			apisig.Signer
			apisig.Tunable
		}
		knob, val  string
		step, want string
	}{
		{&alibaba.ROA{Nonce: fixedNonce("n")}, "content-md5", "omitted", "string to sign", "POST\n\n\ntext/plain\n"},
		{&alibaba.ROA{Nonce: fixedNonce("n")}, "empty-header-lines", "dropped", "string to sign", "POST\n" + md5Base64("body") + "\ntext/plain\n"},
		{&alibaba.ROA{Nonce: fixedNonce("n")}, "resource", "as-sent", "canonicalized resource", "/a%20b/%C3%A4?x=1"},
		{&alibaba.ROA{Nonce: fixedNonce("n")}, "key", "secret&", "HMAC key = AccessKeySecret + \"&\"", ""},
		{&alibaba.OpenSearch{Nonce: fixedNonce("n")}, "hex-case", "lower", "canonicalized resource", "/a%20b/%c3%a4?x=1"},
		{&alibaba.OpenSearch{Nonce: fixedNonce("n")}, "content-md5", "omitted", "string to sign", "POST\n\ntext/plain\n"},
	} {
		if err := tc.s.SetKnob(tc.knob, tc.val); err != nil {
			t.Fatal(err)
		}
		var tr *apisig.Trace
		var err error
		tr, err = tc.s.Explain(ctx, post()(), testCreds)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := tr.Lookup(tc.step)
		if !ok || !strings.Contains(got, tc.want) {
			t.Errorf("%T %s=%s: %s = %q, want it to contain %q", tc.s, tc.knob, tc.val, tc.step, got, tc.want)
		}
	}
}
