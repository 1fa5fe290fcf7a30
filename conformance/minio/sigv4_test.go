package minio

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/canon"
)

// awkwardKeys are object keys that break naive signers: unicode, spaces, '+' (a space to some
// S3 servers when sent literally, A13), '%' (literal and looking like an escape), '~', '*',
// and the RFC 3986 sub-delimiters.
var awkwardKeys = []string{
	"plain.txt",
	"unicode/ሴ-ü-日本語.txt",
	"with space/a b  c.txt",
	"plus+sign+key",
	"percent%25and%literal",
	"tilde~star*.bin",
	"sub-delims!$&'()*+,;=:@.txt",
	"deep/a/b/c/d.txt",
}

// escapeQuery escapes a query value as S3's canonical query does.
func escapeQuery(v string) string { return canon.Encoding{Set: canon.Unreserved}.Escape(v) }

// forServer returns the request as a server receives it: a copy with a fresh body, so the
// original can still be sent.
func forServer(t testing.TB, req *http.Request) *http.Request {
	t.Helper()
	c := req.Clone(req.Context())
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			t.Fatal(err)
		}
		c.Body = b
	}
	return c
}

// ourCode is the S3 error code apisig's verifier gives for err ("" when it accepted).
func ourCode(err error) string {
	var me *apisig.MismatchError
	var re *apisig.RequestError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &me):
		return me.Code
	case errors.As(err, &re):
		return re.Code
	}
	return "error without code: " + err.Error()
}

// sendVerified checks that apisig's verifier accepts req, then sends it to MinIO.
func sendVerified(t *testing.T, s *Server, v apisig.Verifier, req *http.Request) *Response {
	t.Helper()
	if _, err := v.Verify(context.Background(), forServer(t, req)); err != nil {
		t.Fatalf("apisig's verifier rejects what apisig signed: %v", err)
	}
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestSigV4ObjectLifecycle(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	signer := s.SigV4()
	for _, key := range awkwardKeys {
		t.Run(key, func(t *testing.T) {
			body := []byte("object body for " + key + "\n")
			do := func(method, key, query string, body []byte, hdr ...string) *Response {
				t.Helper()
				req := s.NewRequest(method, bucket, key, query, body)
				for i := 0; i+1 < len(hdr); i += 2 {
					req.Header.Set(hdr[i], hdr[i+1])
				}
				if err := signer.Sign(ctx, req, s.Creds); err != nil {
					t.Fatal(err)
				}
				return sendVerified(t, s, signer, req)
			}
			if r := do(http.MethodPut, key, "", body, "Content-Type", "text/plain; charset=utf-8", "X-Amz-Meta-Note", "  spaced   value "); r.Status != http.StatusOK {
				t.Fatalf("PUT: %s", r)
			}
			r := do(http.MethodHead, key, "", nil)
			if r.Status != http.StatusOK || r.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Fatalf("HEAD: %d, Content-Length %q, want 200 and %d", r.Status, r.Header.Get("Content-Length"), len(body))
			}
			if got := r.Header.Get("X-Amz-Meta-Note"); got != "spaced   value" {
				t.Logf("HEAD: x-amz-meta-note %q (MinIO trims the value it stores)", got)
			}
			if r := do(http.MethodGet, key, "", nil); r.Status != http.StatusOK || !bytes.Equal(r.Body, body) {
				t.Fatalf("GET: %s, body %q", r, r.Body)
			}
			r = do(http.MethodGet, "", "list-type=2&prefix="+escapeQuery(key), nil)
			var list ListBucketResult
			if err := xml.Unmarshal(r.Body, &list); err != nil || r.Status != http.StatusOK {
				t.Fatalf("list: %s (%v)", r, err)
			}
			if len(list.Contents) != 1 || list.Contents[0].Key != key || list.Contents[0].Size != int64(len(body)) {
				t.Fatalf("list prefix=%q: %+v, want exactly the key", key, list.Contents)
			}
			if r := do(http.MethodDelete, key, "", nil); r.Status != http.StatusNoContent {
				t.Fatalf("DELETE: %s", r)
			}
			if r := do(http.MethodGet, key, "", nil); r.Status != http.StatusNotFound || r.Code() != "NoSuchKey" {
				t.Fatalf("GET after DELETE: %s, want 404 NoSuchKey", r)
			}
		})
	}
}

