package oss_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// TestBothBehindMiddleware serves a handler behind apisig.Middleware with oss.Both and OSS's
// error bodies, and sends it V1 and V4 requests, signed and tampered.
func TestBothBehindMiddleware(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	v1 := &oss.V1{Clock: clock, Keys: testKeys}
	v4 := &oss.V4{Region: "cn-hangzhou", Clock: clock, Keys: testKeys}
	h := apisig.Middleware(apisig.MiddlewareOptions{Verifier: oss.Both{V1: v1, V4: v4}, OnError: oss.ErrorHandler})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }))
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx := context.Background()
	send := func(req *http.Request) (int, string) {
		req.URL.Scheme, req.URL.Host = "http", strings.TrimPrefix(srv.URL, "http://")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	mk := func() *http.Request {
		r := newRequest("PUT", host, "/a b+c", "acl", "hello")()
		r.Host = host
		return r
	}
	for _, s := range []apisig.Signer{v1, v4} {
		r := mk()
		if err := s.Sign(ctx, r, testCreds); err != nil {
			t.Fatal(err)
		}
		if code, body := send(r); code != 200 || body != "ok" {
			t.Errorf("%T signed: %d %s", s, code, body)
		}
		r = mk()
		_ = s.Sign(ctx, r, testCreds)
		r.Header.Set("X-Oss-Meta-Added", "late")
		if code, body := send(r); code != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") || !strings.Contains(body, "<StringToSign>") {
			t.Errorf("%T tampered: %d %s", s, code, body)
		}
	}
	p, err := v4.Presign(ctx, newRequest("GET", host, "/k", "", "")(), testCreds, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := http.NewRequest("GET", p.URL.String(), nil)
	r.Host = host
	if code, body := send(r); code != 200 {
		t.Errorf("V4 URL: %d %s", code, body)
	}
	only1 := oss.Both{V1: v1}
	r = mk()
	_ = v4.Sign(ctx, r, testCreds)
	if _, err := only1.Verify(ctx, r); err == nil || !strings.Contains(err.Error(), "not accepted") {
		t.Errorf("V4 request to a V1-only verifier: %v", err)
	}
}
