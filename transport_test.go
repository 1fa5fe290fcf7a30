package apisig_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/google/go-cmp/cmp"
)

// closeCounter is a request body that counts Close calls, as golang/oauth2's transport_test.go
// readCloseCounter does. It is safe for concurrent use: http.Transport closes bodies from its
// write loop.
type closeCounter struct {
	r      io.Reader
	closes atomic.Int32
}

func newCloseCounter(s string) *closeCounter { return &closeCounter{r: strings.NewReader(s)} }

func (c *closeCounter) Read(p []byte) (int, error) { return c.r.Read(p) }
func (c *closeCounter) Close() error               { c.closes.Add(1); return nil }

// waitCloses waits (boundedly) for the body to have been closed at least once and returns the
// count. http.Transport may close the body from its write loop after RoundTrip returns.
func (c *closeCounter) waitCloses() int {
	deadline := time.Now().Add(5 * time.Second)
	for c.closes.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond) // give a second, wrong Close the chance to happen
	return int(c.closes.Load())
}

// fakeSigner signs by calling sign; it records the requests it saw.
type fakeSigner struct {
	sign  func(req *http.Request, creds apisig.Credentials) error
	mu    sync.Mutex
	calls []*http.Request
}

func (f *fakeSigner) Sign(_ context.Context, req *http.Request, creds apisig.Credentials) error {
	f.mu.Lock()
	f.calls = append(f.calls, req)
	f.mu.Unlock()
	if f.sign == nil {
		req.Header.Set("X-Signature", "sig:"+creds.AccessKeyID)
		return nil
	}
	return f.sign(req, creds)
}

func (f *fakeSigner) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	return &apisig.Trace{Scheme: "fake"}, f.Sign(ctx, req, creds)
}

// credsFunc adapts a function to CredentialsProvider.
type credsFunc func(context.Context) (apisig.Credentials, error)

func (f credsFunc) Credentials(ctx context.Context) (apisig.Credentials, error) { return f(ctx) }

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// drainingBase is a base RoundTripper that, as the RoundTripper contract demands, reads and
// closes the body, then answers 200 or fails with err.
func drainingBase(err error) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
		}
		if err != nil {
			return nil, err
		}
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil
	})
}

// echoServer answers with the X-Signature header and the query it received.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Got-Signature", r.Header.Get("X-Signature"))
		w.Header().Set("X-Got-Query", r.URL.RawQuery)
		w.Header().Set("X-Got-Existing", r.Header.Get("X-Existing"))
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var staticCreds = apisig.StaticCredentials(apisig.Credentials{AccessKeyID: "AKID", Secret: apisig.NewSecret(testSecret)})

