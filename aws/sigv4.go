package aws

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// SigV4 constants from the AWS Signature Version 4 specification.
const (
	// Algorithm is the SigV4 algorithm name, first in the Authorization header and the string
	// to sign.
	Algorithm = "AWS4-HMAC-SHA256"
	// UnsignedPayload is the payload hash that leaves the body out of the signature (S3).
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// EmptyPayloadHash is the hex SHA-256 of an empty body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// MaxPresignExpiry is the longest X-Amz-Expires AWS accepts: 7 days (604800 seconds).
	MaxPresignExpiry = 7 * 24 * time.Hour
	// DefaultMaxSkew is how far the signing time may be from the verifier's clock: 15 minutes,
	// as S3 allows (MaxAllowedSkewMilliseconds 900000).
	DefaultMaxSkew = 15 * time.Minute

	// SchemeID is the registry id of SigV4.
	SchemeID = "aws-sigv4"

	amzDateLayout   = "20060102T150405Z"
	scopeTerminator = "aws4_request"
)

// Header and query names, as AWS spells them.
const (
	HeaderDate          = "X-Amz-Date"
	HeaderSecurityToken = "X-Amz-Security-Token"
	HeaderContentSHA256 = "X-Amz-Content-Sha256"
	HeaderAuthorization = "Authorization"

	QueryAlgorithm     = "X-Amz-Algorithm"
	QueryCredential    = "X-Amz-Credential"
	QueryDate          = "X-Amz-Date"
	QueryExpires       = "X-Amz-Expires"
	QuerySignedHeaders = "X-Amz-SignedHeaders"
	QuerySecurityToken = "X-Amz-Security-Token"
	QuerySignature     = "X-Amz-Signature"
)

// Rules selects between S3's canonicalisation and every other service's.
type Rules uint8

const (
	// RulesAuto applies S3's rules when Service is "s3" (or "s3-object-lambda", "s3express",
	// "s3-outposts"), the default rules otherwise.
	RulesAuto Rules = iota
	// RulesS3: the path is escaped once and never normalised; x-amz-content-sha256 is sent;
	// presigned URLs sign UNSIGNED-PAYLOAD.
	RulesS3
	// RulesDefault: the path is normalised (RFC 3986 dot segments, repeated slashes) and
	// escaped twice; the body is hashed.
	RulesDefault
)

// PayloadMode says what payload hash is signed.
type PayloadMode uint8

const (
	// PayloadAuto signs the X-Amz-Content-Sha256 header's value when the request has one,
	// UNSIGNED-PAYLOAD for an S3 presign, and otherwise the SHA-256 of the body, read through
	// GetBody or an io.Seeker.
	PayloadAuto PayloadMode = iota
	// PayloadHashed always hashes the body.
	PayloadHashed
	// PayloadUnsigned signs UNSIGNED-PAYLOAD (S3 only).
	PayloadUnsigned
	// PayloadEmptyHash signs the hash of an empty body whatever the body is (a mistake, A26).
	PayloadEmptyHash
)

// TokenPlacement says where a session token goes and whether it is signed.
type TokenPlacement uint8

const (
	// TokenAuto: a signed X-Amz-Security-Token header, or a signed query parameter when
	// presigning.
	TokenAuto TokenPlacement = iota
	// TokenSignedHeader: X-Amz-Security-Token header, signed.
	TokenSignedHeader
	// TokenUnsignedHeader: X-Amz-Security-Token header added after signing (IoT, some older
	// services want this).
	TokenUnsignedHeader
	// TokenSignedQuery: X-Amz-Security-Token query parameter, signed.
	TokenSignedQuery
	// TokenUnsignedQuery: X-Amz-Security-Token query parameter added after signing.
	TokenUnsignedQuery
	// TokenOmit leaves the token out (a mistake, A30).
	TokenOmit
)

// SigV4 signs and verifies requests with AWS Signature Version 4 (AWS4-HMAC-SHA256), in the
// Authorization header or presigned into the URL.
//
// The zero value signs for no region and no service, which AWS rejects: set Region and Service.
// A SigV4 is safe for concurrent use, and may be copied (derived signing keys live in a shared
// cache keyed by secret, date, region and service).
type SigV4 struct {
	// Region is the AWS region in the credential scope, e.g. "us-east-1".
	Region string
	// Service is the signing name of the service, e.g. "s3", "execute-api", "dynamodb".
	Service string
	// Rules selects S3's canonicalisation or the other services'; zero decides by Service.
	Rules Rules
	// Payload says what payload hash is signed; zero is [PayloadAuto].
	Payload PayloadMode
	// ContentSHA256 adds the payload hash as the X-Amz-Content-Sha256 header; zero adds it for
	// S3 header signing, which S3 requires, and not otherwise.
	ContentSHA256 Toggle
	// SessionToken places the credentials' session token; zero is [TokenAuto].
	SessionToken TokenPlacement
	// AuthorizationSeparator separates the Authorization header's parts; empty means ", ",
	// as the SDKs write it (S3's documentation examples use ",").
	AuthorizationSeparator string
	// Clock tells the signing time, and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct SigV4.
	Dialect Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far a header-signed request's X-Amz-Date may be from the verifier's
	// clock, and how far in the future a presign may start; zero means [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place with SigV4 in the Authorization header. It sets X-Amz-Date, and
// X-Amz-Security-Token and X-Amz-Content-Sha256 where they apply, overwriting earlier values,
// then Authorization. For S3 it also sets req.URL.RawPath to the canonical escaping of the
// path, so that what is sent is what was signed.
func (s *SigV4) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [SigV4.Sign] does and returns every stage: the canonical request, the
// string to sign, the key derivation (redacted), the signature and its placement.
func (s *SigV4) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	if err := s.sign(ctx, req, creds, tr); err != nil {
		return tr, err
	}
	return tr, nil
}

func (s *SigV4) isS3() bool {
	switch s.Rules {
	case RulesS3:
		return true
	case RulesDefault:
		return false
	}
	switch s.Service {
	case "s3", "s3-object-lambda", "s3express", "s3-outposts":
		return true
	}
	return false
}

func (s *SigV4) separator() string {
	if s.AuthorizationSeparator == "" {
		return ", "
	}
	return s.AuthorizationSeparator
}

func (s *SigV4) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer    = (*SigV4)(nil)
	_ apisig.Presigner = (*SigV4)(nil)
	_ apisig.Verifier  = (*SigV4)(nil)
	_ apisig.Tunable   = (*SigV4)(nil)
)
