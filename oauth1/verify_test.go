package oauth1_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

// twitterRequest is Twitter's documented example request, unsigned.
func twitterRequest() *http.Request {
	req, _ := http.NewRequest("POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
		strings.NewReader("status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"))
	req.Header.Set("Content-Type", form)
	return req
}

// twitterSigner signs as Twitter's example does (its timestamp and nonce).
func twitterSigner() *oauth1.Signer {
	at := time.Unix(1318622958, 0)
	return &oauth1.Signer{
		Token: testToken, Clock: apisig.FixedClock(at),
		Nonce:        apisig.NonceFunc(func() (string, error) { return "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", nil }),
		Keys:         apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret},
		TokenSecrets: apisig.StaticKeys{testToken: testCreds.SessionToken},
	}
}

func signedTwitter(t *testing.T) (*oauth1.Signer, *http.Request) {
	t.Helper()
	s := twitterSigner()
	req := twitterRequest()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	// The published signature: the verifier below sees exactly Twitter's example.
	if !strings.Contains(req.Header.Get("Authorization"), `oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"`) {
		t.Fatalf("not the published signature: %s", req.Header.Get("Authorization"))
	}
	return s, req
}

func TestVerifyErrors(t *testing.T) {
	const good = `OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"`
	for _, tc := range []struct {
		name   string
		mutate func(r *http.Request, s *oauth1.Signer)
		kind   error
		code   string
	}{
		{"good", func(r *http.Request, s *oauth1.Signer) {}, nil, ""},
		{"not signed", func(r *http.Request, s *oauth1.Signer) { r.Header.Del("Authorization") }, apisig.ErrNotSigned, oauth1.CodeParameterAbsent},
		{"other scheme", func(r *http.Request, s *oauth1.Signer) { r.Header.Set("Authorization", "Bearer x") }, apisig.ErrNotSigned, oauth1.CodeParameterAbsent},
		{"unquoted value", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `oauth_version="1.0"`, `oauth_version=1.0`, 1))
		}, apisig.ErrMalformed, oauth1.CodeParameterRejected},
		{"unterminated quote", func(r *http.Request, s *oauth1.Signer) { r.Header.Set("Authorization", good[:len(good)-1]) }, apisig.ErrMalformed, oauth1.CodeParameterRejected},
		{"duplicated parameter", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", good+`, oauth_nonce="other"`)
		}, apisig.ErrMalformed, oauth1.CodeParameterRejected},
		{"bad escape", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `%2B`, `%2`, 1))
		}, apisig.ErrMalformed, oauth1.CodeParameterRejected},
		{"non-numeric timestamp", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `"1318622958"`, `"2011-10-14"`, 1))
		}, apisig.ErrMalformed, oauth1.CodeTimestampRefused},
		{"milliseconds timestamp", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `"1318622958"`, `"1318622958000"`, 1))
		}, apisig.ErrMalformed, oauth1.CodeTimestampRefused},
		{"unsupported method", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `"HMAC-SHA1"`, `"HMAC-MD5"`, 1))
		}, apisig.ErrMalformed, oauth1.CodeSignatureMethodRejected},
		{"method not accepted", func(r *http.Request, s *oauth1.Signer) { s.Methods = []oauth1.Method{oauth1.HMACSHA256} }, apisig.ErrMalformed, oauth1.CodeSignatureMethodRejected},
		{"version", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `oauth_version="1.0"`, `oauth_version="2.0"`, 1))
		}, apisig.ErrMalformed, oauth1.CodeVersionRejected},
		{"missing nonce", func(r *http.Request, s *oauth1.Signer) {
			r.Header.Set("Authorization", strings.Replace(good, `oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", `, ``, 1))
		}, apisig.ErrMalformed, oauth1.CodeParameterAbsent},
		{"parameters in two places", func(r *http.Request, s *oauth1.Signer) { r.URL.RawQuery += "&oauth_nonce=x" }, apisig.ErrMalformed, oauth1.CodeParameterRejected},
		{"clock ahead", func(r *http.Request, s *oauth1.Signer) { s.Clock = apisig.FixedClock(time.Unix(1318622958+301, 0)) }, apisig.ErrSkewed, oauth1.CodeTimestampRefused},
		{"unknown consumer", func(r *http.Request, s *oauth1.Signer) { s.Keys = apisig.StaticKeys{} }, apisig.ErrUnknownKey, oauth1.CodeConsumerKeyUnknown},
		{"unknown token", func(r *http.Request, s *oauth1.Signer) { s.TokenSecrets = apisig.StaticKeys{} }, apisig.ErrUnknownKey, oauth1.CodeTokenRejected},
		{"no token store", func(r *http.Request, s *oauth1.Signer) { s.TokenSecrets = nil }, apisig.ErrUnknownKey, oauth1.CodeTokenRejected},
		{"wrong secret", func(r *http.Request, s *oauth1.Signer) {
			s.Keys = apisig.StaticKeys{testCreds.AccessKeyID: apisig.NewSecret("wrong")}
		}, apisig.ErrMismatch, oauth1.CodeSignatureInvalid},
		{"body changed", func(r *http.Request, s *oauth1.Signer) {
			b := "status=Hello%20Ladies%20%2b%20Gentlemen"
			r.Body, r.GetBody = nil, nil
			nr, _ := http.NewRequest("POST", r.URL.String(), strings.NewReader(b))
			r.Body, r.GetBody = nr.Body, nr.GetBody
		}, apisig.ErrMismatch, oauth1.CodeSignatureInvalid},
		{"form with charset", func(r *http.Request, s *oauth1.Signer) { r.Header.Set("Content-Type", form+"; charset=UTF-8") }, nil, ""},
		{"json body not signed", func(r *http.Request, s *oauth1.Signer) { r.Header.Set("Content-Type", "application/json") }, apisig.ErrMismatch, oauth1.CodeSignatureInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, req := signedTwitter(t)
			s.Clock = apisig.FixedClock(time.Unix(1318622958+60, 0))
			s.Replay = &apisig.MemoryReplay{Clock: s.Clock}
			req.Header.Set("Authorization", good)
			tc.mutate(req, s)
			v, err := s.Verify(context.Background(), req)
			if tc.kind == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if v.AccessKeyID != testCreds.AccessKeyID || v.SignedAt.Unix() != 1318622958 || v.Presigned {
					t.Errorf("Verified = %+v", v)
				}
				return
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Verify error = %v, want %v", err, tc.kind)
			}
			var re *apisig.RequestError
			var mm *apisig.MismatchError
			switch {
			case errors.As(err, &re):
				if re.Code != tc.code {
					t.Errorf("code = %q, want %q (%v)", re.Code, tc.code, err)
				}
			case errors.As(err, &mm):
				if mm.Code != tc.code || mm.Trace == nil {
					t.Errorf("mismatch code = %q trace %v, want %q", mm.Code, mm.Trace != nil, tc.code)
				}
			default:
				t.Errorf("error %T is neither RequestError nor MismatchError", err)
			}
			if strings.Contains(err.Error(), testCreds.Secret.Reveal()) || strings.Contains(err.Error(), testCreds.SessionToken.Reveal()) {
				t.Errorf("error text contains a secret: %v", err)
			}
		})
	}
}