func TestSigV4Presigned(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	signer := s.SigV4()
	plain := &http.Client{Timeout: time.Minute}
	for _, key := range awkwardKeys {
		t.Run(key, func(t *testing.T) {
			body := []byte("presigned upload of " + key)
			put, err := signer.Presign(ctx, s.NewRequest(http.MethodPut, bucket, "presigned/"+key, "", nil), s.Creds, 10*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			// The holder of the URL has no credentials: a plain client sends it.
			req, err := http.NewRequest(http.MethodPut, put.URL.String(), bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.URL = put.URL
			if _, err := signer.Verify(ctx, forServer(t, req)); err != nil {
				t.Fatalf("apisig's verifier rejects the presigned PUT: %v", err)
			}
			if r := do(t, plain, req); r.Status != http.StatusOK {
				t.Fatalf("presigned PUT: %s", r)
			}
			get, err := signer.Presign(ctx, s.NewRequest(http.MethodGet, bucket, "presigned/"+key, "response-content-type="+escapeQuery("text/x-apisig; q=1"), nil), s.Creds, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			req, _ = http.NewRequest(http.MethodGet, get.URL.String(), nil)
			req.URL = get.URL
			if _, err := signer.Verify(ctx, forServer(t, req)); err != nil {
				t.Fatalf("apisig's verifier rejects the presigned GET: %v", err)
			}
			r := do(t, plain, req)
			if r.Status != http.StatusOK || !bytes.Equal(r.Body, body) {
				t.Fatalf("presigned GET: %s", r)
			}
			if ct := r.Header.Get("Content-Type"); ct != "text/x-apisig; q=1" {
				t.Errorf("presigned GET: Content-Type %q, want the signed response-content-type", ct)
			}
		})
	}
}

func do(t *testing.T, c *http.Client, req *http.Request) *Response {
	t.Helper()
	s := &Server{HTTP: c}
	r, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rejection is a request signed wrongly in one way, and the S3 code both MinIO and apisig's
// verifier must answer with.
type rejection struct {
	name string
	// mistake is the MISTAKES.md row the case reproduces, where there is one.
	mistake string
	build   func(t *testing.T, s *Server) *http.Request
	code    string
	status  int
}

func signedWith(t *testing.T, s *Server, signer *aws.SigV4, creds apisig.Credentials, req *http.Request) *http.Request {
	t.Helper()
	if err := signer.Sign(context.Background(), req, creds); err != nil {
		t.Fatal(err)
	}
	return req
}

func presignedWith(t *testing.T, signer *aws.SigV4, creds apisig.Credentials, req *http.Request, expires time.Duration, method string) *http.Request {
	t.Helper()
	p, err := signer.Presign(context.Background(), req, creds, expires)
	if err != nil {
		t.Fatal(err)
	}
	out, err := http.NewRequest(method, p.URL.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	out.URL = p.URL
	return out
}

func flipLastHex(s string) string {
	c := s[len(s)-1]
	if c == '0' {
		c = '1'
	} else {
		c = '0'
	}
	return s[:len(s)-1] + string(c)
}

func sigv4Rejections() []rejection {
	body := []byte("tamper test body")
	put := func(s *Server, key string) *http.Request {
		req := s.NewRequest(http.MethodPut, bucket, key, "", body)
		req.Header.Set("Content-Type", "text/plain")
		return req
	}
	wall := func(d time.Duration) apisig.Clock {
		return apisig.ClockFunc(func() time.Time { return time.Now().Add(d) })
	}
	return []rejection{
		{name: "signature-digit-changed", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			req.Header.Set("Authorization", flipLastHex(req.Header.Get("Authorization")))
			return req
		}},
		{name: "wrong-secret", mistake: "A31", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			c := s.Creds
			c.Secret = apisig.NewSecret(c.Secret.Reveal() + "\n")
			return signedWith(t, s, s.SigV4(), c, put(s, "tamper/a"))
		}},
		{name: "unknown-access-key", code: "InvalidAccessKeyId", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			c := s.Creds
			c.AccessKeyID = "AKIANOSUCHKEYEXAMPLE"
			return signedWith(t, s, s.SigV4(), c, put(s, "tamper/a"))
		}},
		{name: "wrong-region", mistake: "A01", code: "AuthorizationHeaderMalformed", status: 400, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			sg.Region = "eu-central-1"
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/a"))
		}},
		{name: "clock-an-hour-behind", mistake: "A04", code: "RequestTimeTooSkewed", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			sg.Clock = wall(-time.Hour)
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/a"))
		}},
		{name: "x-amz-date-changed-after-signing", mistake: "A06", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			d, _ := time.Parse("20060102T150405Z", req.Header.Get(aws.HeaderDate))
			req.Header.Set(aws.HeaderDate, d.Add(-time.Second).Format("20060102T150405Z"))
			return req
		}},
		{name: "body-changed-after-signing", mistake: "A27", code: "XAmzContentSHA256Mismatch", status: 400, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			other := bytes.ToUpper(body)
			req.Body = io.NopCloser(bytes.NewReader(other))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(other)), nil }
			return req
		}},
		{name: "empty-body-hash-signed", mistake: "A26", code: "XAmzContentSHA256Mismatch", status: 400, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			if err := sg.SetKnob("payload-hash", "empty"); err != nil {
				t.Fatal(err)
			}
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/a"))
		}},
		{name: "content-type-changed-after-signing", mistake: "A24", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			req.Header.Set("Content-Type", "text/plain; charset=UTF-8")
			return req
		}},
		{name: "path-changed-after-signing", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			u := s.ObjectURL(bucket, "tamper/b", "")
			req.URL.Path, req.URL.RawPath = u.Path, u.RawPath
			return req
		}},
		{name: "query-added-after-signing", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := signedWith(t, s, s.SigV4(), s.Creds, put(s, "tamper/a"))
			req.URL.RawQuery = "x-id=PutObject"
			return req
		}},
		{name: "port-stripped-from-signed-host", mistake: "A09", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			if err := sg.SetKnob("host-port", "strip"); err != nil {
				t.Fatal(err)
			}
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/a"))
		}},
		{name: "lower-case-hex-in-path", mistake: "A16", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			if err := sg.SetKnob("hex-case", "lower"); err != nil {
				t.Fatal(err)
			}
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/ü"))
		}},
		{name: "space-as-plus-in-path", mistake: "A14", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			if err := sg.SetKnob("space", "+"); err != nil {
				t.Fatal(err)
			}
			return signedWith(t, s, sg, s.Creds, put(s, "tamper/a b"))
		}},
		{name: "presign-expired", mistake: "A34", code: "AccessDenied", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			sg := s.SigV4()
			sg.Clock = wall(-2 * time.Hour)
			return presignedWith(t, sg, s.Creds, s.NewRequest(http.MethodGet, bucket, "tamper/a", "", nil), time.Hour, http.MethodGet)
		}},
		{name: "presign-signature-changed", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := presignedWith(t, s.SigV4(), s.Creds, s.NewRequest(http.MethodGet, bucket, "tamper/a", "", nil), time.Hour, http.MethodGet)
			q := req.URL.Query()
			q.Set(aws.QuerySignature, flipLastHex(q.Get(aws.QuerySignature)))
			req.URL.RawQuery = q.Encode()
			return req
		}},
		{name: "presigned-get-used-for-put", mistake: "A35", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := presignedWith(t, s.SigV4(), s.Creds, s.NewRequest(http.MethodGet, bucket, "tamper/a", "", nil), time.Hour, http.MethodPut)
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			req.ContentLength = int64(len(body))
			return req
		}},
		{name: "presign-other-key", code: "SignatureDoesNotMatch", status: 403, build: func(t *testing.T, s *Server) *http.Request {
			req := presignedWith(t, s.SigV4(), s.Creds, s.NewRequest(http.MethodGet, bucket, "tamper/a", "", nil), time.Hour, http.MethodGet)
			u := s.ObjectURL(bucket, "tamper/other", "")
			req.URL.Path, req.URL.RawPath = u.Path, u.RawPath
			return req
		}},
	}
}

