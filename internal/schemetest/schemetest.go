package schemetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// Case is one request to sign.
type Case struct {
	Name string
	// Request returns a new, unsigned request each time it is called. A body must be
	// re-readable (http.NewRequest with a bytes or strings reader sets GetBody).
	Request func() *http.Request
	// Presign, when non-zero, presigns the request for that long instead of signing it.
	Presign time.Duration
}

// Suite describes a scheme for [Run].
type Suite struct {
	Signer      apisig.Signer
	Verifier    apisig.Verifier
	Credentials apisig.Credentials
	Cases       []Case
	// Carriers are the header and query parameter names that carry the signature itself
	// (Authorization, X-Amz-Signature); mutation leaves them alone.
	Carriers []string
	// Unsigned are header names the scheme does not sign (User-Agent); mutation leaves them alone.
	Unsigned []string
	// Structural are header and query parameter names whose change is reported as something
	// other than a mismatch (a malformed date or credential, a skewed time, an unknown key).
	Structural []string
	// UnsignedQuery are query parameter names the scheme does not sign (OSS V1 signs only its
	// sub-resources); mutation leaves them alone.
	UnsignedQuery []string
	// AddedQuery is the parameter the "query added" mutation adds; zero means apisig-added=1.
	// A scheme that signs only some parameters names one it signs.
	AddedQuery canon.Pair
	// UnsignedTarget says the scheme signs neither the host nor the path (Alibaba RPC signs a
	// fixed "/"); the host and path mutations are then left out.
	UnsignedTarget bool
	// UnsignedHost says the scheme signs the path but not the host (S3 SigV2 and OSS V1 for a
	// path-style request); the host mutation is then left out.
	UnsignedHost bool
	// BodyOnly says the scheme signs only the body and its own headers (webhooks): the method,
	// host, path and query mutations are then left out.
	BodyOnly bool
}

// Run runs the suite's checks on every case.
func Run(t *testing.T, s Suite) {
	t.Helper()
	if len(s.Cases) == 0 {
		t.Fatal("schemetest: suite has no cases")
	}
	for _, c := range s.Cases {
		t.Run(c.Name, func(t *testing.T) {
			signed := s.sign(t, c)
			t.Run("round-trip", func(t *testing.T) {
				if _, err := s.Verifier.Verify(context.Background(), clone(t, signed)); err != nil {
					t.Fatalf("signed request does not verify: %v", err)
				}
			})
			t.Run("explain-equals-sign", func(t *testing.T) { s.explainEqualsSign(t, c) })
			t.Run("mutations", func(t *testing.T) { s.mutations(t, signed) })
		})
	}
}

// sign returns the signed request, or for a presign the request a holder of the URL sends.
func (s Suite) sign(t *testing.T, c Case) *http.Request {
	t.Helper()
	req := c.Request()
	ctx := context.Background()
	if c.Presign == 0 {
		if err := s.Signer.Sign(ctx, req, s.Credentials); err != nil {
			t.Fatalf("Sign: %v", err)
		}
		return req
	}
	ps, ok := s.Signer.(apisig.Presigner)
	if !ok {
		t.Fatalf("%T does not presign", s.Signer)
	}
	p, err := ps.Presign(ctx, req, s.Credentials, c.Presign)
	if err != nil {
		t.Fatalf("Presign: %v", err)
	}
	out, err := http.NewRequest(p.Method, p.URL.String(), bodyOf(t, req))
	if err != nil {
		t.Fatal(err)
	}
	out.URL = p.URL
	out.Host = req.Host
	for k, v := range p.Header {
		out.Header[k] = slices.Clone(v)
	}
	return out
}

