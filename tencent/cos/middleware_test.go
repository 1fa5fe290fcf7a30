package cos_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
)

// TestMiddleware serves a COS-like endpoint with apisig.Middleware and cos.WriteError: a
// request signed by the signer and sent over HTTP verifies (the path, '+' and all, survives
// the wire); a tampered one gets COS's XML with the server's FormatString.
func TestMiddleware(t *testing.T) {
	s := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	h := apisig.Middleware(apisig.MiddlewareOptions{Verifier: s, OnError: cos.WriteError})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }))
	srv := httptest.NewServer(h)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	send := func(req *http.Request) (int, string) {
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	ctx := context.Background()
	req := newRequest("PUT", host, "/resume-zh+en 页面(1).png", "acl=&x=a+b", "body", "Content-Type", "image/png", "X-Cos-Meta-K", "v")()
	req.URL.Scheme = "http"
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	if status, body := send(req); status != 200 || body != "ok" {
		t.Fatalf("signed request: %d %s", status, body)
	}

	req = newRequest("GET", host, "/a+b", "", "")()
	req.URL.Scheme = "http"
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	req.URL.RawPath = "/a+b" // the '+' sent literally: COS reads a space
	status, body := send(req)
	if status != http.StatusForbidden || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") ||
		!strings.Contains(body, "<FormatString>get\n/a b\n") {
		t.Errorf("tampered request: %d\n%s", status, body)
	}
	e, err := cos.ParseError([]byte(body))
	if err != nil || e.RequestID == "" || e.TraceID != e.RequestID {
		t.Errorf("ParseError: %+v, %v", e, err)
	}
}
