package httpsig_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

var (
	testEdPriv = ed25519.NewKeyFromSeed([]byte(strings.Repeat("e", ed25519.SeedSize)))
	testEdPub  = testEdPriv.Public()
	testEdKeys = httpsig.KeyMap{"ed": {ID: "ed", Public: testEdPub}}
)

func signedRequest(t *testing.T, p *httpsig.Profile, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest("POST", "https://example.com/foo?a=1", r)
	req.Header.Set("Content-Type", "application/json")
	if err := p.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		t.Fatal(err)
	}
	return req
}

func edSigner() *httpsig.Profile {
	return &httpsig.Profile{Key: &httpsig.Key{ID: "ed", Private: testEdPriv}, Clock: suiteClock}
}

func TestVerifyFailures(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		signer func() *httpsig.Profile
		body   string
		mutate func(r *http.Request)
		verify func(p *httpsig.Profile)
		want   error
		code   string
	}{
		{name: "ok", signer: edSigner},
		{name: "missing required component", signer: edSigner, verify: func(p *httpsig.Profile) { p.Policy.Required = []string{"content-type"} },
			want: apisig.ErrMalformed, code: httpsig.CodeMissingComponent},
		{name: "too old", signer: edSigner, verify: func(p *httpsig.Profile) {
			p.Policy.MaxAge = time.Minute
			p.Clock = apisig.FixedClock(suiteTime.Add(2 * time.Minute))
		}, want: apisig.ErrExpired, code: httpsig.CodeTooOld},
		{name: "created in the future", signer: edSigner, verify: func(p *httpsig.Profile) { p.Clock = apisig.FixedClock(suiteTime.Add(-time.Hour)) },
			want: apisig.ErrSkewed, code: httpsig.CodeCreatedInFuture},
		{name: "expired", signer: func() *httpsig.Profile { p := edSigner(); p.Expires = time.Minute; return p },
			verify: func(p *httpsig.Profile) { p.Clock = apisig.FixedClock(suiteTime.Add(time.Minute)) }, want: apisig.ErrExpired, code: httpsig.CodeExpired},
		{name: "created required", signer: func() *httpsig.Profile { p := edSigner(); p.NoCreated = true; return p },
			verify: func(p *httpsig.Profile) { p.Policy.RequireCreated = true }, want: apisig.ErrMalformed},
		{name: "nonce required", signer: edSigner, verify: func(p *httpsig.Profile) { p.Policy.RequireNonce = true }, want: apisig.ErrMalformed},
		{name: "tag", signer: func() *httpsig.Profile { p := edSigner(); p.Tag = "other"; return p },
			verify: func(p *httpsig.Profile) { p.Policy.Tag = "mine" }, want: apisig.ErrMalformed, code: httpsig.CodeTagMismatch},
		{name: "algorithm not accepted", signer: edSigner, verify: func(p *httpsig.Profile) { p.Policy.Algorithms = []httpsig.Algorithm{httpsig.HMACSHA256} },
			want: apisig.ErrMalformed, code: httpsig.CodeAlgorithm},
		{name: "alg does not match key", signer: func() *httpsig.Profile { p := edSigner(); p.IncludeAlg = true; return p },
			verify: func(p *httpsig.Profile) {
				p.Keys = httpsig.KeyMap{"ed": {ID: "ed", Algorithm: httpsig.ECDSAP256SHA256, Public: testEdPub}}
			}, want: apisig.ErrMalformed},
		{name: "key of the wrong type", signer: edSigner,
			verify: func(p *httpsig.Profile) {
				p.Keys = httpsig.KeyMap{"ed": {ID: "ed", Algorithm: httpsig.RSAPSSSHA512, Public: testEdPub}}
			}, want: apisig.ErrMalformed},
		{name: "unknown key", signer: edSigner, verify: func(p *httpsig.Profile) { p.Keys = httpsig.KeyMap{} }, want: apisig.ErrUnknownKey},
		{name: "not signed", signer: edSigner, mutate: func(r *http.Request) { r.Header.Del("Signature-Input") }, want: apisig.ErrNotSigned},
		{name: "signature missing", signer: edSigner, mutate: func(r *http.Request) { r.Header.Del("Signature") }, want: apisig.ErrMalformed},
		{name: "signature not bytes", signer: edSigner, mutate: func(r *http.Request) { r.Header.Set("Signature", `sig1="abc"`) }, want: apisig.ErrMalformed},
		{name: "input not a list", signer: edSigner, mutate: func(r *http.Request) { r.Header.Set("Signature-Input", `sig1="@method"`) }, want: apisig.ErrMalformed},
		{name: "input bad syntax", signer: edSigner, mutate: func(r *http.Request) { r.Header.Set("Signature-Input", `sig1=("@method"`) }, want: apisig.ErrMalformed},
		{name: "label mismatch", signer: edSigner, mutate: func(r *http.Request) {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "sig1=", "sig2=", 1))
		}, want: apisig.ErrMalformed},
		{name: "other label wanted", signer: edSigner, verify: func(p *httpsig.Profile) { p.Label = "sig9" }, want: apisig.ErrNotSigned},
		{name: "body changed", signer: edSigner, body: `{"a":1}`, mutate: func(r *http.Request) {
			b := `{"a":2}`
			r.Body = io.NopCloser(strings.NewReader(b))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(b)), nil }
		}, want: apisig.ErrMismatch, code: httpsig.CodeContentDigestCheck},
		{name: "covered header removed", signer: func() *httpsig.Profile { p := edSigner(); p.Components = []string{"@method", "content-type"}; return p },
			mutate: func(r *http.Request) { r.Header.Del("Content-Type") }, want: apisig.ErrMismatch},
		{name: "method changed", signer: edSigner, mutate: func(r *http.Request) { r.Method = "PUT" }, want: apisig.ErrMismatch, code: httpsig.CodeSignatureMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := signedRequest(t, tc.signer(), tc.body)
			if tc.mutate != nil {
				tc.mutate(req)
			}
			vp := &httpsig.Profile{Keys: testEdKeys, Clock: suiteClock}
			if tc.verify != nil {
				tc.verify(vp)
			}
			_, err := vp.Verify(ctx, req)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Verify = %v; want success", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v; want %v", err, tc.want)
			}
			if tc.code != "" && !strings.Contains(err.Error(), tc.code) {
				t.Errorf("Verify = %v; want code %s", err, tc.code)
			}
		})
	}
}

