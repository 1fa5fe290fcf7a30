package alibaba

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// RPC signature constants (Alibaba Cloud "Request syntax and signature method V2 for RPC APIs").
const (
	// RPCSchemeID is the registry id of the RPC HMAC-SHA1 scheme.
	RPCSchemeID = "aliyun-rpc-v1"
	// SignatureMethodHMACSHA1 is the only SignatureMethod of RPC signature version 1.0.
	SignatureMethodHMACSHA1 = "HMAC-SHA1"
	// SignatureVersion1 is the SignatureVersion this scheme implements.
	SignatureVersion1 = "1.0"
	// DefaultMaxSkew is how far a request's Timestamp may be from the gateway's clock before
	// InvalidTimeStamp.Expired: 15 minutes, as Alibaba Cloud documents; a SignatureNonce is
	// remembered as long.
	DefaultMaxSkew = 15 * time.Minute
	// TimestampLayout is the ISO 8601 UTC form of the Timestamp parameter.
	TimestampLayout = "2006-01-02T15:04:05Z"
)

// Common request parameters of the RPC style, as Alibaba Cloud spells them.
const (
	ParamAccessKeyID      = "AccessKeyId"
	ParamSignature        = "Signature"
	ParamSignatureMethod  = "SignatureMethod"
	ParamSignatureVersion = "SignatureVersion"
	ParamSignatureNonce   = "SignatureNonce"
	ParamTimestamp        = "Timestamp"
	ParamSecurityToken    = "SecurityToken"
	ParamFormat           = "Format"
	ParamAction           = "Action"
	ParamVersion          = "Version"
)

// RPC signs and verifies Alibaba Cloud RPC-style API requests (ECS, VPC, SLB, DNS, ...) with
// signature version 1.0, HMAC-SHA1:
//
//	CanonicalizedQueryString = every parameter but Signature (query and form body), sorted
//	                           by name, each name and value percentEncoded, joined "k=v&k=v"
//	StringToSign             = METHOD + "&" + percentEncode("/") + "&" + percentEncode(CanonicalizedQueryString)
//	Signature                = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
//
// where percentEncode leaves only A-Z a-z 0-9 - _ . ~, writes a space as %20 and uses
// upper-case hex. The signature goes into the Signature query parameter, percent-encoded once.
//
// Sign adds AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce (from Nonce),
// Timestamp (from Clock), SecurityToken for STS credentials and, when set, Format, to the
// query; the API's own parameters (Action, Version, RegionId, ...) are the caller's, in the
// query or in an application/x-www-form-urlencoded body.
//
// The zero value signs with the wall clock and random nonces and reproduces the published
// examples; an RPC is safe for concurrent use. Verification needs Keys.
type RPC struct {
	// Format sets the Format parameter (JSON or XML); empty leaves the request's own.
	Format string
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes each SignatureNonce; nil means [apisig.RandomNonce].
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is the correct scheme.
	Dialect RPCDialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// Replay remembers the nonces of verified requests; nil means a process-wide
	// [apisig.MemoryReplay] on the wall clock.
	Replay apisig.ReplayStore
	// MaxSkew is how far Timestamp may be from the verifier's clock; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place: it sets the common parameters and Signature in the query,
// replacing earlier values, so calling it again re-signs the request. Parameters in a form
// body are signed and left in the body.
func (s *RPC) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	_, err := s.sign(ctx, req, creds, nil, false)
	return err
}

// Explain signs req as [RPC.Sign] does and returns every stage: the parameters added, the
// canonicalized query string, the string to sign, the HMAC key (redacted), the signature and
// its placement.
func (s *RPC) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: RPCSchemeID}
	_, err := s.sign(ctx, req, creds, tr, false)
	return tr, err
}

func (s *RPC) maxSkew() time.Duration {
	if s.MaxSkew <= 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

func (s *RPC) nonce() apisig.NonceSource {
	if s.Nonce == nil {
		return apisig.RandomNonce
	}
	return s.Nonce
}

// defaultReplay is the replay store of verifiers built without one.
var defaultReplay = &apisig.MemoryReplay{}

func replayStore(r apisig.ReplayStore) apisig.ReplayStore {
	if r == nil {
		return defaultReplay
	}
	return r
}

// Interface guards.
var (
	_ apisig.Signer    = (*RPC)(nil)
	_ apisig.Presigner = (*RPC)(nil)
	_ apisig.Verifier  = (*RPC)(nil)
	_ apisig.Tunable   = (*RPC)(nil)
)