func TestTransportDoesNotModifyRequest(t *testing.T) {
	srv := echoServer(t)
	signer := &fakeSigner{sign: func(req *http.Request, creds apisig.Credentials) error {
		// A signer may change anything on the request it is given.
		req.Header.Set("X-Signature", "sig:"+creds.AccessKeyID)
		req.Header["X-Existing"][0] = "overwritten in place"
		req.Header.Add("X-Existing", "appended")
		q := req.URL.Query()
		q.Set("X-Sig", "1")
		req.URL.RawQuery = q.Encode()
		req.Host = "changed.example"
		return nil
	}}
	tr := &apisig.Transport{Signer: signer, Credentials: staticCreds}

	req, err := http.NewRequest(http.MethodPut, srv.URL+"/a/b?x=1", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Existing", "original")
	wantHeader := req.Header.Clone()
	wantURL := req.URL.String()
	wantHost := req.Host

	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatalf("RoundTrip error: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	if diff := cmp.Diff(wantHeader, req.Header); diff != "" {
		t.Errorf("caller's Header changed (-want +got):\n%s", diff)
	}
	if got := req.URL.String(); got != wantURL {
		t.Errorf("caller's URL = %q; want %q", got, wantURL)
	}
	if req.Host != wantHost {
		t.Errorf("caller's Host = %q; want %q", req.Host, wantHost)
	}
	if len(signer.calls) != 1 || signer.calls[0] == req {
		t.Errorf("signer saw %d requests, the caller's own: %v; want 1 clone", len(signer.calls), len(signer.calls) == 1 && signer.calls[0] == req)
	}
	// The server got what the signer made.
	checks := []struct{ name, got, want string }{
		{"signature header", resp.Header.Get("X-Got-Signature"), "sig:AKID"},
		{"query", resp.Header.Get("X-Got-Query"), "X-Sig=1&x=1"},
		{"existing header", resp.Header.Get("X-Got-Existing"), "overwritten in place"},
		{"body", string(body), "payload"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("server got %s %q; want %q", c.name, c.got, c.want)
		}
	}
}

func TestTransportClosesBody(t *testing.T) {
	errSign := errors.New("sign failed")
	errCreds := errors.New("credentials failed")
	errBase := errors.New("base failed")

	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	live := echoServer(t)

	tests := []struct {
		name      string
		transport *apisig.Transport
		url       string
		wantErr   error  // nil: success
		wantText  string // substring of the error text
	}{
		{
			name:      "success, fake base",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds, Base: drainingBase(nil)},
		},
		{
			name:      "success, real server",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds, Base: http.DefaultTransport},
			url:       live.URL,
		},
		{
			name:      "signer error",
			transport: &apisig.Transport{Signer: &fakeSigner{sign: func(*http.Request, apisig.Credentials) error { return errSign }}, Credentials: staticCreds, Base: drainingBase(nil)},
			wantErr:   errSign,
		},
		{
			name: "credentials error",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Base: drainingBase(nil),
				Credentials: credsFunc(func(context.Context) (apisig.Credentials, error) { return apisig.Credentials{}, errCreds })},
			wantErr: errCreds,
		},
		{
			name:      "nil Signer",
			transport: &apisig.Transport{Credentials: staticCreds, Base: drainingBase(nil)},
			wantText:  "apisig: Transport's Signer is nil",
		},
		{
			name:      "nil Credentials",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Base: drainingBase(nil)},
			wantText:  "apisig: Transport's Credentials is nil",
		},
		{
			name:      "base error, fake base",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds, Base: drainingBase(errBase)},
			wantErr:   errBase,
		},
		{
			name:      "base error, connection refused",
			transport: &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds, Base: &http.Transport{}},
			url:       closedURL,
			wantText:  "connect",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.url
			if url == "" {
				url = "http://example.invalid/upload"
			}
			body := newCloseCounter("hello")
			req, err := http.NewRequest(http.MethodPost, url, body)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = 5
			resp, err := tt.transport.RoundTrip(req)
			wantFail := tt.wantErr != nil || tt.wantText != ""
			switch {
			case wantFail && err == nil:
				resp.Body.Close()
				t.Fatal("RoundTrip succeeded; want an error")
			case !wantFail && err != nil:
				t.Fatalf("RoundTrip error: %v", err)
			case err != nil:
				if resp != nil {
					t.Errorf("RoundTrip returned a response with its error")
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("RoundTrip error = %v; want one wrapping %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantText) {
					t.Errorf("RoundTrip error = %q; want it to contain %q", err, tt.wantText)
				}
			default:
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if got := body.waitCloses(); got != 1 {
				t.Errorf("request body closed %d times; want exactly 1", got)
			}
		})
	}
}

func TestTransportNilBody(t *testing.T) {
	tests := []struct {
		name string
		tr   *apisig.Transport
	}{
		{"success", &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds, Base: drainingBase(nil)}},
		{"nil Signer", &apisig.Transport{Credentials: staticCreds}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/", nil)
			resp, err := tt.tr.RoundTrip(req) // must not panic on the nil body
			if err == nil {
				resp.Body.Close()
			}
		})
	}
}

func TestTransportCredentialsPerRequest(t *testing.T) {
	var n atomic.Int32
	provider := credsFunc(func(ctx context.Context) (apisig.Credentials, error) {
		if ctx.Value(ctxKey{}) != "marker" {
			t.Error("credentials provider did not get the request's context")
		}
		i := n.Add(1)
		return apisig.Credentials{AccessKeyID: "AK" + string(rune('0'+i)), Secret: apisig.NewSecret("s")}, nil
	})
	var got []string
	signer := &fakeSigner{sign: func(req *http.Request, creds apisig.Credentials) error {
		got = append(got, creds.AccessKeyID)
		return nil
	}}
	tr := &apisig.Transport{Signer: signer, Credentials: provider, Base: drainingBase(nil)}
	ctx := context.WithValue(context.Background(), ctxKey{}, "marker")
	for range 3 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://example.invalid/", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if diff := cmp.Diff([]string{"AK1", "AK2", "AK3"}, got); diff != "" {
		t.Errorf("credentials used per request (-want +got):\n%s", diff)
	}
}

type ctxKey struct{}

