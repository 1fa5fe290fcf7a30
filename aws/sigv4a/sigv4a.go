// Package sigv4a implements AWS Signature Version 4a (AWS4-ECDSA-P256-SHA256), the asymmetric
// variant of SigV4 used by S3 Multi-Region Access Points and other multi-region endpoints.
//
// SigV4a signs the SigV4 canonical request (built by package aws, with the same S3 or default
// rules and the same dialect knobs) with three differences, as the AWS SigV4a documentation and
// the aws-c-auth reference implementation define them:
//
//   - the signature is valid for a set of regions, sent as X-Amz-Region-Set (a signed header,
//     or a query parameter of a presigned URL): "us-east-1,us-west-2", or "*" for every region;
//   - the credential scope has no region: YYYYMMDD/service/aws4_request;
//   - the string to sign is signed with ECDSA P-256 over its SHA-256, with a key derived from the
//     secret access key by NIST SP 800-108 (counter mode, HMAC-SHA256), and the signature is the
//     hex of its ASN.1 DER encoding. ECDSA signatures are randomised unless Deterministic is set
//     (RFC 6979), so two signatures of one request differ; both verify.
//
// A verifier needs only the public key, which [PublicKey] derives from the credentials.
//
// Verify checks aws-chunked uploads as package aws checks SigV4's ([StreamingPayload] and
// [StreamingPayloadTrailer]): each chunk's and the trailer's ECDSA signature, chained from the
// seed and padded with '*' to 144 characters as aws-c-auth writes them, is checked before the
// chunk's bytes are handed on; [Chunked] signs such uploads.
//
// It reproduces the published SigV4a values (testdata/vectors): the derived key of the fixed
// credentials of aws-c-auth's key_derivation_tests.c and aws-sdk-go-v2's internal/v4a tests, the
// canonical request and string to sign of the aws-c-auth v4a test suite's
// get-header-value-multiline case, aws-sdk-go-v2's canonical headers, and the SHA-256 of the
// string to sign that aws-sdk-go-v2's SignHTTP and PresignHTTP tests publish. The conformance
// module checks it against smithy-go's aws-http-auth/sigv4a: apisig's verifier accepts
// smithy-go's signatures on generated requests.
package sigv4a

import (
	"context"
	"crypto/ecdsa"
	"net/http"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// Names as AWS spells them.
const (
	// Algorithm is the SigV4a algorithm name.
	Algorithm = "AWS4-ECDSA-P256-SHA256"
	// SchemeID is the registry id of SigV4a.
	SchemeID = "aws-sigv4a"

	HeaderRegionSet = "X-Amz-Region-Set"
	QueryRegionSet  = "X-Amz-Region-Set"

	amzDateLayout = "20060102T150405Z"
)

// SigV4a signs and verifies requests with AWS Signature Version 4a, in the Authorization header
// or presigned into the URL.
//
// Set RegionSet and Service. A SigV4a is safe for concurrent use; derived keys live in a shared
// cache keyed by access key id and secret.
type SigV4a struct {
	// RegionSet lists the regions the signature is valid in, e.g. ["us-east-1", "eu-west-1"],
	// or ["*"] for all. Required to sign.
	RegionSet []string
	// Service is the signing name of the service, e.g. "s3".
	Service string
	// Rules selects S3's canonicalisation or the other services'; zero decides by Service.
	Rules aws.Rules
	// Payload says what payload hash is signed; zero is [aws.PayloadAuto].
	Payload aws.PayloadMode
	// ContentSHA256 adds the payload hash as X-Amz-Content-Sha256; zero adds it for S3 header
	// signing.
	ContentSHA256 aws.Toggle
	// Deterministic signs with RFC 6979 deterministic ECDSA instead of randomised ECDSA: the
	// same request then always has the same signature (AWS accepts both).
	Deterministic bool
	// Clock tells the signing time, and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes in the canonical request, as for SigV4 (its
	// scope-region and key-derivation knobs do not apply).
	Dialect aws.Dialect

	// Keys looks up secrets when verifying (the public key is derived from the secret).
	Keys apisig.KeyStore
	// PublicKeys, when set, looks up public keys instead: a verifier that holds no secret, as
	// AWS's services verify SigV4a. [PublicKey] derives them from credentials.
	PublicKeys PublicKeyStore
	// Region is the region the verifier serves: a request is accepted only if its region set
	// matches it (exactly, "*", or a pattern such as "us-*"). Empty accepts any region set.
	Region string
	// MaxSkew is how far X-Amz-Date may be from the verifier's clock; zero means 15 minutes.
	MaxSkew time.Duration
	// MaxChunkSize is the largest aws-chunked chunk Verify accepts, and so the most a verifying
	// reader buffers; zero means [aws.DefaultMaxChunkSize].
	MaxChunkSize int
}

// Sign signs req in place with SigV4a in the Authorization header. It sets X-Amz-Date,
// X-Amz-Region-Set, X-Amz-Security-Token and X-Amz-Content-Sha256 where they apply,
// overwriting earlier values, then Authorization.
func (s *SigV4a) Sign(_ context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(req, creds, nil)
}

// Explain signs req as [SigV4a.Sign] does and returns every stage: the canonical request, the
// string to sign, the key derivation (redacted), the signature and its placement.
func (s *SigV4a) Explain(_ context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	err := s.sign(req, creds, tr)
	return tr, err
}

// Presign signs req into its URL for expires (at most 7 days). It returns the URL, the headers
// the holder must send and the expiry; req itself is not modified.
func (s *SigV4a) Presign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(req, creds, expires, nil)
}

// ExplainPresign presigns as [SigV4a.Presign] does and returns the trace of every stage.
func (s *SigV4a) ExplainPresign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	p, err := s.presign(req, creds, expires, tr)
	return p, tr, err
}

// v4 is the SigV4 configuration whose canonicalisation SigV4a shares.
func (s *SigV4a) v4() *aws.SigV4 {
	return &aws.SigV4{Region: "-", Service: s.Service, Rules: s.Rules, Payload: s.Payload, ContentSHA256: s.ContentSHA256, Dialect: s.Dialect}
}

func (s *SigV4a) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return aws.DefaultMaxSkew
	}
	return s.MaxSkew
}

// PublicKeyStore looks up the SigV4a public keys of an access key id, newest first. A key it does
// not know is an error wrapping [apisig.ErrUnknownKey].
type PublicKeyStore interface {
	PublicKeys(ctx context.Context, accessKeyID string) ([]*ecdsa.PublicKey, error)
}

// StaticPublicKeys is a [PublicKeyStore] held in memory: access key id → public key.
type StaticPublicKeys map[string]*ecdsa.PublicKey

// PublicKeys returns the public key of accessKeyID.
func (k StaticPublicKeys) PublicKeys(_ context.Context, accessKeyID string) ([]*ecdsa.PublicKey, error) {
	p, ok := k[accessKeyID]
	if !ok {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "access key id", Value: accessKeyID, Problem: "is not known", Kind: apisig.ErrUnknownKey}
	}
	return []*ecdsa.PublicKey{p}, nil
}

// Interface guards.
var (
	_ apisig.Signer       = (*SigV4a)(nil)
	_ apisig.Presigner    = (*SigV4a)(nil)
	_ apisig.Verifier     = (*SigV4a)(nil)
	_ apisig.Tunable      = (*SigV4a)(nil)
	_ apisig.BodyStreamer = (*SigV4a)(nil)
	_ PublicKeyStore      = StaticPublicKeys(nil)
)
