package apisig_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/google/go-cmp/cmp"
)

// verifierFunc adapts a function to apisig.Verifier and counts its calls.
type verifierFunc struct {
	f     func(ctx context.Context, req *http.Request) (*apisig.Verified, error)
	calls atomic.Int32
}

func (v *verifierFunc) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	v.calls.Add(1)
	return v.f(ctx, req)
}

func failWith(err error) *verifierFunc {
	return &verifierFunc{f: func(context.Context, *http.Request) (*apisig.Verified, error) { return nil, err }}
}

var okVerified = &apisig.Verified{Scheme: "fake", AccessKeyID: "AKIDEXAMPLE", SignedAt: time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), Signature: "abc"}

func okVerifier() *verifierFunc {
	return &verifierFunc{f: func(context.Context, *http.Request) (*apisig.Verified, error) { return okVerified, nil }}
}

// nextRecorder is the next handler: it records what it received and answers 200 "ok".
type nextRecorder struct {
	called   bool
	body     string
	length   int64
	verified *apisig.Verified
	ok       bool
}

func (n *nextRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n.called = true
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusTeapot)
		return
	}
	n.body = string(b)
	n.length = r.ContentLength
	n.verified, n.ok = apisig.VerifiedFrom(r.Context())
	_, _ = io.WriteString(w, "ok")
}

// serve runs one request through Middleware(opts) and returns the response and what the next
// handler saw.
func serve(opts apisig.MiddlewareOptions, req *http.Request) (*httptest.ResponseRecorder, *nextRecorder) {
	next := &nextRecorder{}
	rec := httptest.NewRecorder()
	apisig.Middleware(opts)(next).ServeHTTP(rec, req)
	return rec, next
}

const internalDetail = "dial tcp 10.1.2.3:5432: password authentication failed for user keystore"

func TestMiddlewareStatus(t *testing.T) {
	mismatch := &apisig.MismatchError{Scheme: "fake", Code: "SignatureDoesNotMatch", AccessKeyID: "AKIDEXAMPLE", Provided: "abc", Trace: secretTrace()}
	reqErr := func(kind error) error {
		return &apisig.RequestError{Scheme: "fake", Part: "X-Fake", Value: "v", Problem: "is bad", Kind: kind}
	}
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantBody   string // substring; for 500 the whole body
	}{
		{"malformed", reqErr(apisig.ErrMalformed), http.StatusBadRequest, `apisig: fake: X-Fake "v": is bad`},
		{"invalid input", reqErr(apisig.ErrInvalidInput), http.StatusBadRequest, `X-Fake`},
		{"not signed", reqErr(apisig.ErrNotSigned), http.StatusUnauthorized, `X-Fake`},
		{"unknown key", reqErr(apisig.ErrUnknownKey), http.StatusForbidden, `X-Fake`},
		{"mismatch", mismatch, http.StatusForbidden, `signature "abc" does not match for access key id "AKIDEXAMPLE"`},
		{"mismatch as a RequestError", reqErr(apisig.ErrMismatch), http.StatusForbidden, `X-Fake`},
		{"expired", reqErr(apisig.ErrExpired), http.StatusForbidden, `X-Fake`},
		{"skewed", reqErr(apisig.ErrSkewed), http.StatusForbidden, `X-Fake`},
		{"replayed", reqErr(apisig.ErrReplayed), http.StatusForbidden, `X-Fake`},
		{"wrapped sentinel", fmt.Errorf("checking: %w", apisig.ErrSkewed), http.StatusForbidden, `checking: request time is too skewed`},
		{"bare sentinel", apisig.ErrNotSigned, http.StatusUnauthorized, `apisig: request is not signed`},
		{"too large from the verifier", &http.MaxBytesError{Limit: 3}, http.StatusRequestEntityTooLarge, `too large`},
		{"technical", errors.New(internalDetail), http.StatusInternalServerError, "apisig: verification failed: internal error\n"},
		{"technical, wrapped", fmt.Errorf("fake: looking up key %q: %w", "AKIDEXAMPLE", errors.New(internalDetail)), http.StatusInternalServerError, "apisig: verification failed: internal error\n"},
		{"body not replayable", fmt.Errorf("fake: %w: "+internalDetail, apisig.ErrBodyNotReplayable), http.StatusInternalServerError, "apisig: verification failed: internal error\n"},
		{"no credentials", apisig.ErrNoCredentials, http.StatusInternalServerError, "apisig: verification failed: internal error\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := failWith(tt.err)
			rec, next := serve(apisig.MiddlewareOptions{Verifier: v}, httptest.NewRequest(http.MethodPost, "/x", strings.NewReader("body")))
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d; want %d", rec.Code, tt.wantStatus)
			}
			if got := apisig.StatusOf(tt.err); got != tt.wantStatus {
				t.Errorf("StatusOf(%v) = %d; want %d", tt.err, got, tt.wantStatus)
			}
			body := rec.Body.String()
			if tt.wantStatus == http.StatusInternalServerError {
				if body != tt.wantBody {
					t.Errorf("500 body = %q; want exactly %q", body, tt.wantBody)
				}
				if strings.Contains(body, "10.1.2.3") || strings.Contains(body, "password") {
					t.Errorf("500 body echoes the internal error: %q", body)
				}
			} else if !strings.Contains(body, tt.wantBody) {
				t.Errorf("body = %q; want it to contain %q", body, tt.wantBody)
			}
			checkNoSecret(t, "response body", body)
			if next.called {
				t.Error("next handler was called for a request that failed verification")
			}
			if v.calls.Load() != 1 {
				t.Errorf("verifier called %d times; want 1", v.calls.Load())
			}
			h := rec.Header()
			if got := h.Get("Content-Type"); got != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type = %q; want text/plain; charset=utf-8", got)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q; want nosniff", got)
			}
		})
	}
}

