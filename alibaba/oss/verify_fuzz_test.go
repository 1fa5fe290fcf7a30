package oss_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// FuzzVerify signs a request with V1 and V4, in the Authorization header and as a presigned
// URL, then sets one header to an arbitrary value (chosen by name, or every header when name
// is empty), appends arbitrary text to the raw query and replaces the host and the body:
// Verify must not panic, every failure must wrap a verification sentinel, and no error text
// may show the secret or the session token.
func FuzzVerify(f *testing.F) {
	for _, name := range []string{"Authorization", "Date", "X-Oss-Date", "Content-MD5", "Content-Type", "X-Oss-Security-Token",
		"X-Oss-Content-Sha256", "X-Oss-Meta-A", ""} {
		f.Add(name, "", "", "examplebucket.oss-cn-hangzhou.aliyuncs.com", "body")
	}
	f.Add("Authorization", "OSS4-HMAC-SHA256 Credential=LTAI5tEXAMPLE/20261123/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=;;,Signature=x", "&x-oss-expires=0", "h:1", "")
	f.Add("Authorization", "OSS LTAI5tEXAMPLE:", "&Expires=99999999999999&OSSAccessKeyId=", "", "\xff")
	f.Add("X-Oss-Date", "20261123T093000Z", "&x-oss-date=2026&x-oss-signature-version=OSS4-HMAC-SHA256", "[::1]:80", "body")
	f.Add("Date", "Mon, 23 Nov 2026 09:30:00 GMT", "&acl&acl&%zz", "examplebucket.oss-cn-hangzhou.aliyuncs.com:443", "other")
	ctx := context.Background()
	secret := testCreds.Secret.Reveal()
	token := withToken.SessionToken.Reveal()
	f.Fuzz(func(t *testing.T, name, value, query, host, body string) {
		clock := apisig.FixedClock(testTime)
		for _, s := range []interface {
			apisig.Signer
			apisig.Presigner
			apisig.Verifier
		}{
			&oss.V1{Clock: clock, Keys: testKeys},
			&oss.V4{Region: "cn-hangzhou", Clock: clock, Keys: testKeys},
		} {
			for _, presign := range []bool{false, true} {
				req := newRequest("PUT", "examplebucket.oss-cn-hangzhou.aliyuncs.com", "/dir/a b+c.txt", "acl", "body",
					"Content-Type", "text/plain", "X-Oss-Meta-A", "1")()
				if presign {
					p, err := s.Presign(ctx, req, withToken, time.Hour)
					if err != nil {
						t.Fatalf("%T: Presign: %v", s, err)
					}
					req = presignedRequest(t, p)
				} else if err := s.Sign(ctx, req, withToken); err != nil {
					t.Fatalf("%T: Sign: %v", s, err)
				}
				if name == "" {
					for k := range req.Header {
						req.Header[k] = []string{value}
					}
				} else {
					req.Header[http.CanonicalHeaderKey(name)] = []string{value}
				}
				req.URL.RawQuery += query
				req.Host = host
				req.Body, req.GetBody = nil, nil
				if body != "" {
					r, _ := http.NewRequest("PUT", "https://x/", strings.NewReader(body))
					req.Body, req.GetBody, req.ContentLength = r.Body, r.GetBody, r.ContentLength
				}
				_, err := s.Verify(ctx, req)
				if err == nil {
					continue
				}
				if !isSentinel(err) {
					t.Fatalf("%T presign=%v: Verify = %v, want a verification sentinel", s, presign, err)
				}
				in := name + value + query + host + body
				if msg := err.Error(); !strings.Contains(in, secret) && strings.Contains(msg, secret) ||
					!strings.Contains(in, token) && strings.Contains(msg, token) {
					t.Fatalf("%T presign=%v: error shows a secret: %s", s, presign, msg)
				}
			}
		}
	})
}

// isSentinel reports whether err wraps one of apisig's verification sentinels.
func isSentinel(err error) bool {
	for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrUnknownKey, apisig.ErrExpired, apisig.ErrSkewed, apisig.ErrReplayed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
