package signedurl_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/signedurl"
)

// google is Google Maps' URL-signing configuration.
func google(keys apisig.KeyStore) *signedurl.Signer {
	return &signedurl.Signer{Hash: signedurl.SHA1, KeyEncoding: signedurl.KeyBase64URL, SignatureEncoding: signedurl.SigBase64URL,
		Param: "signature", KeyIDParam: "client", Keys: keys}
}

func TestVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors") {
		t.Run(v.Name, func(t *testing.T) {
			var in struct {
				URL    string `json:"url"`
				Client string `json:"client"`
				Key    string `json:"key"`
			}
			var want struct {
				StringToSign string `json:"string_to_sign"`
				Signature    string `json:"signature"`
			}
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			keys := apisig.StaticKeys{in.Client: apisig.NewSecret(in.Key)}
			s := google(keys)
			req, _ := http.NewRequest("GET", in.URL, nil)
			tr, err := s.Explain(context.Background(), req, apisig.Credentials{AccessKeyID: in.Client, Secret: apisig.NewSecret(in.Key)})
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := tr.Find(apisig.StepStringToSign); got != want.StringToSign {
				t.Errorf("string to sign %q, want %q", got, want.StringToSign)
			}
			if got, _ := tr.Find(apisig.StepSignature); got != want.Signature {
				t.Errorf("signature %q, want %q", got, want.Signature)
			}
			if _, err := s.Verify(context.Background(), req); err != nil {
				t.Errorf("signed URL does not verify: %v", err)
			}
			// The URL as Google's documentation writes it ('=' unescaped) verifies too.
			published, _ := http.NewRequest("GET", in.URL+"&client="+in.Client+"&signature="+want.Signature, nil)
			if _, err := s.Verify(context.Background(), published); err != nil {
				t.Errorf("published URL does not verify: %v", err)
			}
		})
	}
}

var (
	testCreds = apisig.Credentials{AccessKeyID: "client-7", Secret: apisig.NewSecret("c2VjcmV0IGtleSBieXRlcyE/Pz8+Pj4=")}
	testKeys  = apisig.StaticKeys{"client-7": testCreds.Secret}
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
)

func newRequest(method, path, rawQuery, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		u := schemetest.URL("https", "files.example.com", path, rawQuery)
		var r *http.Request
		if body != "" {
			r, _ = http.NewRequest(method, u.String(), strings.NewReader(body))
		} else {
			r, _ = http.NewRequest(method, u.String(), nil)
		}
		r.URL = u
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Add(headers[i], headers[i+1])
		}
		return r
	}
}

// TestSuite runs the shared harness on configurations that sign, between them, every part.
func TestSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	everything := signedurl.Message{Method: true, Host: true, Query: signedurl.QuerySorted, Headers: []string{"Content-Type", "X-Date"}, Body: true}
	for _, tc := range []struct {
		name     string
		s        *signedurl.Signer
		carriers []string
		cases    []schemetest.Case
	}{
		// The harness changes the method and host too, so these sign them (Google's scheme does
		// not; TestVectors checks it as published).
		{"google-like", &signedurl.Signer{Hash: signedurl.SHA1, KeyEncoding: signedurl.KeyBase64, SignatureEncoding: signedurl.SigBase64URL,
			KeyIDParam: "client", Keys: testKeys, Clock: clock, Message: signedurl.Message{Method: true, Host: true}}, []string{"signature"}, []schemetest.Case{
			{Name: "get", Request: newRequest("GET", "/maps/api/geocode/json", "address=New+York&b=%E1%88%B4&a=1&a=0", "", "User-Agent", "x")},
			{Name: "presign", Request: newRequest("GET", "/dl/a b.zip", "v=2", ""), Presign: time.Hour},
		}},
		{"sha512-expiring-unpadded", &signedurl.Signer{Hash: signedurl.SHA512, SignatureEncoding: signedurl.SigBase64URLUnpadded, Param: "sig",
			KeyIDParam: "kid", ExpiresParam: "exp", Keys: testKeys, Clock: clock, Message: signedurl.Message{Method: true, Host: true}}, []string{"sig"}, []schemetest.Case{
			{Name: "get", Request: newRequest("GET", "/x/y", "z=1&a=%2F", "")},
			{Name: "presign", Request: newRequest("GET", "/dl", "", ""), Presign: 10 * time.Minute},
		}},
		{"header-everything", &signedurl.Signer{Placement: signedurl.PlaceHeader, Message: everything, KeyID: "client-7", Keys: testKeys, Clock: clock},
			[]string{"X-Signature"}, []schemetest.Case{
				{Name: "post", Request: newRequest("POST", "/api/v1/items", "b=2&a=1", `{"k":"v"}`, "Content-Type", "application/json", "X-Date", "2026-11-23T09:30:00Z")},
				{Name: "put-no-headers", Request: newRequest("PUT", "/api/v1/items/7", "", `payload`)},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			structural := []string{"client", "kid", "exp"}
			schemetest.Run(t, schemetest.Suite{Signer: tc.s, Verifier: tc.s, Credentials: testCreds, Cases: tc.cases,
				Carriers: tc.carriers, Unsigned: []string{"User-Agent"}, Structural: structural})
		})
	}
}

