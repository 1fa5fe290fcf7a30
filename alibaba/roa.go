package alibaba

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// Registry ids of the header-signed HMAC-SHA1 schemes.
const (
	ROASchemeID          = "aliyun-roa"
	OpenSearchV3SchemeID = "aliyun-opensearch-v3"
)

// ROA signs and verifies Alibaba Cloud ROA-style API requests (Container Service, CloudAPI,
// ...) with the HMAC-SHA1 header signature of the ROA SDKs:
//
//	StringToSign = METHOD \n Accept \n Content-MD5 \n Content-Type \n Date \n
//	               CanonicalizedHeaders (every x-acs-* header, lower-case, sorted, "k:v\n")
//	               CanonicalizedResource (the path, then "?" and the query parameters decoded,
//	               sorted by name, "k=v" or "k" joined by "&")
//	Authorization: acs AccessKeyId:base64(HMAC-SHA1(AccessKeySecret, StringToSign))
//
// Sign sets Date (RFC 1123, GMT, from Clock), x-acs-signature-method, x-acs-signature-version,
// x-acs-signature-nonce (from Nonce), Content-MD5 (base64 MD5 of a non-empty body),
// x-acs-security-token for STS credentials, and Authorization. Accept and Content-Type are
// signed as sent. The host is not signed.
type ROA struct {
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes each x-acs-signature-nonce; nil means [apisig.RandomNonce].
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is the correct scheme.
	Dialect HeaderDialect
	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// Replay remembers the nonces of verified requests; nil means a process-wide
	// [apisig.MemoryReplay] on the wall clock.
	Replay apisig.ReplayStore
	// MaxSkew is how far Date may be from the verifier's clock; zero means [DefaultMaxSkew].
	MaxSkew time.Duration
}

// OpenSearch signs and verifies Alibaba Cloud OpenSearch API v3 requests (the header-based
// signature of "Signature method of OpenSearch API V3"):
//
//	StringToSign = METHOD \n Content-MD5 \n Content-Type \n Date \n
//	               CanonicalizedOpenSearchHeaders (non-empty x-opensearch-* headers, lower-case,
//	               sorted, "k:v\n") + CanonicalizedResource (the path percent-encoded with '/'
//	               kept, then "?" and the query sorted by name, names and values percent-encoded)
//	Authorization: OPENSEARCH AccessKeyId:base64(HMAC-SHA1(AccessKeySecret, StringToSign))
//
// Content-MD5 is the hex MD5 of the body; Date is ISO 8601 UTC; the nonce header is
// X-Opensearch-Nonce, the STS token header X-Opensearch-Security-Token; query parameters with an
// empty value are left out of the resource. OpenSearch API v2 is the RPC signature over a path: use [RPC], which
// signs the fixed "/" whatever the path. The C# SDK's lower-case percent-escapes are the
// hex-case knob.
type OpenSearch struct {
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes each X-Opensearch-Nonce; nil means [apisig.RandomNonce].
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is the correct scheme.
	Dialect HeaderDialect
	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// Replay remembers the nonces of verified requests; nil means a process-wide
	// [apisig.MemoryReplay] on the wall clock.
	Replay apisig.ReplayStore
	// MaxSkew is how far Date may be from the verifier's clock; zero means [DefaultMaxSkew].
	MaxSkew time.Duration
}

func (s *ROA) engine() *headerEngine {
	return &headerEngine{p: &roaProfile, clock: s.Clock, nonce: s.Nonce, d: &s.Dialect, keys: s.Keys, replay: s.Replay, maxSkew: s.MaxSkew}
}

func (s *OpenSearch) engine() *headerEngine {
	return &headerEngine{p: &openSearchProfile, clock: s.Clock, nonce: s.Nonce, d: &s.Dialect, keys: s.Keys, replay: s.Replay, maxSkew: s.MaxSkew}
}

// Sign signs req in place in the Authorization header, setting the headers the scheme manages
// and replacing earlier values.
func (s *ROA) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.engine().sign(ctx, req, creds, nil)
}

// Explain signs req as [ROA.Sign] does and returns every stage.
func (s *ROA) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: ROASchemeID}
	return tr, s.engine().sign(ctx, req, creds, tr)
}

// Verify checks an ROA-signed request; see [OpenSearch.Verify] for the failures, which are
// the same with the ROA names.
func (s *ROA) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	return s.engine().verify(ctx, req)
}

// Knobs lists the dialect knobs.
func (s *ROA) Knobs() []apisig.Knob { return roaKnobs.Knobs() }

// SetKnob sets one dialect knob by name.
func (s *ROA) SetKnob(name, value string) error {
	return roaKnobs.Set(&s.Dialect, ROASchemeID, name, value)
}

// Sign signs req in place in the Authorization header, setting Date, X-Opensearch-Nonce and
// Content-MD5 (for a non-empty body), replacing earlier values.
func (s *OpenSearch) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.engine().sign(ctx, req, creds, nil)
}