func TestReplay(t *testing.T) {
	s, req := signedTwitter(t)
	s.Clock = apisig.FixedClock(time.Unix(1318622958+10, 0))
	s.Replay = &apisig.MemoryReplay{Clock: s.Clock}
	if _, err := s.Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	_, err := s.Verify(context.Background(), req)
	var re *apisig.RequestError
	if !errors.Is(err, apisig.ErrReplayed) || !errors.As(err, &re) || re.Code != oauth1.CodeNonceUsed {
		t.Fatalf("second Verify = %v, want nonce_used", err)
	}
	// A forged request must not burn a nonce: a mismatch is not claimed.
	s2, req2 := signedTwitter(t)
	s2.Clock, s2.Replay = s.Clock, &apisig.MemoryReplay{Clock: s.Clock}
	s2.Keys = apisig.StaticKeys{testCreds.AccessKeyID: apisig.NewSecret("forger")}
	if _, err := s2.Verify(context.Background(), req2); !errors.Is(err, apisig.ErrMismatch) {
		t.Fatal(err)
	}
	if n := s2.Replay.(*apisig.MemoryReplay).Len(); n != 0 {
		t.Fatalf("a mismatch claimed %d nonces", n)
	}
}

// TestPlacements signs with each method in each placement and verifies the result; PLAINTEXT
// (whose trace redacts the signature, so the harness cannot compare it) and form placement
// (whose signature is in the body) are checked here.
func TestPlacements(t *testing.T) {
	for _, m := range []oauth1.Method{oauth1.HMACSHA1, oauth1.HMACSHA256, oauth1.RSASHA1, oauth1.PlainText} {
		for _, p := range []oauth1.Placement{oauth1.PlaceHeader, oauth1.PlaceQuery, oauth1.PlaceForm} {
			t.Run(m.String()+"-"+p.String(), func(t *testing.T) {
				s := newSigner(m, p)
				s.Replay = &apisig.MemoryReplay{Clock: s.Clock}
				creds := testCreds
				if m == oauth1.RSASHA1 {
					creds.Secret = apisig.NewSecret(testKeyPEM())
				}
				req := twitterRequest()
				tr, err := s.Explain(context.Background(), req, creds)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(tr.String(), testCreds.Secret.Reveal()) || strings.Contains(tr.String(), testCreds.SessionToken.Reveal()) {
					t.Errorf("trace shows a secret:\n%s", tr)
				}
				// Signing twice replaces the parameters placed the first time.
				if err := s.Sign(context.Background(), req, creds); err != nil {
					t.Fatal(err)
				}
				if n := strings.Count(req.URL.RawQuery, "oauth_signature="); n > 1 {
					t.Errorf("query has %d signatures after re-signing: %s", n, req.URL.RawQuery)
				}
				v, err := s.Verify(context.Background(), req)
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if v.Presigned != (p == oauth1.PlaceQuery) {
					t.Errorf("Presigned = %v", v.Presigned)
				}
				if m == oauth1.PlainText && v.Signature != apisig.Redacted {
					t.Errorf("PLAINTEXT signature (the secret) is in Verified: %q", v.Signature)
				}
			})
		}
	}
}

func TestSignErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     oauth1.Signer
		creds apisig.Credentials
		req   func() *http.Request
		kind  error
	}{
		{"anonymous", oauth1.Signer{}, apisig.Credentials{}, twitterRequest, apisig.ErrNoCredentials},
		{"no secret", oauth1.Signer{}, apisig.Credentials{AccessKeyID: "k"}, twitterRequest, apisig.ErrNoCredentials},
		{"unknown method", oauth1.Signer{Method: 9}, testCreds, twitterRequest, apisig.ErrInvalidInput},
		{"unknown placement", oauth1.Signer{Placement: 9}, testCreds, twitterRequest, apisig.ErrInvalidInput},
		{"rsa without a key", oauth1.Signer{Method: oauth1.RSASHA1}, testCreds, twitterRequest, apisig.ErrInvalidInput},
		{"empty nonce", oauth1.Signer{Nonce: apisig.NonceFunc(func() (string, error) { return "", nil })}, testCreds, twitterRequest, apisig.ErrInvalidInput},
		{"form placement with a json body", oauth1.Signer{Placement: oauth1.PlaceForm}, testCreds, func() *http.Request {
			r := twitterRequest()
			r.Header.Set("Content-Type", "application/json")
			return r
		}, apisig.ErrInvalidInput},
		{"one-shot form body", oauth1.Signer{}, testCreds, func() *http.Request {
			r := twitterRequest()
			r.GetBody = nil
			r.Body = http.NoBody
			r.Body = struct{ readCloser }{}
			return r
		}, apisig.ErrBodyNotReplayable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Sign(context.Background(), tc.req(), tc.creds)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Sign = %v, want %v", err, tc.kind)
			}
		})
	}
}

type readCloser struct{}

func (readCloser) Read([]byte) (int, error) { return 0, errors.New("one shot") }
func (readCloser) Close() error             { return nil }

// TestTransport sends through apisig.Transport and checks what the server received verifies.
func TestTransport(t *testing.T) {
	s := twitterSigner()
	s.Replay = &apisig.MemoryReplay{}
	var got *http.Request
	rt := &apisig.Transport{Signer: s, Credentials: apisig.StaticCredentials(testCreds),
		Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r
			return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
		})}
	req := twitterRequest()
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if req.Header.Get("Authorization") != "" {
		t.Error("Transport modified the caller's request")
	}
	if !strings.Contains(got.Header.Get("Authorization"), `oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"`) {
		t.Errorf("sent %q, want Twitter's published signature", got.Header.Get("Authorization"))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestMalformedSignatureNotQuoted: a query or form oauth_signature that does not decode is
// named, not quoted (a PLAINTEXT signature is the consumer and token secrets).
func TestMalformedSignatureNotQuoted(t *testing.T) {
	const secretish = "kAcSOqF21Fu85e7z%ZZjz7ZN2U4ZRhfV3Wpw"
	for _, tc := range []struct{ query, body string }{
		{"oauth_signature=" + secretish, ""},
		{"oauth%5Fsignature=" + secretish, ""},
		{"", "oauth_signature=" + secretish},
	} {
		req := newRequest("POST", "api.example.com", "/r", tc.query, tc.body, "Content-Type", "application/x-www-form-urlencoded")()
		req.URL.RawQuery = tc.query
		v := &oauth1.Signer{Keys: apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}, Clock: apisig.FixedClock(testTime)}
		_, err := v.Verify(context.Background(), req)
		if !errors.Is(err, apisig.ErrMalformed) {
			t.Fatalf("%+v: %v; want ErrMalformed", tc, err)
		}
		if strings.Contains(err.Error(), "kAcSOqF21") || !strings.Contains(err.Error(), "oauth_signature") {
			t.Errorf("%+v: %v; want oauth_signature named, its value not quoted", tc, err)
		}
	}
}