func TestMiddlewareBodyLimit(t *testing.T) {
	tests := []struct {
		name       string
		limit      int64
		bodyLen    int
		wantStatus int
	}{
		{"under the limit", 5, 4, http.StatusOK},
		{"exactly the limit", 5, 5, http.StatusOK},
		{"one over the limit", 5, 6, http.StatusRequestEntityTooLarge},
		{"far over the limit", 5, 1 << 16, http.StatusRequestEntityTooLarge},
		{"default, exactly the limit", 0, apisig.DefaultMaxBodyBytes, http.StatusOK},
		{"default, one over", 0, apisig.DefaultMaxBodyBytes + 1, http.StatusRequestEntityTooLarge},
		{"empty body", 5, 0, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := okVerifier()
			body := bytes.Repeat([]byte("a"), tt.bodyLen)
			rec, next := serve(apisig.MiddlewareOptions{Verifier: v, MaxBodyBytes: tt.limit}, httptest.NewRequest(http.MethodPut, "/x", bytes.NewReader(body)))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d; want %d (body %q)", rec.Code, tt.wantStatus, rec.Body.String())
			}
			if tt.wantStatus != http.StatusOK {
				if v.calls.Load() != 0 {
					t.Error("verifier was called for a body over the limit")
				}
				if next.called {
					t.Error("next handler was called for a body over the limit")
				}
				return
			}
			if next.body != string(body) {
				t.Errorf("next handler got %d body bytes; want %d", len(next.body), len(body))
			}
		})
	}
}

// errReader fails every read.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestMiddlewareBodyReadError(t *testing.T) {
	v := okVerifier()
	req := httptest.NewRequest(http.MethodPost, "/x", nil)
	req.Body = io.NopCloser(errReader{errors.New("read tcp: " + internalDetail)})
	rec, next := serve(apisig.MiddlewareOptions{Verifier: v}, req)
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status = %d; want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "10.1.2.3") {
		t.Errorf("body echoes the read error: %q", rec.Body.String())
	}
	if v.calls.Load() != 0 || next.called {
		t.Errorf("verifier calls %d, next called %v; want neither after a body read error", v.calls.Load(), next.called)
	}
}

func TestMiddlewareSuccess(t *testing.T) {
	const payload = "Action=ListUsers&Version=2010-05-08"
	tests := []struct {
		name string
		body string
	}{
		{"with body", payload},
		{"binary body", "\x00\x01\xff\xfe"},
		{"empty body", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []string
			v := &verifierFunc{f: func(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
				// The verifier hashes through GetBody, possibly more than once, and may also
				// consume Body: the next handler must still get the whole body.
				if tt.body != "" {
					if req.GetBody == nil {
						return nil, errors.New("GetBody is nil")
					}
					for range 2 {
						rc, err := req.GetBody()
						if err != nil {
							return nil, err
						}
						b, _ := io.ReadAll(rc)
						rc.Close()
						seen = append(seen, string(b))
					}
					if req.ContentLength != int64(len(tt.body)) {
						return nil, fmt.Errorf("ContentLength = %d", req.ContentLength)
					}
				}
				b, _ := io.ReadAll(req.Body)
				seen = append(seen, string(b))
				return okVerified, nil
			}}
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			rec, next := serve(apisig.MiddlewareOptions{Verifier: v}, httptest.NewRequest(http.MethodPost, "/x", body))
			if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
				t.Fatalf("response = %d %q; want 200 \"ok\"", rec.Code, rec.Body.String())
			}
			want := []string{tt.body, tt.body, tt.body}
			if tt.body == "" {
				want = []string{""}
			}
			if diff := cmp.Diff(want, seen); diff != "" {
				t.Errorf("bodies the verifier read (-want +got):\n%s", diff)
			}
			if next.body != tt.body {
				t.Errorf("next handler got body %q; want %q", next.body, tt.body)
			}
			if tt.body != "" && next.length != int64(len(tt.body)) {
				t.Errorf("next handler got ContentLength %d; want %d", next.length, len(tt.body))
			}
			if !next.ok || next.verified != okVerified {
				t.Errorf("VerifiedFrom(next ctx) = %+v, %v; want the verifier's result", next.verified, next.ok)
			}
		})
	}
	if v, ok := apisig.VerifiedFrom(context.Background()); v != nil || ok {
		t.Errorf("VerifiedFrom(background) = %v, %v; want nil, false", v, ok)
	}
}