// TestTransportBaseNil swaps http.DefaultTransport, so it must not run in parallel.
func TestTransportBaseNil(t *testing.T) {
	t.Run("falls back to http.DefaultTransport", func(t *testing.T) {
		var used *http.Request
		orig := http.DefaultTransport
		t.Cleanup(func() { http.DefaultTransport = orig })
		http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			used = r
			return drainingBase(nil).RoundTrip(r)
		})
		tr := &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds}
		req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if used == nil {
			t.Fatal("http.DefaultTransport was not used")
		}
		if used.Header.Get("X-Signature") != "sig:AKID" {
			t.Errorf("http.DefaultTransport got an unsigned request: %v", used.Header)
		}
	})
	t.Run("real server", func(t *testing.T) {
		srv := echoServer(t)
		client := &http.Client{Transport: &apisig.Transport{Signer: &fakeSigner{}, Credentials: staticCreds}}
		resp, err := client.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Got-Signature"); got != "sig:AKID" {
			t.Errorf("server got X-Signature %q; want sig:AKID", got)
		}
	})
}

func TestTransportConcurrent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if want := "sig:" + r.URL.Path + ":" + string(body); r.Header.Get("X-Signature") != want {
			http.Error(w, "bad signature "+r.Header.Get("X-Signature")+", want "+want, http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	signer := &fakeSigner{sign: func(req *http.Request, creds apisig.Credentials) error {
		rc, err := req.GetBody()
		if err != nil {
			return err
		}
		defer rc.Close()
		b, _ := io.ReadAll(rc)
		req.Header.Set("X-Signature", "sig:"+req.URL.Path+":"+string(b))
		return nil
	}}
	client := &http.Client{Transport: &apisig.Transport{Signer: signer, Credentials: staticCreds}}

	const goroutines, perGoroutine = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*perGoroutine)
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				path := "/g" + string(rune('a'+g)) + "/" + string(rune('a'+i))
				resp, err := client.Post(srv.URL+path, "text/plain", strings.NewReader("body-"+path))
				if err != nil {
					errs <- err
					continue
				}
				msg, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusNoContent {
					errs <- errors.New(resp.Status + ": " + string(msg))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(signer.calls); n != goroutines*perGoroutine {
		t.Errorf("signer called %d times; want %d", n, goroutines*perGoroutine)
	}
}

// TestTransportMiddlewareSigV4Concurrent signs with aws.SigV4 through one shared Transport and
// verifies with aws.SigV4 behind Middleware, from several goroutines at once (run with -race).
func TestTransportMiddlewareSigV4Concurrent(t *testing.T) {
	clock := apisig.FixedClock(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	verifier := &aws.SigV4{Region: "us-east-1", Service: "execute-api", Clock: clock,
		Keys: apisig.StaticKeys{"AKID": apisig.NewSecret(testSecret), "AKID2": apisig.NewSecret("other-secret")}}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := apisig.VerifiedFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		if !ok {
			http.Error(w, "no Verified in context", http.StatusInternalServerError)
			return
		}
		_, _ = io.WriteString(w, v.AccessKeyID+":"+string(body))
	})
	srv := httptest.NewServer(apisig.Middleware(apisig.MiddlewareOptions{Verifier: verifier})(api))
	defer srv.Close()

	signer := &aws.SigV4{Region: "us-east-1", Service: "execute-api", Clock: clock}
	clients := []struct {
		id     string
		client *http.Client
	}{
		{"AKID", &http.Client{Transport: &apisig.Transport{Signer: signer, Credentials: staticCreds}}},
		{"AKID2", &http.Client{Transport: &apisig.Transport{Signer: signer,
			Credentials: apisig.StaticCredentials{AccessKeyID: "AKID2", Secret: apisig.NewSecret("other-secret"), SessionToken: apisig.NewSecret(testToken)}}}},
	}

	const goroutines, perGoroutine = 6, 8
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*perGoroutine)
	for g := range goroutines {
		c := clients[g%len(clients)]
		wg.Go(func() {
			for i := range perGoroutine {
				body := strings.Repeat("x", g*perGoroutine+i)
				resp, err := c.client.Post(srv.URL+"/prod/item?g="+string(rune('a'+g)), "text/plain", strings.NewReader(body))
				if err != nil {
					errs <- err
					continue
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if want := c.id + ":" + body; resp.StatusCode != http.StatusOK || string(got) != want {
					errs <- errors.New(resp.Status + ": " + string(got))
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