func (s Suite) explainEqualsSign(t *testing.T, c Case) {
	if c.Presign != 0 {
		t.Skip("presigning is checked by round trip and the scheme's vectors")
	}
	ctx := context.Background()
	a, b := c.Request(), c.Request()
	if err := s.Signer.Sign(ctx, a, s.Credentials); err != nil {
		t.Fatal(err)
	}
	tr, err := s.Signer.Explain(ctx, b, s.Credentials)
	if err != nil {
		t.Fatal(err)
	}
	if a.URL.String() != b.URL.String() {
		t.Errorf("Explain placed URL %s, Sign %s", b.URL, a.URL)
	}
	if !equalHeaders(a.Header, b.Header) {
		t.Errorf("Explain placed headers %v, Sign %v", b.Header, a.Header)
	}
	sig, ok := tr.Find(apisig.StepSignature)
	if !ok || sig == "" {
		t.Fatal("trace has no signature step")
	}
	placed := a.URL.RawQuery
	for _, v := range a.Header {
		placed += "\n" + strings.Join(v, "\n")
	}
	// A signature placed in a query (base64 with '+', '/', '=') is found percent-encoded.
	if dq, err := url.QueryUnescape(a.URL.RawQuery); err == nil {
		placed += "\n" + dq
	}
	// A signature placed in a form body (Tencent v1 POST) is found there, raw or decoded.
	if body := bodyBytes(t, a); len(body) > 0 {
		placed += "\n" + string(body)
		if db, err := url.QueryUnescape(string(body)); err == nil {
			placed += "\n" + db
		}
	}
	if !strings.Contains(placed, sig) {
		t.Errorf("trace signature %q is not in the signed request", sig)
	}
	if _, ok := tr.Find(apisig.StepStringToSign); !ok {
		t.Error("trace has no string-to-sign step")
	}
	if strings.Contains(tr.String(), s.Credentials.Secret.Reveal()) {
		t.Error("trace text contains the secret")
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// mutation is one single-field change of a signed request.
type mutation struct {
	name       string
	structural bool
	apply      func(r *http.Request)
}

func (s Suite) mutations(t *testing.T, signed *http.Request) {
	var ms []mutation
	if !s.BodyOnly {
		ms = append(ms, mutation{name: "method", apply: func(r *http.Request) {
			if r.Method == http.MethodPost {
				r.Method = http.MethodPut
			} else {
				r.Method = http.MethodPost
			}
		}})
	}
	if !s.UnsignedTarget && !s.BodyOnly && !s.UnsignedHost {
		ms = append(ms, mutation{name: "host", apply: func(r *http.Request) {
			r.Host = "x" + hostOf(r)
			r.URL.Host = r.Host
		}})
	}
	if !s.UnsignedTarget && !s.BodyOnly {
		ms = append(ms, mutation{name: "path", apply: func(r *http.Request) {
			r.URL.Path += "x"
			if r.URL.RawPath != "" {
				r.URL.RawPath += "x"
			}
		}})
	}
	pairs, err := canon.ParseQuery(signed.URL.RawQuery, true)
	if err != nil {
		t.Fatal(err)
	}
	if s.BodyOnly {
		pairs = nil
	}
	for i, p := range pairs {
		if slices.Contains(s.Carriers, p.Key) || slices.Contains(s.UnsignedQuery, p.Key) {
			continue
		}
		structural := slices.Contains(s.Structural, p.Key)
		ms = append(ms, mutation{name: "query value " + p.Key, structural: structural, apply: func(r *http.Request) {
			ps := slices.Clone(pairs)
			ps[i].Value += "x"
			ps[i].NoEquals = false
			r.URL.RawQuery = encodeQuery(ps)
		}})
		ms = append(ms, mutation{name: "query removed " + p.Key, structural: structural, apply: func(r *http.Request) {
			r.URL.RawQuery = encodeQuery(slices.Delete(slices.Clone(pairs), i, i+1))
		}})
	}
	added := s.AddedQuery
	if added == (canon.Pair{}) {
		added = canon.Pair{Key: "apisig-added", Value: "1"}
	}
	if !s.BodyOnly {
		ms = append(ms, mutation{name: "query added", apply: func(r *http.Request) {
			r.URL.RawQuery = encodeQuery(append(slices.Clone(pairs), added))
		}})
	}
	for name := range signed.Header {
		if slices.ContainsFunc(s.Carriers, func(c string) bool { return strings.EqualFold(c, name) }) ||
			slices.ContainsFunc(s.Unsigned, func(c string) bool { return strings.EqualFold(c, name) }) {
			continue
		}
		structural := slices.ContainsFunc(s.Structural, func(c string) bool { return strings.EqualFold(c, name) })
		ms = append(ms, mutation{name: "header value " + name, structural: structural, apply: func(r *http.Request) {
			v := r.Header[name]
			v[len(v)-1] += "x"
		}})
		ms = append(ms, mutation{name: "header removed " + name, structural: structural, apply: func(r *http.Request) {
			delete(r.Header, name)
		}})
	}
	if body := bodyBytes(t, signed); len(body) > 0 {
		ms = append(ms, mutation{name: "body", apply: func(r *http.Request) {
			b := slices.Clone(body)
			b[len(b)/2] ^= 1
			setBody(r, b)
		}})
	}
	for _, m := range ms {
		t.Run(m.name, func(t *testing.T) {
			r := clone(t, signed)
			m.apply(r)
			_, err := s.Verifier.Verify(context.Background(), r)
			switch {
			case err == nil:
				t.Fatal("mutated request verifies")
			case m.structural:
				if !isVerificationFailure(err) {
					t.Fatalf("mutated request: want a verification failure, got technical error %v", err)
				}
			case !errors.Is(err, apisig.ErrMismatch):
				t.Fatalf("mutated request: want ErrMismatch, got %v", err)
			}
		})
	}
}

func isVerificationFailure(err error) bool {
	for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrUnknownKey, apisig.ErrExpired, apisig.ErrSkewed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func encodeQuery(ps []canon.Pair) string {
	enc := canon.Encoding{Set: canon.Unreserved}
	var b []byte
	for i, p := range ps {
		if i > 0 {
			b = append(b, '&')
		}
		b = enc.Append(b, p.Key)
		if !p.NoEquals {
			b = append(b, '=')
			b = enc.Append(b, p.Value)
		}
	}
	return string(b)
}

func hostOf(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

// clone copies a request, headers, URL and body, so a mutation never touches the original.
func clone(t *testing.T, r *http.Request) *http.Request {
	t.Helper()
	c := r.Clone(context.Background())
	u := *r.URL
	c.URL = &u
	setBody(c, bodyBytes(t, r))
	return c
}

func bodyBytes(t *testing.T, r *http.Request) []byte {
	t.Helper()
	if r.GetBody == nil {
		return nil
	}
	rc, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bodyOf(t *testing.T, r *http.Request) io.Reader {
	if b := bodyBytes(t, r); len(b) > 0 {
		return bytes.NewReader(b)
	}
	return nil
}

func setBody(r *http.Request, b []byte) {
	if len(b) == 0 {
		r.Body, r.GetBody, r.ContentLength = http.NoBody, nil, 0
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	r.ContentLength = int64(len(b))
}

// URL builds a URL for a case from a decoded path and a raw query, escaping the path as a
// careful client would.
func URL(scheme, host, path, rawQuery string) *url.URL {
	u := &url.URL{Scheme: scheme, Host: host, Path: path, RawQuery: rawQuery}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, path))
	return u
}
