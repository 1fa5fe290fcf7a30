package httpsig_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
	"github.com/apisig/apisig/internal/vectors"
)

type vectorMessage struct {
	Kind      string      `json:"kind"`
	Method    string      `json:"method"`
	TargetURI string      `json:"target_uri"`
	Status    int         `json:"status"`
	Headers   [][2]string `json:"headers"`
	Body      string      `json:"body"`
}

type vectorInputs struct {
	Message        vectorMessage `json:"message"`
	Label          string        `json:"label"`
	SignatureInput string        `json:"signature_input"`
	Alg            string        `json:"alg"`
	Key            struct {
		SharedSecretBase64 string `json:"shared_secret_base64"`
		PublicKeyPEM       string `json:"public_key_pem"`
		PrivateKeyPEM      string `json:"private_key_pem"`
	} `json:"key"`
}

type vectorExpected struct {
	SignatureBase        string `json:"signature_base"`
	SignatureInputHeader string `json:"signature_input_header"`
	Signature            string `json:"signature"`
	SignatureHeader      string `json:"signature_header"`
}

// vectorTime is 100 seconds after the examples' created.
var vectorTime = time.Unix(1618884473+100, 0)

// newMessage builds the vector's request, or response (with no related request).
func (m vectorMessage) build(t *testing.T) (*http.Request, *http.Response) {
	t.Helper()
	h := http.Header{}
	for _, kv := range m.Headers {
		h.Add(kv[0], kv[1])
	}
	if m.Kind == "response" {
		return nil, &http.Response{StatusCode: m.Status, Header: h, Body: io.NopCloser(strings.NewReader(m.Body)), ContentLength: int64(len(m.Body))}
	}
	req, err := http.NewRequest(m.Method, m.TargetURI, strings.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	if host := h.Get("Host"); host != "" {
		req.Host = host
		h.Del("Host")
	}
	req.Header = h
	return req, nil
}

func vectorKey(t *testing.T, in vectorInputs, keyID string) *httpsig.Key {
	t.Helper()
	var text string
	switch {
	case in.Key.SharedSecretBase64 != "":
		text = "base64:" + in.Key.SharedSecretBase64
	case in.Key.PrivateKeyPEM != "":
		text = in.Key.PrivateKeyPEM
	default:
		text = in.Key.PublicKeyPEM
	}
	k, err := httpsig.ParseKey(keyID, httpsig.Algorithm(in.Alg), text)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestVectors builds every published signature base, reproduces the deterministic signatures
// and verifies every published signature with the published key.
func TestVectors(t *testing.T) {
	vs := vectors.Load(t, "testdata/vectors")
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			var in vectorInputs
			var want vectorExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			sp, err := httpsig.ParseSignatureParams(in.SignatureInput)
			if err != nil {
				t.Fatal(err)
			}
			if got := in.Label + "=" + sp.String(); got != want.SignatureInputHeader {
				t.Errorf("Signature-Input re-serialised = %q; want %q", got, want.SignatureInputHeader)
			}
			p := &httpsig.Profile{Clock: apisig.FixedClock(vectorTime)}
			req, resp := in.Message.build(t)
			base, err := p.SignatureBase(req, resp, in.SignatureInput)
			if err != nil {
				t.Fatal(err)
			}
			if base != want.SignatureBase {
				t.Errorf("signature base:\n%s\nwant:\n%s", base, want.SignatureBase)
			}
			key := vectorKey(t, in, sp.KeyID)

			// Deterministic algorithms: signing reproduces the published signature.
			if key.Private != nil || !key.Secret.IsZero() {
				sg := &httpsig.Profile{Label: in.Label, Key: key, Clock: apisig.FixedClock(time.Unix(sp.Created, 0))}
				for _, c := range sp.Components {
					sg.Components = append(sg.Components, c.String())
				}
				req2, resp2 := in.Message.build(t)
				if req2 != nil {
					if err := sg.Sign(context.Background(), req2, apisig.Credentials{}); err != nil {
						t.Fatal(err)
					}
					if got := req2.Header.Get("Signature"); got != want.SignatureHeader {
						t.Errorf("Signature = %q; want %q", got, want.SignatureHeader)
					}
					if got := req2.Header.Get("Signature-Input"); got != want.SignatureInputHeader {
						t.Errorf("Signature-Input = %q; want %q", got, want.SignatureInputHeader)
					}
				} else if err := sg.SignResponse(context.Background(), resp2, apisig.Credentials{}); err != nil {
					t.Fatal(err)
				}
			}

			// Every published signature verifies with the published key, through the headers.
			vp := &httpsig.Profile{Keys: httpsig.KeyMap{sp.KeyID: key}, Clock: apisig.FixedClock(vectorTime)}
			var h http.Header
			if req != nil {
				h = req.Header
			} else {
				h = resp.Header
			}
			h.Set("Signature-Input", want.SignatureInputHeader)
			h.Set("Signature", want.SignatureHeader)
			verify := func() error {
				if req != nil {
					_, err := vp.Verify(context.Background(), req)
					return err
				}
				_, err := vp.VerifyResponse(context.Background(), resp)
				return err
			}
			if err := verify(); err != nil {
				t.Fatalf("published signature does not verify: %v", err)
			}
			// A changed signature does not.
			sig, _ := base64.StdEncoding.DecodeString(want.Signature)
			sig[len(sig)/2] ^= 1
			h.Set("Signature", in.Label+"=:"+base64.StdEncoding.EncodeToString(sig)+":")
			if err := verify(); !errors.Is(err, apisig.ErrMismatch) {
				t.Fatalf("altered signature: %v; want ErrMismatch", err)
			}
		})
	}
	if len(vs) != 8 {
		t.Errorf("%d vectors; want the 8 of RFC 9421 Appendix B (B.2.1-B.2.6, B.3, B.4)", len(vs))
	}
}