func TestVerifyErrors(t *testing.T) {
	base := func() *signedurl.Signer {
		return &signedurl.Signer{ExpiresParam: "exp", KeyIDParam: "client", Keys: testKeys, Clock: apisig.FixedClock(testTime)}
	}
	for _, tc := range []struct {
		name   string
		mutate func(r *http.Request, s *signedurl.Signer)
		kind   error
	}{
		{"good", func(*http.Request, *signedurl.Signer) {}, nil},
		{"unsigned", func(r *http.Request, _ *signedurl.Signer) { r.URL.RawQuery = "a=1" }, apisig.ErrNotSigned},
		{"two signatures", func(r *http.Request, _ *signedurl.Signer) { r.URL.RawQuery += "&signature=00" }, apisig.ErrMalformed},
		{"upper-case hex", func(r *http.Request, _ *signedurl.Signer) {
			i := strings.Index(r.URL.RawQuery, "signature=") + len("signature=")
			r.URL.RawQuery = r.URL.RawQuery[:i] + strings.ToUpper(r.URL.RawQuery[i:])
		}, apisig.ErrMalformed},
		{"not hex", func(r *http.Request, _ *signedurl.Signer) { r.URL.RawQuery += "x" }, apisig.ErrMalformed},
		{"expired", func(_ *http.Request, s *signedurl.Signer) { s.Clock = apisig.FixedClock(testTime.Add(time.Hour)) }, apisig.ErrExpired},
		{"bad expiry", func(r *http.Request, _ *signedurl.Signer) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "exp=", "exp=x", 1)
		}, apisig.ErrMalformed},
		{"no client", func(r *http.Request, _ *signedurl.Signer) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "client=client-7&", "", 1)
		}, apisig.ErrMalformed},
		{"unknown client", func(_ *http.Request, s *signedurl.Signer) { s.Keys = apisig.StaticKeys{} }, apisig.ErrUnknownKey},
		{"tampered", func(r *http.Request, _ *signedurl.Signer) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "a=1", "a=2", 1)
		}, apisig.ErrMismatch},
		{"unknown hash", func(_ *http.Request, s *signedurl.Signer) { s.Hash = 7 }, apisig.ErrInvalidInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			r := newRequest("GET", "/f", "a=1", "")()
			if err := s.Sign(context.Background(), r, testCreds); err != nil {
				t.Fatal(err)
			}
			tc.mutate(r, s)
			_, err := s.Verify(context.Background(), r)
			if tc.kind == nil && err != nil || tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Fatalf("Verify = %v, want %v", err, tc.kind)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	req := newRequest("GET", "/f", "", "")
	for _, s := range []*signedurl.Signer{
		{Hash: 9}, {KeyEncoding: 9}, {SignatureEncoding: 9}, {Placement: 9}, {Message: signedurl.Message{Query: 9}},
		{KeyIDParam: "signature"}, {ExpiresParam: "e", KeyIDParam: "e"},
		{KeyEncoding: signedurl.KeyBase64}, // the secret below is not base64
	} {
		err := s.Sign(context.Background(), req(), apisig.Credentials{AccessKeyID: "k", Secret: apisig.NewSecret("not base64!")})
		if !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%+v: Sign = %v, want ErrInvalidInput", s, err)
		}
	}
	sc := signedurl.Scheme()
	for _, params := range []map[string]string{{"hash": "md5"}, {"key-encoding": "hex"}, {"signature-encoding": "base32"},
		{"placement": "cookie"}, {"sign": "path,cookies"}, {"expiry": "soon"}} {
		if _, err := sc.Build(apisig.Config{Params: params}); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%v: Build = %v, want ErrInvalidInput", params, err)
		}
	}
	if _, err := sc.Build(apisig.Config{Params: map[string]string{"hash": "sha1", "sign": "method,host,path,sorted-query,header:x-date,body"}}); err != nil {
		t.Error(err)
	}
}

