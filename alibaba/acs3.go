package alibaba

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// ACS3 constants (Alibaba Cloud "V3 request structure and signature").
const (
	// ACS3SchemeID is the registry id of the V3 signature.
	ACS3SchemeID = "aliyun-acs3"
	// ACS3Algorithm is the algorithm name, first in the Authorization header and the string
	// to sign.
	ACS3Algorithm = "ACS3-HMAC-SHA256"
	// EmptyPayloadHash is the hex SHA-256 of an empty body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// Headers of the V3 signature, as Alibaba Cloud spells them (lower case).
const (
	HeaderACSDate           = "x-acs-date"
	HeaderACSNonce          = "x-acs-signature-nonce"
	HeaderACSContentSHA256  = "x-acs-content-sha256"
	HeaderACSSecurityToken  = "x-acs-security-token"
	HeaderACSAction         = "x-acs-action"
	HeaderACSVersion        = "x-acs-version"
	HeaderAuthorization     = "Authorization"
	acsHeaderPrefix         = "x-acs-"
	headerContentTypeLower  = "content-type"
	headerHostLower         = "host"
	maxACS3SignedHeaderSize = 64
)

// ACS3 signs and verifies requests with Alibaba Cloud's V3 signature, ACS3-HMAC-SHA256, for
// RPC-style APIs (x-acs-action and x-acs-version headers, parameters in the query or a form
// body, path "/") and ROA-style APIs (a resource path) alike:
//
//	CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
//	                   SignedHeaders \n HashedRequestPayload
//	StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA-256(CanonicalRequest))
//	Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//	Authorization: ACS3-HMAC-SHA256 Credential=AccessKeyId,SignedHeaders=...,Signature=...
//
// The canonical URI is the path with each segment percentEncoded; the canonical query sorts
// the percentEncoded names (a valueless parameter is "k="); host, content-type and every
// x-acs-* header are signed, lower-cased, values trimmed, sorted by name.
//
// Sign sets x-acs-date (from Clock), x-acs-signature-nonce (from Nonce), x-acs-content-sha256
// (the body's SHA-256, read through GetBody or an io.Seeker), x-acs-security-token for STS
// credentials, and Authorization. x-acs-action and x-acs-version are the caller's.
//
// The zero value signs with the wall clock and random nonces; an ACS3 is safe for concurrent
// use. Verification needs Keys.
type ACS3 struct {
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes each x-acs-signature-nonce; nil means [apisig.RandomNonce].
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is the correct scheme.
	Dialect ACS3Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// Replay remembers the nonces of verified requests; nil means a process-wide
	// [apisig.MemoryReplay] on the wall clock.
	Replay apisig.ReplayStore
	// MaxSkew is how far x-acs-date may be from the verifier's clock; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place in the Authorization header, setting the x-acs-* headers it manages
// and replacing earlier values, so calling it again re-signs the request.
func (s *ACS3) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [ACS3.Sign] does and returns every stage: the canonical request and
// its parts, the string to sign, the key (redacted), the signature and the Authorization value.
func (s *ACS3) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: ACS3SchemeID}
	err := s.sign(ctx, req, creds, tr)
	return tr, err
}

func (s *ACS3) maxSkew() time.Duration {
	if s.MaxSkew <= 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer   = (*ACS3)(nil)
	_ apisig.Verifier = (*ACS3)(nil)
	_ apisig.Tunable  = (*ACS3)(nil)
)