// TestSigV4Rejections: every wrong signature is rejected by MinIO and by apisig's verifier,
// with the same S3 error code.
func TestSigV4Rejections(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	// The object the tampered requests aim at exists, so a wrongly accepted GET would be 200.
	if r, err := s.Signed(ctx, http.MethodPut, bucket, "tamper/a", "", []byte("x")); err != nil || r.Status != http.StatusOK {
		t.Fatalf("PUT tamper/a: %v %v", r, err)
	}
	verifier := s.SigV4()
	for _, c := range sigv4Rejections() {
		t.Run(c.name, func(t *testing.T) { checkRejected(t, s, verifier, c) })
	}
}

func checkRejected(t *testing.T, s *Server, verifier apisig.Verifier, c rejection) {
	t.Helper()
	req := c.build(t, s)
	_, err := verifier.Verify(context.Background(), forServer(t, req))
	if got := ourCode(err); got != c.code {
		t.Errorf("apisig's verifier: code %q (%v), want %q", got, err, c.code)
	}
	if err != nil && strings.Contains(err.Error(), s.Creds.Secret.Reveal()) {
		t.Errorf("apisig's verifier error reveals the secret: %v", err)
	}
	r, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if r.Code() != c.code || r.Status != c.status {
		t.Errorf("MinIO: %s, want %d %s", r, c.status, c.code)
	}
}
