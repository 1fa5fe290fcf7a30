package cos

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// Constants of the COS request signature.
const (
	// Algorithm is the only q-sign-algorithm COS defines.
	Algorithm = "sha1"
	// DefaultExpiry is how long a header signature is valid when [Signer.Expiry] is zero: one
	// hour, as cos-go-sdk-v5's AuthorizationTransport signs.
	DefaultExpiry = time.Hour
	// DefaultMaxSkew is how far in the future a signature's start time may be from the
	// verifier's clock when [Signer.MaxSkew] is zero.
	DefaultMaxSkew = 15 * time.Minute

	// SchemeID is the registry id of the COS signature.
	SchemeID = "tencent-cos"
)

// Header and parameter names.
const (
	HeaderAuthorization = "Authorization"
	// HeaderSecurityToken carries a session token; it is signed (its name starts with x-cos-).
	HeaderSecurityToken = "X-Cos-Security-Token"
	// QuerySecurityToken carries a session token in a presigned URL; it is signed.
	QuerySecurityToken = "x-cos-security-token"

	ParamAlgorithm  = "q-sign-algorithm"
	ParamAK         = "q-ak"
	ParamSignTime   = "q-sign-time"
	ParamKeyTime    = "q-key-time"
	ParamHeaderList = "q-header-list"
	ParamParamList  = "q-url-param-list"
	ParamSignature  = "q-signature"
)

// DefaultSignedHeaders are the headers signed when present if [Signer.SignedHeaders] is nil:
// cos-go-sdk-v5 v0.7.70's NeedSignHeaders. Headers whose names start with x-cos- or x-ci- are
// signed in any case. Date is not in the list (the SDK signs it only after
// SetNeedSignHeaders("date", true)).
var DefaultSignedHeaders = []string{
	"host", "range", "x-cos-acl", "x-cos-grant-read", "x-cos-grant-write", "x-cos-grant-full-control",
	"cache-control", "content-disposition", "content-encoding", "content-type", "content-length",
	"content-md5", "transfer-encoding", "expect", "expires", "x-cos-content-sha1", "x-cos-storage-class",
	"if-match", "if-modified-since", "if-none-match", "if-unmodified-since", "origin",
	"access-control-request-method", "access-control-request-headers", "x-cos-object-type", "pic-operations",
}

// DefaultRequireSigned are the headers the verifier requires in q-header-list when
// [Signer.RequireSigned] is nil.
var DefaultRequireSigned = []string{"host"}

// Signer signs and verifies COS XML API requests (q-sign-algorithm=sha1), in the Authorization
// header or presigned into the URL.
//
// The zero value signs correctly for one hour from the clock's time with the SDK's default
// header set. A Signer is safe for concurrent use and may be copied (derived sign keys live in
// a shared cache keyed by the secret and the key time).
type Signer struct {
	// Expiry is how long a header signature is valid: q-sign-time and q-key-time end this long
	// after the signing time. Zero means [DefaultExpiry]; it must be whole seconds.
	Expiry time.Duration
	// SignedHeaders lists the lower-case names of the headers signed when the request carries
	// them; nil means [DefaultSignedHeaders]. Headers named x-cos-* or x-ci-* are always signed.
	SignedHeaders []string
	// SignContentLength sets a Content-Length header from req.ContentLength before signing,
	// when the request has none and has a body or is a PUT or POST, so that the length is
	// signed: strict-signature buckets require it (MISTAKES.md F03), and cos-go-sdk-v5's client
	// sets the header for the same reason. net/http sends the length of req.ContentLength
	// whatever the header says, so the two agree.
	SignContentLength bool
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct. A verifier with knobs set
	// recomputes as the mistaken client did (see [Signer.Verify]).
	Dialect Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far in the future a signature's start time may be; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
	// RequireSigned lists headers that, when the request carries them, must be in
	// q-header-list (a strict-signature bucket requires content-type and content-length);
	// nil means [DefaultRequireSigned]. Headers named x-cos-* must be signed in any case.
	RequireSigned []string
	// AllowUnsignedParams lets Verify accept query parameters that are not in
	// q-url-param-list. By default every parameter must be signed.
	AllowUnsignedParams bool
}

// Sign signs req in place in the Authorization header. It sets X-Cos-Security-Token when the
// credentials carry a session token, and req.URL.RawPath to the percent-encoding of the path
// COS decodes back to what was signed ('+' as %2B). The signature is valid from the clock's
// time for [Signer.Expiry].
func (s *Signer) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [Signer.Sign] does and returns every stage: KeyTime, SignKey
// (redacted), the lists, HttpParameters, HttpHeaders, HttpString, StringToSign, the signature
// and the Authorization value.
func (s *Signer) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	if err := s.sign(ctx, req, creds, tr); err != nil {
		return tr, err
	}
	return tr, nil
}

func (s *Signer) expiry() time.Duration {
	if s.Expiry == 0 {
		return DefaultExpiry
	}
	return s.Expiry
}

func (s *Signer) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

func (s *Signer) signedHeaders() []string {
	if s.SignedHeaders == nil {
		return DefaultSignedHeaders
	}
	return s.SignedHeaders
}

func (s *Signer) requireSigned() []string {
	if s.RequireSigned == nil {
		return DefaultRequireSigned
	}
	return s.RequireSigned
}

// Interface guards.
var (
	_ apisig.Signer    = (*Signer)(nil)
	_ apisig.Presigner = (*Signer)(nil)
	_ apisig.Verifier  = (*Signer)(nil)
	_ apisig.Tunable   = (*Signer)(nil)
)