// TestMiddleware serves a handler behind apisig.Middleware and checks that a good URL passes and
// a bad one is refused with the reason.
func TestMiddleware(t *testing.T) {
	s := &signedurl.Signer{ExpiresParam: "exp", KeyIDParam: "client", Keys: testKeys, Clock: apisig.FixedClock(testTime)}
	h := apisig.Middleware(apisig.MiddlewareOptions{Verifier: s})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := apisig.VerifiedFrom(r.Context())
		io.WriteString(w, "hello "+v.AccessKeyID)
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	signed, _ := http.NewRequest("GET", srv.URL+"/files/report.pdf?v=1", nil)
	ps, err := s.Presign(context.Background(), signed, testCreds, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		url    string
		status int
		body   string
	}{
		{ps.URL.String(), 200, "hello client-7"},
		{strings.Replace(ps.URL.String(), "v=1", "v=2", 1), 403, "string to sign"},
		{srv.URL + "/files/report.pdf?v=1", 401, "query parameter signature: is missing"},
	} {
		resp, err := http.Get(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.body) {
			t.Errorf("GET %s = %d %q, want %d containing %q", tc.url, resp.StatusCode, b, tc.status, tc.body)
		}
	}
}

// FuzzVerify feeds arbitrary queries and signature headers to the verifier: it must never
// panic, and must never accept a request it did not sign.
func FuzzVerify(f *testing.F) {
	for _, q := range []string{"a=1&client=client-7&exp=1795427100&signature=00", "signature=%zz", "client=&client=x", "exp=-1&exp=99999999999999999999", "&&=&signature"} {
		f.Add(q, "")
	}
	s := &signedurl.Signer{ExpiresParam: "exp", KeyIDParam: "client", Keys: testKeys, Clock: apisig.FixedClock(testTime)}
	h := &signedurl.Signer{Placement: signedurl.PlaceHeader, SignatureEncoding: signedurl.SigBase64, KeyID: "client-7", Keys: testKeys}
	f.Fuzz(func(t *testing.T, rawQuery, header string) {
		r, err := http.NewRequest("GET", "https://files.example.com/f", nil)
		if err != nil {
			t.Skip()
		}
		r.URL.RawQuery = rawQuery
		r.Header.Set("X-Signature", header)
		if _, err := s.Verify(context.Background(), r); err == nil {
			t.Fatalf("accepted an unsigned query %q", rawQuery)
		}
		if _, err := h.Verify(context.Background(), r); err == nil {
			t.Fatalf("accepted an unsigned header %q", header)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	s := google(nil)
	creds := apisig.Credentials{AccessKeyID: "clientID", Secret: apisig.NewSecret("vNIXE0xscrmjlyV-12Nj_BvUPaw=")}
	b.ReportAllocs()
	for b.Loop() {
		r, _ := http.NewRequest("GET", "https://maps.googleapis.com/maps/api/geocode/json?address=New+York", nil)
		if err := s.Sign(context.Background(), r, creds); err != nil {
			b.Fatal(err)
		}
	}
}