func TestNonceReplay(t *testing.T) {
	n := 0
	p := edSigner()
	p.Nonce = apisig.NonceFunc(func() (string, error) { n++; return "nonce-" + string(rune('a'+n)), nil })
	vp := &httpsig.Profile{Keys: testEdKeys, Clock: suiteClock, Replay: &apisig.MemoryReplay{Clock: suiteClock}, Policy: httpsig.Policy{RequireNonce: true, MaxAge: time.Minute}}
	req := signedRequest(t, p, "")
	if _, err := vp.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if _, err := vp.Verify(context.Background(), req); !errors.Is(err, apisig.ErrReplayed) {
		t.Fatalf("replayed nonce: %v; want ErrReplayed", err)
	}
	if _, err := vp.Verify(context.Background(), signedRequest(t, p, "")); err != nil {
		t.Fatalf("fresh nonce: %v", err)
	}
}

// TestRandomisedAlgorithms signs and verifies with the algorithms whose signatures differ each
// time, and checks ECDSA's r||s length and the DER knob.
func TestRandomisedAlgorithms(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, tc := range []struct {
		name   string
		key    *httpsig.Key
		sigLen int
	}{
		{"ecdsa-p384-sha384", &httpsig.Key{ID: "k", Private: p384}, 96},
		{"ecdsa-p256-sha256", &httpsig.Key{ID: "k", Private: p256}, 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &httpsig.Profile{Key: tc.key, Clock: suiteClock, IncludeAlg: true, Keys: httpsig.KeyMap{"k": {ID: "k", Public: tc.key.Private.Public()}}}
			req := signedRequest(t, p, `{"x":1}`)
			_, _, sigs, err := httpsig.ReadSignatures(req.Header)
			if err != nil || len(sigs[0]) != tc.sigLen {
				t.Fatalf("signature length %d (err %v); want %d (r||s)", len(sigs[0]), err, tc.sigLen)
			}
			if _, err := p.Verify(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			d := &httpsig.Profile{Key: tc.key, Clock: suiteClock, Keys: p.Keys}
			if err := d.SetKnob("ecdsa-encoding", "der"); err != nil {
				t.Fatal(err)
			}
			der := signedRequest(t, d, "")
			if _, err := p.Verify(context.Background(), der); !errors.Is(err, apisig.ErrMalformed) {
				t.Errorf("DER signature to an r||s verifier: %v; want ErrMalformed naming DER", err)
			}
			if _, err := d.Verify(context.Background(), der); err != nil {
				t.Errorf("DER verifier: %v", err)
			}
		})
	}
}

