package oss

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// Scheme ids, header and query names, as OSS spells them.
const (
	// IDV1 is the registry id of OSS signature version 1.
	IDV1 = "aliyun-oss-v1"
	// IDV4 is the registry id of OSS signature version 4.
	IDV4 = "aliyun-oss-v4"

	HeaderAuthorization = "Authorization"
	HeaderDate          = "Date"
	HeaderContentMD5    = "Content-MD5"
	HeaderContentType   = "Content-Type"
	HeaderOSSDate       = "x-oss-date"
	HeaderSecurityToken = "x-oss-security-token"
	HeaderContentSHA256 = "x-oss-content-sha256"

	// V1 URL-signature query parameters.
	QueryAccessKeyID   = "OSSAccessKeyId"
	QueryExpires       = "Expires"
	QuerySignature     = "Signature"
	QuerySecurityToken = "security-token"

	// DefaultMaxSkew is how far a header-signed request's Date (or x-oss-date) may be from the
	// server's clock: OSS allows 15 minutes.
	DefaultMaxSkew = 15 * time.Minute
)

// V1 signs and verifies OSS requests with signature version 1: base64 HMAC-SHA1 in
// "Authorization: OSS AccessKeyId:Signature", or in the OSSAccessKeyId, Expires and Signature
// query parameters of a presigned URL.
//
// The zero value signs virtual-hosted and path-style requests to OSS endpoints correctly. A V1
// is safe for concurrent use once configured.
type V1 struct {
	// Bucket names the bucket; empty means read it from the request as Addressing says.
	// Required for a custom domain (CNAME).
	Bucket string
	// Addressing says where the request names its bucket; zero is [AddressingAuto].
	Addressing Addressing
	// SubResources lists query parameters to sign beyond OSS's own sub-resources (see
	// [IsSubResource]), for operations newer than this package.
	SubResources []string
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct V1.
	Dialect V1Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far Date may be from the verifier's clock; zero means [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place in the Authorization header. It sets Date to the signing time and,
// for temporary credentials, x-oss-security-token, overwriting earlier values; it sends the path
// escaped as it is signed.
func (s *V1) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.signHeader(req, creds, nil)
}

// Explain signs req as [V1.Sign] does and returns every stage: the canonicalized headers and
// resource, the string to sign, the signature and the Authorization header.
func (s *V1) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: IDV1}
	err := s.signHeader(req, creds, tr)
	return tr, err
}

// Presign signs req into its URL, valid for expires (a whole number of seconds). It does not
// modify req; the headers the holder must send (Content-Type, Content-MD5, x-oss-*) are in the
// result.
func (s *V1) Presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(req, creds, expires, nil)
}

// ExplainPresign presigns as [V1.Presign] does and returns the trace of every stage.
func (s *V1) ExplainPresign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: IDV1}
	p, err := s.presign(req, creds, expires, tr)
	return p, tr, err
}

func (s *V1) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer    = (*V1)(nil)
	_ apisig.Presigner = (*V1)(nil)
	_ apisig.Verifier  = (*V1)(nil)
	_ apisig.Tunable   = (*V1)(nil)
)
