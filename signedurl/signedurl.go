// Package signedurl signs and verifies requests with a configurable, home-made HMAC scheme:
// the kind where a client signs "path?query&client=ID" with a shared key and appends
// "&signature=...", and the server rebuilds the message and checks it. Google Maps' URL
// signing is the best-known instance, and the zero-configuration defaults aside from the hash
// and encodings follow it.
//
// Everything that varies between such schemes is a field of [Signer]: the hash (SHA-1,
// SHA-256, SHA-512), what is signed ([Message]: method, host, path, the query as sent or
// sorted, selected headers, the body), how the shared key is written (raw, base64, base64url),
// how the MAC is written (hex, base64, base64url padded or not), where it goes (a query
// parameter or a header), the query parameter naming the key (client=ID) and an expiry
// parameter. The string to sign is, in this order and for the parts configured:
//
//	METHOD "\n"  host "\n"  path ["?" query]  ("\n" lower(header name) ":" trimmed value)*  ["\n" body]
//
// A value outside an enum (an unknown hash or encoding) is an error wrapping
// [apisig.ErrInvalidInput], never a fallback. The Signer is an [apisig.Verifier], so
// [apisig.Middleware] verifies incoming requests with it and answers a failure with the reason
// (and, for a mismatch, the string to sign the server computed).
//
// Published examples reproduced (testdata/vectors): Google Maps Platform's URL-signing example
// (both editions of it).
package signedurl

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// SchemeID is the registry id of signed URLs.
const SchemeID = "signed-url"

// Hash is the HMAC's hash function.
type Hash uint8

// The hashes. The zero value is SHA-256.
const (
	SHA256 Hash = iota
	SHA1
	SHA512
)

// KeyEncoding is how the shared secret is written: the HMAC key is the decoded bytes.
type KeyEncoding uint8

// The key encodings. The zero value uses the secret's bytes as they are.
const (
	KeyRaw       KeyEncoding = iota
	KeyBase64                // standard base64, padded
	KeyBase64URL             // URL-safe base64, padded or not (Google Maps)
)

// SignatureEncoding is how the MAC is written.
type SignatureEncoding uint8

// The signature encodings. The zero value is lower-case hex.
const (
	SigHex               SignatureEncoding = iota
	SigBase64                              // standard base64, padded
	SigBase64URL                           // URL-safe base64, padded (Google Maps)
	SigBase64URLUnpadded                   // URL-safe base64 without '='
)

// Placement is where the signature goes.
type Placement uint8

// The placements. The zero value is a query parameter.
const (
	PlaceQuery Placement = iota
	PlaceHeader
)

// QueryMode says how the query is signed.
type QueryMode uint8

// The query modes. The zero value signs the query exactly as sent (without the signature
// parameter).
const (
	QueryRaw    QueryMode = iota // as sent, the signature parameter removed
	QuerySorted                  // decoded, re-encoded (RFC 3986, %20), sorted by key then value
	QueryOmit                    // not signed
)

// Message says what is signed. The zero value signs the path and the raw query.
type Message struct {
	// Method signs the request method.
	Method bool
	// Host signs the Host (lower-cased, as sent, port included).
	Host bool
	// OmitPath leaves the path out.
	OmitPath bool
	// Query says how the query is signed.
	Query QueryMode
	// Headers lists the headers signed, in this order; a listed header the request lacks is
	// signed with an empty value.
	Headers []string
	// Body signs the body bytes.
	Body bool
}

// Signer signs and verifies with the configured HMAC. It is safe for concurrent use and may be
// copied.
type Signer struct {
	// Hash is the HMAC's hash; zero is SHA-256.
	Hash Hash
	// KeyEncoding is how the secret is written; zero uses its bytes as they are.
	KeyEncoding KeyEncoding
	// SignatureEncoding is how the MAC is written; zero is lower-case hex.
	SignatureEncoding SignatureEncoding
	// Placement is where the signature goes; zero is the query parameter Param.
	Placement Placement
	// Message says what is signed; zero signs the path and the query as sent.
	Message Message
	// Param is the query parameter carrying the signature; empty means "signature".
	Param string
	// Header is the header carrying the signature; empty means "X-Signature".
	Header string
	// KeyIDParam, when set, is a query parameter the signer adds (and signs) with the
	// credentials' AccessKeyID, and the verifier reads to look the key up ("client").
	KeyIDParam string
	// KeyID is the key the verifier looks up when KeyIDParam is empty.
	KeyID string
	// ExpiresParam, when set, is a query parameter the signer adds (and signs) with the expiry
	// time in Unix seconds; the verifier rejects the request after it.
	ExpiresParam string
	// Expiry is how long a signature made by Sign is valid (with ExpiresParam); zero means
	// 15 minutes. Presign takes its own.
	Expiry time.Duration
	// Clock tells the signing and verification time; nil means the wall clock.
	Clock apisig.Clock
	// Keys looks secrets up by key id when verifying.
	Keys apisig.KeyStore
	// Dialect reproduces client mistakes; its zero value is the configured scheme.
	Dialect Dialect
}

// Sign signs req in place: it adds the key id and expiry parameters where configured and
// places the signature, replacing parameters or a header it placed before.
func (s *Signer) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	_, err := s.sign(ctx, req, creds, s.expiry(), nil)
	return err
}

// Explain signs req as [Signer.Sign] does and returns every stage.
func (s *Signer) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	_, err := s.sign(ctx, req, creds, s.expiry(), tr)
	return tr, err
}

// Presign returns a copy of req's URL signed for expires (which needs ExpiresParam to be
// enforced). It needs query placement.
func (s *Signer) Presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	if s.Placement != PlaceQuery {
		return nil, invalid("Placement", "presigning needs the signature in the query")
	}
	if expires <= 0 {
		return nil, invalid("expires", "must be positive")
	}
	c := req.Clone(ctx)
	u := *req.URL
	c.URL = &u
	at, err := s.sign(ctx, c, creds, expires, nil)
	if err != nil {
		return nil, err
	}
	p := &apisig.Presigned{Method: c.Method, URL: c.URL, Header: http.Header{}}
	if s.ExpiresParam != "" {
		p.Expires = at.Add(expires)
	}
	for _, h := range s.Message.Headers {
		if v := c.Header.Values(h); len(v) > 0 {
			p.Header[http.CanonicalHeaderKey(h)] = v
		}
	}
	return p, nil
}

func (s *Signer) expiry() time.Duration {
	if s.Expiry == 0 {
		return 15 * time.Minute
	}
	return s.Expiry
}

func (s *Signer) param() string {
	if s.Param == "" {
		return "signature"
	}
	return s.Param
}

func (s *Signer) header() string {
	if s.Header == "" {
		return "X-Signature"
	}
	return s.Header
}

func invalid(part, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Part: part, Problem: problem, Kind: apisig.ErrInvalidInput}
}

// Interface guards.
var (
	_ apisig.Signer    = (*Signer)(nil)
	_ apisig.Presigner = (*Signer)(nil)
	_ apisig.Verifier  = (*Signer)(nil)
)