// Explain signs req as [OpenSearch.Sign] does and returns every stage.
func (s *OpenSearch) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: OpenSearchV3SchemeID}
	return tr, s.engine().sign(ctx, req, creds, tr)
}

// Verify checks a signed request: an [*Error] with IncompleteSignature for an Authorization
// header of the wrong shape, InvalidTimeStamp.Format / .Expired for Date (more than MaxSkew
// from the verifier's clock), InvalidContentMD5 for a Content-MD5 that is not the body's,
// InvalidAccessKeyId.NotFound, SignatureDoesNotMatch (with the server's string to sign, and an
// [*apisig.MismatchError] with the trace), SignatureNonceUsed for a nonce seen before.
func (s *OpenSearch) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	return s.engine().verify(ctx, req)
}

// Knobs lists the dialect knobs.
func (s *OpenSearch) Knobs() []apisig.Knob { return openSearchKnobs.Knobs() }

// SetKnob sets one dialect knob by name.
func (s *OpenSearch) SetKnob(name, value string) error {
	return openSearchKnobs.Set(&s.Dialect, OpenSearchV3SchemeID, name, value)
}

// HeaderDialect holds the knobs of the header-signed HMAC-SHA1 schemes (ROA, OpenSearch v3).
type HeaderDialect struct {
	// Key is the HMAC key (zero: the secret; KeyWrongAmpersand appends "&", the RPC habit).
	Key KeyForm
	// OmitContentMD5 leaves Content-MD5 out of the request and the string to sign even when
	// there is a body (C11).
	OmitContentMD5 bool
	// DropEmptyLines leaves out the line of an absent Accept / Content-MD5 / Content-Type
	// instead of writing an empty one (alibaba-cloud-sdk-go's appendIfContain does).
	DropEmptyLines bool
	// LowerHex writes the resource's percent-escapes in lower case (the OpenSearch C# SDK).
	LowerHex bool
	// EncodedResource signs the ROA resource as sent on the wire (percent-encoded) instead of
	// decoded.
	EncodedResource bool
	// OmitNonce sends no nonce header (alibaba-cloud-sdk-go's ROA signer sends none; the
	// gateway then cannot refuse a replay).
	OmitNonce bool
	// KeepEmptyParams signs OpenSearch query parameters whose value is empty, which OpenSearch
	// leaves out of the resource.
	KeepEmptyParams bool
}

var (
	keyKnob = knobs.Enum("key", "HMAC key: the secret, or the secret + \"&\" carried over from the RPC signature", []string{"C01", "C12"},
		func(d *HeaderDialect) *KeyForm { return &d.Key }, "secret", "secret&")
	md5Knob = knobs.Bool("content-md5", "whether Content-MD5 of a non-empty body is sent and signed", []string{"C11"},
		func(d *HeaderDialect) *bool { return &d.OmitContentMD5 }, "signed", "omitted")
	linesKnob = knobs.Bool("empty-header-lines", "whether an absent Accept / Content-MD5 / Content-Type leaves an empty line in the string to sign", []string{"C11"},
		func(d *HeaderDialect) *bool { return &d.DropEmptyLines }, "kept", "dropped")
)

var roaKnobs = knobs.Table[HeaderDialect]{keyKnob, md5Knob, linesKnob,
	knobs.Bool("nonce", "whether x-acs-signature-nonce is sent and signed (alibaba-cloud-sdk-go sends none)", []string{"C07"},
		func(d *HeaderDialect) *bool { return &d.OmitNonce }, "sent", "omitted"),
	knobs.Bool("resource", "whether the resource is signed decoded or as sent (percent-encoded)", nil,
		func(d *HeaderDialect) *bool { return &d.EncodedResource }, "decoded", "as-sent"),
}

var openSearchKnobs = knobs.Table[HeaderDialect]{keyKnob, md5Knob, linesKnob,
	knobs.Bool("hex-case", "case of the hex digits in the resource's percent-escapes (the C# SDK writes lower case)", []string{"C06"},
		func(d *HeaderDialect) *bool { return &d.LowerHex }, "upper", "lower"),
	knobs.Bool("empty-params", "whether query parameters with an empty value are left out of the resource (OpenSearch) or signed", nil,
		func(d *HeaderDialect) *bool { return &d.KeepEmptyParams }, "dropped", "kept"),
}

// Interface guards.
var (
	_ apisig.Signer   = (*ROA)(nil)
	_ apisig.Verifier = (*ROA)(nil)
	_ apisig.Tunable  = (*ROA)(nil)
	_ apisig.Signer   = (*OpenSearch)(nil)
	_ apisig.Verifier = (*OpenSearch)(nil)
	_ apisig.Tunable  = (*OpenSearch)(nil)
)
