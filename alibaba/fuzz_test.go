package alibaba_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// isSentinel reports whether err wraps one of apisig's verification sentinels.
func isSentinel(err error) bool {
	for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrUnknownKey, apisig.ErrExpired, apisig.ErrSkewed, apisig.ErrReplayed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzParseACS3Authorization checks that no input panics the V3 Authorization parser, and that
// what it accepts formats back to a header that parses to the same value.
func FuzzParseACS3Authorization(f *testing.F) {
	for _, s := range []string{
		"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
		"ACS3-HMAC-SHA256 Credential=k, SignedHeaders=host;x-acs-date, Signature=" + strings.Repeat("0", 64),
		"ACS3-HMAC-SHA256",
		"ACS3-HMAC-SHA256 Credential=,SignedHeaders=;;,Signature=",
		"ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := alibaba.ParseACS3Authorization(v)
		if err != nil {
			if a != nil || !errors.Is(err, apisig.ErrMalformed) {
				t.Fatalf("error %v with result %v, or not ErrMalformed", err, a)
			}
			return
		}
		if a.AccessKeyID == "" || len(a.Signature) != 64 || !slices.Contains(a.SignedHeaders, "host") || !slices.Contains(a.SignedHeaders, "x-acs-date") {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		again := alibaba.ACS3Algorithm + " Credential=" + a.AccessKeyID + ",SignedHeaders=" + strings.Join(a.SignedHeaders, ";") + ",Signature=" + a.Signature
		b, err := alibaba.ParseACS3Authorization(again)
		if err != nil || b.AccessKeyID != a.AccessKeyID || b.Signature != a.Signature || !slices.Equal(b.SignedHeaders, a.SignedHeaders) {
			t.Fatalf("round trip of %q: %+v, %v", again, b, err)
		}
	})
}

// FuzzParseHeaderAuthorization checks the ROA / OpenSearch "acs AccessKeyId:Signature" parser.
func FuzzParseHeaderAuthorization(f *testing.F) {
	for _, s := range []string{"acs LTAI5t:goVcKXXjlvuqIxfVUk2YVPptp+k=", "OPENSEARCH k:goVcKXXjlvuqIxfVUk2YVPptp+k=", "acs :", "acs a:b:c", "acs a b:===="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, prefix := range []string{"acs ", "OPENSEARCH "} {
			id, sig, err := alibaba.ParseHeaderAuthorization(v, prefix)
			if err != nil {
				if !errors.Is(err, apisig.ErrMalformed) {
					t.Fatalf("error %v is not ErrMalformed", err)
				}
				continue
			}
			if id == "" || strings.ContainsAny(id, ": \t") || len(sig) != 28 || prefix+id+":"+sig != v {
				t.Fatalf("accepted %q as %q, %q", v, id, sig)
			}
		}
	})
}

// FuzzRPCVerify feeds arbitrary queries (and form bodies) to the RPC verifier: it must never
// panic, and every failure must wrap a verification sentinel. A query that the signer accepts
// must verify once signed.
func FuzzRPCVerify(f *testing.F) {
	for _, s := range []string{
		"Action=DescribeRegions&Version=2014-05-26",
		"Action=a&Action=b",
		"A=%FF%FE&B=%zz",
		"Signature=abc&AccessKeyId=x&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=2026-11-23T09:30:00Z&SignatureNonce=n",
		"=v&k&%E4%BD%A0=%E5%A5%BD+x*~",
		"Timestamp=2026-13-40T99:99:99Z&Signature=+++",
	} {
		f.Add(s, "")
		f.Add(s, "Name=a+b")
	}
	f.Fuzz(func(t *testing.T, rawQuery, form string) {
		ctx := context.Background()
		build := func() *http.Request {
			u := &url.URL{Scheme: "https", Host: "ecs.aliyuncs.com", Path: "/", RawQuery: rawQuery}
			req := &http.Request{Method: "GET", URL: u, Host: u.Host, Header: http.Header{}}
			if form != "" {
				r, _ := http.NewRequest("POST", "https://ecs.aliyuncs.com/", strings.NewReader(form))
				r.URL = u
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req = r
			}
			return req
		}
		if _, err := rpcVerifier().Verify(ctx, build()); err == nil || !isSentinel(err) {
			t.Fatalf("unsigned request: Verify = %v, want a verification sentinel", err)
		}
		s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("fuzz")}
		req := build()
		if err := s.Sign(ctx, req, testCreds); err != nil {
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Fatalf("Sign = %v, want ErrInvalidInput", err)
			}
			return
		}
		if _, err := rpcVerifier().Verify(ctx, req); err != nil {
			t.Fatalf("signed %q + form %q does not verify: %v", req.URL.RawQuery, form, err)
		}
	})
}