// TestResponse signs a response that binds its request (;req) and verifies it.
func TestResponse(t *testing.T) {
	req := signedRequest(t, edSigner(), `{"hello": "world"}`)
	resp := &http.Response{StatusCode: 503, Header: http.Header{"Content-Type": {"application/json"}}, Request: req,
		Body: io.NopCloser(strings.NewReader(`{"busy": true}`)), ContentLength: 14}
	p := edSigner()
	p.Label = "reqres"
	p.Components = []string{"@status", "content-type", "content-digest", `"signature";req;key="sig1"`, "@authority;req", "@method;req"}
	if err := p.SignResponse(context.Background(), resp, apisig.Credentials{}); err != nil {
		t.Fatal(err)
	}
	vp := &httpsig.Profile{Keys: testEdKeys, Clock: suiteClock, Label: "reqres"}
	if _, err := vp.VerifyResponse(context.Background(), resp); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); string(b) != `{"busy": true}` {
		t.Errorf("body after verification = %q", b)
	}
	req.Method = "GET"
	if _, err := vp.VerifyResponse(context.Background(), resp); !errors.Is(err, apisig.ErrMismatch) {
		t.Errorf("response bound to another request: %v; want ErrMismatch", err)
	}
}

func TestSignErrors(t *testing.T) {
	ctx := context.Background()
	req, _ := http.NewRequest("GET", "https://example.com/", nil)
	for _, tc := range []struct {
		name  string
		p     *httpsig.Profile
		creds apisig.Credentials
		want  error
	}{
		{"no key", &httpsig.Profile{}, apisig.Credentials{}, apisig.ErrNoCredentials},
		{"short hmac secret", &httpsig.Profile{}, apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret("short")}, apisig.ErrInvalidInput},
		{"unknown algorithm", &httpsig.Profile{Algorithm: "hmac-md5"}, apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret(strings.Repeat("s", 32))}, apisig.ErrInvalidInput},
		{"rsa without algorithm", &httpsig.Profile{}, apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret(mustRead(t, "testdata/keys/test-key-rsa.pem"))}, apisig.ErrInvalidInput},
		{"bad component", &httpsig.Profile{Components: []string{"@method", `"x`}}, apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret(strings.Repeat("s", 32))}, apisig.ErrInvalidInput},
		{"keyid not ASCII", &httpsig.Profile{}, apisig.Credentials{AccessKeyID: "clé", Secret: apisig.NewSecret(strings.Repeat("s", 32))}, apisig.ErrInvalidInput},
		{"bad PEM", &httpsig.Profile{}, apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")}, apisig.ErrInvalidInput},
		{"public key cannot sign", &httpsig.Profile{Key: &httpsig.Key{ID: "ed", Public: testEdPub}}, apisig.Credentials{}, apisig.ErrInvalidInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.p.Sign(ctx, req.Clone(ctx), tc.creds); !errors.Is(err, tc.want) {
				t.Fatalf("Sign = %v; want %v", err, tc.want)
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDuplicateComponentWithByteParam(t *testing.T) {
	p := edSigner()
	p.Components = []string{`"x";p=:AA==:`, `"x";p=:AA==:`}
	req, _ := http.NewRequest("GET", "https://example.com/", nil)
	req.Header.Set("X", "1")
	if err := p.Sign(context.Background(), req, apisig.Credentials{}); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Sign = %v; want ErrInvalidInput for a duplicate", err)
	}
}

// TestConcurrent signs and verifies from many goroutines with one Profile (run with -race).
func TestConcurrent(t *testing.T) {
	p := edSigner()
	p.Keys = testEdKeys
	p.Components = []string{"@method", "@target-uri", "content-digest"}
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for range 20 {
				req, _ := http.NewRequest("POST", "https://example.com/"+strings.Repeat("x", i), strings.NewReader("body"))
				if err = p.Sign(context.Background(), req, apisig.Credentials{}); err == nil {
					_, err = p.Verify(context.Background(), req)
				}
				if err != nil {
					break
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
