package oss

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// V4 constants.
const (
	// AlgorithmV4 is the V4 algorithm name, first in the Authorization header and the string
	// to sign.
	AlgorithmV4 = "OSS4-HMAC-SHA256"
	// UnsignedPayload is the payload hash V4 signs: OSS does not sign the body.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// DefaultProduct is the product in the scope of OSS requests.
	DefaultProduct = "oss"
	// MaxPresignExpiryV4 is the longest x-oss-expires OSS accepts: 7 days.
	MaxPresignExpiryV4 = 7 * 24 * time.Hour

	// V4 URL-signature query parameters.
	QuerySignatureVersion = "x-oss-signature-version"
	QueryCredential       = "x-oss-credential"
	QueryDate             = "x-oss-date"
	QueryExpiresV4        = "x-oss-expires"
	QuerySignatureV4      = "x-oss-signature"
	QueryAdditional       = "x-oss-additional-headers"
	QuerySecurityTokenV4  = "x-oss-security-token"

	v4DateLayout    = "20060102T150405Z"
	scopeTerminator = "aliyun_v4_request"
)

// V4 signs and verifies OSS requests with signature version 4 (OSS4-HMAC-SHA256), in the
// Authorization header or presigned into x-oss-* query parameters.
//
// Region is required. A V4 is safe for concurrent use once configured; derived keys live in a
// shared cache keyed by secret, date, region and product.
type V4 struct {
	// Region is the region in the scope, e.g. "cn-hangzhou".
	Region string
	// Product is the product in the scope; empty means "oss".
	Product string
	// Bucket names the bucket; empty means read it from the request as Addressing says.
	Bucket string
	// Addressing says where the request names its bucket; zero is [AddressingAuto].
	Addressing Addressing
	// AdditionalHeaders lists headers to sign beyond x-oss-*, Content-Type and Content-MD5
	// (which are always signed). Only those the request carries are signed and listed.
	AdditionalHeaders []string
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct V4.
	Dialect V4Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far x-oss-date may be from the verifier's clock; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place in the Authorization header. It sets x-oss-date, Date,
// x-oss-content-sha256 (UNSIGNED-PAYLOAD) and, for temporary credentials,
// x-oss-security-token, overwriting earlier values, as the OSS SDKs do.
func (s *V4) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.signHeader(req, creds, nil)
}

// Explain signs req as [V4.Sign] does and returns every stage: the canonical request, the
// string to sign, the key derivation (redacted), the signature and the Authorization header.
func (s *V4) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: IDV4}
	err := s.signHeader(req, creds, tr)
	return tr, err
}

// Presign signs req into its URL for expires (1 s to 7 days, whole seconds). It does not
// modify req; the signed headers the holder must send are in the result.
func (s *V4) Presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(req, creds, expires, nil)
}

// ExplainPresign presigns as [V4.Presign] does and returns the trace of every stage.
func (s *V4) ExplainPresign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: IDV4}
	p, err := s.presign(req, creds, expires, tr)
	return p, tr, err
}

func (s *V4) product() string {
	if s.Product == "" {
		return DefaultProduct
	}
	return s.Product
}

func (s *V4) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer    = (*V4)(nil)
	_ apisig.Presigner = (*V4)(nil)
	_ apisig.Verifier  = (*V4)(nil)
	_ apisig.Tunable   = (*V4)(nil)
)