// MiddlewareOptions.MaxBodyBytes says: "negative means no body is read (the verifier then sees
// an empty body)". The middleware must then leave the body to the next handler.
func TestMiddlewareNegativeMaxBodyBytes(t *testing.T) {
	const payload = "a body the middleware must not read"
	var verifierSaw string
	v := &verifierFunc{f: func(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
		var b []byte
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		verifierSaw = string(b)
		return okVerified, nil
	}}
	rec, next := serve(apisig.MiddlewareOptions{Verifier: v, MaxBodyBytes: -1}, httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(payload)))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d; want 200", rec.Code)
	}
	if verifierSaw != "" {
		t.Errorf("with MaxBodyBytes -1 the verifier read body %q; want an empty body", verifierSaw)
	}
	if next.body != payload {
		t.Errorf("with MaxBodyBytes -1 the next handler got body %q; want %q", next.body, payload)
	}
}

func TestMiddlewareMismatchTrace(t *testing.T) {
	mismatch := &apisig.MismatchError{Scheme: "fake", Code: "SignatureDoesNotMatch", AccessKeyID: "AKIDEXAMPLE", Provided: "abc", Trace: secretTrace()}
	traceText := secretTrace().String()
	tests := []struct {
		name      string
		err       error
		hide      bool
		wantTrace bool
	}{
		{"shown by default", mismatch, false, true},
		{"hidden with HideTrace", mismatch, true, false},
		{"shown when wrapped", fmt.Errorf("verify: %w", mismatch), false, true},
		{"no trace to show", &apisig.MismatchError{Scheme: "fake", AccessKeyID: "AK", Provided: "x"}, false, false},
		{"not a mismatch", &apisig.RequestError{Part: "X-Fake", Kind: apisig.ErrSkewed}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := serve(apisig.MiddlewareOptions{Verifier: failWith(tt.err), HideTrace: tt.hide}, httptest.NewRequest(http.MethodGet, "/x", nil))
			body := rec.Body.String()
			checkNoSecret(t, "response body", body)
			if rec.Code != http.StatusForbidden {
				t.Errorf("status = %d; want 403", rec.Code)
			}
			if !strings.HasPrefix(body, "apisig: "+tt.err.Error()+"\n") {
				t.Errorf("body = %q; want it to start with the error text", body)
			}
			hasTrace := strings.Contains(body, "canonical request ]---\nGET\n/\n")
			if hasTrace != tt.wantTrace {
				t.Errorf("body has the trace's canonical request: %v; want %v\nbody:\n%s", hasTrace, tt.wantTrace, body)
			}
			if tt.wantTrace {
				if !strings.HasSuffix(body, "\nThe verifier computed:\n"+traceText) {
					t.Errorf("body does not end with the whole trace:\n%s", body)
				}
				if !strings.Contains(body, apisig.Redacted) {
					t.Errorf("body does not show the key step redacted:\n%s", body)
				}
			}
		})
	}

	// WriteVerifyError, exported, always shows the trace.
	rec := httptest.NewRecorder()
	apisig.WriteVerifyError(rec, httptest.NewRequest(http.MethodGet, "/", nil), mismatch)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), traceText) {
		t.Errorf("WriteVerifyError = %d %q; want 403 with the trace", rec.Code, rec.Body.String())
	}
	checkNoSecret(t, "WriteVerifyError body", rec.Body.String())
}

