package tencent_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// FuzzParseTC3Authorization checks that no input panics the TC3 Authorization parser, and that
// what it accepts is a complete header that formats back to itself.
func FuzzParseTC3Authorization(f *testing.F) {
	for _, s := range []string{
		"TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
		"TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request,SignedHeaders=content-type;host;x-tc-action,Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f",
		"TC3-HMAC-SHA256",
		"TC3-HMAC-SHA256 Credential=a/b/c/d,,,",
		"TC3-HMAC-SHA256 Credential==, SignedHeaders=;;, Signature=",
		"TC3-HMAC-SHA256 Credential=A/2019-02-30/cvm/tc3_request, SignedHeaders=host;content-type;host, Signature=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := tencent.ParseTC3Authorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		c := a.Credential
		if c.SecretID == "" || len(c.Date) != 10 || c.Service == "" || len(a.Signature) != 64 ||
			!slices.Contains(a.SignedHeaders, "host") || !slices.Contains(a.SignedHeaders, "content-type") {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		again := tencent.TC3Algorithm + " Credential=" + c.SecretID + "/" + c.Date + "/" + c.Service + "/tc3_request, SignedHeaders=" +
			strings.Join(a.SignedHeaders, ";") + ", Signature=" + a.Signature
		b, err := tencent.ParseTC3Authorization(again)
		if err != nil {
			t.Fatalf("reformatted header %q does not parse: %v", again, err)
		}
		if b.Credential != a.Credential || b.Signature != a.Signature || !slices.Equal(b.SignedHeaders, a.SignedHeaders) {
			t.Fatalf("round trip: %+v != %+v", b, a)
		}
	})
}

// FuzzParseV1Params checks that the v1 query/form parser never panics, that what it accepts
// has unique, non-empty keys, and that it agrees with net/url on every accepted input.
func FuzzParseV1Params(f *testing.F) {
	for _, s := range []string{
		"Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12&Signature=EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D",
		"a=1&a=2", "a=%zz", "=x", "a+b=c+d&&e", "k", "%E6%9C%AA=%E5%91%BD",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ps, err := tencent.ParseV1Params(raw)
		if err != nil {
			return
		}
		want, uerr := url.ParseQuery(raw)
		if uerr != nil {
			return // net/url also rejects ';' and other inputs apisig accepts
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if p[0] == "" || seen[p[0]] {
				t.Fatalf("accepted an empty or repeated key in %q: %q", raw, ps)
			}
			seen[p[0]] = true
			if got := want[p[0]]; len(got) != 1 || got[0] != p[1] {
				t.Fatalf("%q: apisig %q=%q, net/url %q", raw, p[0], p[1], got)
			}
		}
		if len(ps) != len(want) {
			t.Fatalf("%q: apisig %d keys, net/url %d", raw, len(ps), len(want))
		}
	})
}

// FuzzVerifyTC3 feeds arbitrary Authorization, timestamp and body values to the TC3 verifier:
// it must answer with a verification error (never panic, never accept).
func FuzzVerifyTC3(f *testing.F) {
	f.Add("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2026-11-23/cvm/tc3_request, SignedHeaders=content-type;host;x-a, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", "1795397400", "{}")
	f.Add("TC3-HMAC-SHA256 Credential=x/2026-11-23/s/tc3_request, SignedHeaders=content-type;host, Signature=0000000000000000000000000000000000000000000000000000000000000000", "-1", "")
	f.Fuzz(func(t *testing.T, auth, ts, body string) {
		req, err := http.NewRequest("POST", "https://cvm.tencentcloudapi.com/", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.Header.Set("Authorization", auth)
		req.Header.Set("X-TC-Timestamp", ts)
		req.Header.Set("X-TC-Action", "A")
		req.Header.Set("X-TC-Version", "V")
		req.Header.Set("Content-Type", "application/json")
		v := &tencent.TC3{Clock: apisig.FixedClock(testTime), Keys: testKeys}
		if _, err := v.Verify(context.Background(), req); err == nil {
			t.Fatalf("forged request verified: %q %q", auth, ts)
		}
	})
}

// FuzzParseErrorBody checks that the error-body parser never panics and reads back what
// ErrorBody writes.
func FuzzParseErrorBody(f *testing.F) {
	f.Add([]byte(`{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated. Please check your signature is correct."},"RequestId":"ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"}}`))
	f.Add([]byte(`{"Response":{"RequestId":"x"}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		code, msg, id, err := tencent.ParseErrorBody(data)
		if err != nil {
			return
		}
		if code == "" {
			t.Fatal("accepted a body without a code")
		}
		_ = msg
		_ = id
	})
}

// FuzzVerifyV1 feeds arbitrary queries, form bodies and content types to the v1 verifier: it
// must never panic, and every rejection must carry one of Tencent's codes that names the input
// at fault, never InternalError (the key store and body are in order here).
func FuzzVerifyV1(f *testing.F) {
	ctx := context.Background()
	nonce := apisig.NonceFunc(func() (string, error) { return "11886", nil })
	for _, m := range []tencent.SignatureMethod{tencent.HmacSHA1, tencent.HmacSHA256} {
		s := &tencent.V1{Method: m, Clock: apisig.FixedClock(testTime), Nonce: nonce}
		get := newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=DescribeInstances&Version=2017-03-12&sp=a+b&uni=%E6%9C%AA", "")()
		if err := s.Sign(ctx, get, testCreds); err != nil {
			f.Fatal(err)
		}
		f.Add(get.URL.RawQuery, "", "")
		post := newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "Action=RunInstances&Version=2017-03-12&InstanceName=web+server", "Content-Type", "application/x-www-form-urlencoded")()
		if err := s.Sign(ctx, post, testCreds); err != nil {
			f.Fatal(err)
		}
		body, _ := io.ReadAll(post.Body)
		f.Add("", string(body), "application/x-www-form-urlencoded; charset=utf-8")
	}
	f.Add("Signature=x&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Nonce=0&Timestamp=+1795397400&SignatureMethod=HmacMD5", "a=%zz", "application/x-www-form-urlencoded")
	f.Add("Signature=&&=&Nonce=99999999999999999999999", "Nonce=1&Nonce=2", "multipart/form-data; boundary=x")
	f.Fuzz(func(t *testing.T, query, body, contentType string) {
		method := "GET"
		if body != "" {
			method = "POST"
		}
		req, err := http.NewRequest(method, "https://cvm.tencentcloudapi.com/", strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.URL.RawQuery = query
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		v := &tencent.V1{Clock: apisig.FixedClock(testTime), Keys: testKeys}
		if _, err := v.Verify(ctx, req); err != nil {
			if code := tencent.ErrorCode(err); code == tencent.CodeInternalError || err.Error() == "" {
				t.Fatalf("unclassified rejection %q: %v", code, err)
			}
		}
	})
}