// TestTransformations replays RFC 9421 Appendix B.4: the transformed messages that keep the
// signature valid verify, and the two that break it do not.
func TestTransformations(t *testing.T) {
	pub := "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n"
	key, err := httpsig.ParseKey("test-key-ed25519", "", pub)
	if err != nil {
		t.Fatal(err)
	}
	vp := &httpsig.Profile{Keys: httpsig.KeyMap{"test-key-ed25519": key}, Clock: apisig.FixedClock(vectorTime)}
	const (
		input = `transform=("@method" "@path" "@authority" "accept");created=1618884473;keyid="test-key-ed25519"`
		sig   = `transform=:ZT1kooQsEHpZ0I1IjCqtQppOmIqlJPeo7DHR3SoMn0s5JZ1eRGS0A+vyYP9t/LXlh5QMFFQ6cpLt2m0pmj3NDA==:`
	)
	for _, tc := range []struct {
		name, method, url, host string
		headers                 [][2]string
		ok                      bool
	}{
		{"original", "GET", "https://example.org/demo?name1=Value1&Name2=value2", "example.org", [][2]string{{"Date", "Fri, 15 Jul 2022 14:24:55 GMT"}, {"Accept", "application/json"}, {"Accept", "*/*"}}, true},
		{"query and header added", "GET", "https://example.org/demo?name1=Value1&Name2=value2&param=added", "example.org", [][2]string{{"Date", "Fri, 15 Jul 2022 14:24:55 GMT"}, {"Accept", "application/json"}, {"Accept", "*/*"}, {"Accept-Language", "en-US,en;q=0.5"}}, true},
		{"date removed, referer added, accept on one line", "GET", "https://example.org/demo?name1=Value1&Name2=value2", "example.org", [][2]string{{"Referer", "https://developer.example.org/demo"}, {"Accept", "application/json, */*"}}, true},
		{"method and authority changed", "POST", "https://example.com/demo?name1=Value1&Name2=value2", "example.com", [][2]string{{"Date", "Fri, 15 Jul 2022 14:24:55 GMT"}, {"Accept", "application/json"}, {"Accept", "*/*"}}, false},
		{"accept lines swapped", "GET", "https://example.org/demo?name1=Value1&Name2=value2", "example.org", [][2]string{{"Date", "Fri, 15 Jul 2022 14:24:55 GMT"}, {"Accept", "*/*"}, {"Accept", "application/json"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, tc.url, nil)
			req.Host = tc.host
			for _, kv := range tc.headers {
				req.Header.Add(kv[0], kv[1])
			}
			req.Header.Set("Signature-Input", input)
			req.Header.Set("Signature", sig)
			_, err := vp.Verify(context.Background(), req)
			if tc.ok && err != nil {
				t.Fatalf("Verify = %v; want success", err)
			}
			if !tc.ok && !errors.Is(err, apisig.ErrMismatch) {
				t.Fatalf("Verify = %v; want ErrMismatch", err)
			}
		})
	}
}

// TestRFCKeysSign signs with the RFC's private test keys and verifies with their public halves
// (the randomised algorithms) or compares with a second signature (the deterministic one).
func TestRFCKeysSign(t *testing.T) {
	for _, tc := range []struct {
		file string
		alg  httpsig.Algorithm
	}{
		{"test-key-rsa.pem", httpsig.RSAV15SHA256},
		{"test-key-rsa.pem", httpsig.RSAPSSSHA512},
		{"test-key-rsa-pss.pem", httpsig.RSAPSSSHA512},
		{"test-key-ecc-p256.pem", httpsig.ECDSAP256SHA256},
	} {
		t.Run(tc.file+"/"+string(tc.alg), func(t *testing.T) {
			pemText, err := os.ReadFile("testdata/keys/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			key, err := httpsig.ParseKey(strings.TrimSuffix(tc.file, ".pem"), tc.alg, string(pemText))
			if err != nil {
				t.Fatal(err)
			}
			p := &httpsig.Profile{Key: key, Clock: apisig.FixedClock(vectorTime), Keys: httpsig.KeyMap{key.ID: &httpsig.Key{ID: key.ID, Algorithm: tc.alg, Public: key.Public}}}
			req, _ := http.NewRequest("POST", "https://example.com/foo?param=Value&Pet=dog", strings.NewReader(`{"hello": "world"}`))
			if err := p.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
				t.Fatal(err)
			}
			if want := "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"; req.Header.Get("Content-Digest") != want {
				t.Errorf("Content-Digest = %q; want RFC 9421's %q", req.Header.Get("Content-Digest"), want)
			}
			if _, err := p.Verify(context.Background(), req); err != nil {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}