func TestMiddlewareOnError(t *testing.T) {
	tests := []struct {
		name     string
		verifier *verifierFunc
		limit    int64
		body     string
		wantCall bool
		check    func(error) bool
	}{
		{"verification failure", failWith(&apisig.MismatchError{Scheme: "fake"}), 0, "", true,
			func(err error) bool { return errors.Is(err, apisig.ErrMismatch) }},
		{"technical failure", failWith(errors.New(internalDetail)), 0, "", true,
			func(err error) bool { return err.Error() == internalDetail }},
		{"body too large", okVerifier(), 2, "abc", true,
			func(err error) bool { var mbe *http.MaxBytesError; return errors.As(err, &mbe) }},
		{"success", okVerifier(), 0, "abc", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls int
			var gotErr error
			var gotReq *http.Request
			opts := apisig.MiddlewareOptions{
				Verifier:     tt.verifier,
				MaxBodyBytes: tt.limit,
				OnError: func(w http.ResponseWriter, r *http.Request, err error) {
					calls++
					gotErr, gotReq = err, r
					w.WriteHeader(http.StatusTeapot)
					_, _ = io.WriteString(w, "custom")
				},
			}
			req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(tt.body))
			rec, next := serve(opts, req)
			if !tt.wantCall {
				if calls != 0 || !next.called || rec.Code != http.StatusOK {
					t.Errorf("OnError calls %d, next called %v, status %d; want 0, true, 200", calls, next.called, rec.Code)
				}
				return
			}
			if calls != 1 {
				t.Fatalf("OnError called %d times; want 1", calls)
			}
			if !tt.check(gotErr) {
				t.Errorf("OnError got error %v (%T); not the expected one", gotErr, gotErr)
			}
			if gotReq == nil || gotReq.URL.Path != "/hook" {
				t.Errorf("OnError got request %v; want the request being served", gotReq)
			}
			if rec.Code != http.StatusTeapot || rec.Body.String() != "custom" {
				t.Errorf("response = %d %q; want the hook's 418 \"custom\"", rec.Code, rec.Body.String())
			}
			if next.called {
				t.Error("next handler called after OnError")
			}
		})
	}
}

func TestMiddlewareNilVerifierPanics(t *testing.T) {
	msg := mustPanic(t, func() { apisig.Middleware(apisig.MiddlewareOptions{}) })
	if !strings.Contains(msg, "Verifier") {
		t.Errorf("panic %q; want it to name the Verifier", msg)
	}
}

// streamingVerifier checks bodies as they are read: it streams every request whose header asks
// for it, and replaces the body with a reader that upper-cases, standing for a checking reader.
type streamingVerifier struct {
	sawGetBody bool
	sawLength  int64
}

func (s *streamingVerifier) StreamsBody(r *http.Request) bool { return r.Header.Get("X-Stream") != "" }

func (s *streamingVerifier) Verify(_ context.Context, r *http.Request) (*apisig.Verified, error) {
	s.sawGetBody = r.GetBody != nil
	s.sawLength = r.ContentLength
	body := r.Body
	r.Body = io.NopCloser(readerFunc(func(p []byte) (int, error) {
		n, err := body.Read(p)
		copy(p[:n], bytes.ToUpper(p[:n]))
		return n, err
	}))
	return okVerified, nil
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// TestMiddlewareStreamsBody hands a streaming verifier the body unbuffered, beyond the buffer
// limit, and gives the next handler the reader the verifier left; a buffered request whose
// body the verifier replaced keeps the replacement too.
func TestMiddlewareStreamsBody(t *testing.T) {
	big := strings.Repeat("a", 64)
	v := &streamingVerifier{}
	req := httptest.NewRequest(http.MethodPut, "/x", strings.NewReader(big))
	req.Header.Set("X-Stream", "1")
	rec, next := serve(apisig.MiddlewareOptions{Verifier: v, MaxBodyBytes: 16}, req)
	if rec.Code != http.StatusOK || next.body != strings.ToUpper(big) {
		t.Fatalf("streamed: status %d, handler read %q; want 200 and the verifier's reader", rec.Code, next.body)
	}
	if v.sawGetBody || v.sawLength != int64(len(big)) {
		t.Errorf("the streaming verifier saw GetBody=%v, length %d; want an unbuffered body of %d bytes", v.sawGetBody, v.sawLength, len(big))
	}

	req = httptest.NewRequest(http.MethodPut, "/x", strings.NewReader("abc"))
	rec, next = serve(apisig.MiddlewareOptions{Verifier: v}, req)
	if rec.Code != http.StatusOK || next.body != "ABC" || !v.sawGetBody {
		t.Errorf("buffered: status %d, handler read %q, verifier saw GetBody=%v; want 200, the verifier's reader, a re-readable body", rec.Code, next.body, v.sawGetBody)
	}
}
