package tencent

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// TC3 constants from the Tencent Cloud API 3.0 signature documentation.
const (
	// TC3Algorithm opens the Authorization header and the string to sign.
	TC3Algorithm = "TC3-HMAC-SHA256"
	// UnsignedPayload is the X-TC-Content-SHA256 value that leaves the body out of the
	// signature; the canonical request then carries the SHA-256 of this text.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// DefaultMaxSkew is how far X-TC-Timestamp (and a v1 Timestamp) may be from the server's
	// clock: five minutes (AuthFailure.SignatureExpire).
	DefaultMaxSkew = 5 * time.Minute

	// TC3SchemeID is the registry id of TC3-HMAC-SHA256.
	TC3SchemeID = "tencent-tc3"

	tc3Terminator = "tc3_request"
	// emptyPayloadHash is the hex SHA-256 of an empty body.
	emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// unsignedPayloadHash is the hex SHA-256 of "UNSIGNED-PAYLOAD", what the canonical
	// request carries for an unsigned payload (tencentcloud-sdk-go and -python hash the text).
	unsignedPayloadHash = "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96"
)

// Header names, in the canonical form net/http keys them by.
const (
	HeaderAction        = "X-Tc-Action"
	HeaderVersion       = "X-Tc-Version"
	HeaderTimestamp     = "X-Tc-Timestamp"
	HeaderRegion        = "X-Tc-Region"
	HeaderToken         = "X-Tc-Token"
	HeaderLanguage      = "X-Tc-Language"
	HeaderContentSHA256 = "X-Tc-Content-Sha256"
	HeaderAuthorization = "Authorization"
)

// PayloadMode says what payload hash TC3 signs.
type PayloadMode uint8

// The payload modes.
const (
	// PayloadAuto signs the SHA-256 of UNSIGNED-PAYLOAD when the request carries
	// X-TC-Content-SHA256: UNSIGNED-PAYLOAD, and otherwise the SHA-256 of the body.
	PayloadAuto PayloadMode = iota
	// PayloadHashed always hashes the body, read through GetBody or an io.Seeker.
	PayloadHashed
	// PayloadUnsigned sets X-TC-Content-SHA256: UNSIGNED-PAYLOAD and signs the SHA-256 of
	// that text (for the APIs that allow it, such as large uploads).
	PayloadUnsigned
	// PayloadUnsignedLiteral sets the header but writes the text UNSIGNED-PAYLOAD itself into
	// the canonical request, as SigV4 does (a mistake).
	PayloadUnsignedLiteral
	// PayloadEmptyHash signs the hash of an empty body whatever the body is (a mistake).
	PayloadEmptyHash
)

// TC3 signs and verifies Tencent Cloud API 3.0 requests with TC3-HMAC-SHA256 in the
// Authorization header.
//
// Sign sets X-TC-Timestamp from the clock, X-TC-Token from the credentials' session token, and
// X-TC-Action, X-TC-Version, X-TC-Region and X-TC-Language from the fields that are not empty
// (an empty field keeps the header the request carries); X-TC-Action and X-TC-Version must end
// up set. A request without a Content-Type gets the one the SDKs send (application/json, or
// application/x-www-form-urlencoded for a GET), since TC3 always signs it. The zero value signs content-type and host with the service named by the host's first
// label (cvm.tencentcloudapi.com → cvm). A TC3 is safe for concurrent use; derived keys live in
// a cache keyed by secret, date and service.
type TC3 struct {
	// Service is the service in the credential scope, e.g. "cvm"; empty means the first label
	// of the host, for hosts under tencentcloudapi.com. A verifier with Service set rejects
	// scopes for other services.
	Service string
	// Action, Version, Region and Language set X-TC-Action, X-TC-Version, X-TC-Region and
	// X-TC-Language when not empty.
	Action, Version, Region, Language string
	// SignedHeaders lists headers to sign besides content-type and host (lower-case names,
	// e.g. "x-tc-action").
	SignedHeaders []string
	// Payload says what payload hash is signed; zero is [PayloadAuto].
	Payload PayloadMode
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct TC3.
	Dialect TC3Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far X-TC-Timestamp may be from the verifier's clock; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
	// AllowUnsignedPayload makes Verify accept X-TC-Content-SHA256: UNSIGNED-PAYLOAD; by
	// default such a request is rejected, since its body is not covered by the signature.
	AllowUnsignedPayload bool
	// Replay, when set, makes Verify accept each signature once within its time window. TC3
	// has no nonce; nil means no replay check, as Tencent's servers do not reject repeated TC3
	// requests by signature alone.
	Replay apisig.ReplayStore
}

// TC3Dialect holds TC3's dialect knobs. The zero value of every field is what Tencent
// specifies; the other values reproduce mistakes real clients make (see [TC3.Knobs]).
type TC3Dialect struct {
	// ScopeDateZone is the zone of the credential-scope date (zero: UTC).
	ScopeDateZone DateZone
	// ScopeDate and ScopeService replace the date (YYYY-MM-DD) and service of the credential
	// scope and the key derivation (empty: the right ones).
	ScopeDate, ScopeService string
	// Host changes the signed host (zero: as sent).
	Host HostForm
	// HeaderValues is the case of canonical header values (zero: lower-cased).
	HeaderValues ValueCase
	// URI is the canonical URI (zero: the path as sent).
	URI URIForm
	// KeyDerivation changes the key chain (zero: the TC3 chain).
	KeyDerivation KeyDerivation
	// Secret changes the secret before use (zero: as given).
	Secret SecretForm
}

// Sign signs req in place with TC3-HMAC-SHA256 in the Authorization header.
func (s *TC3) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [TC3.Sign] does and returns every stage: the canonical request, the
// string to sign, the key derivation (redacted), the signature and its placement.
func (s *TC3) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: TC3SchemeID}
	if err := s.sign(ctx, req, creds, tr); err != nil {
		return tr, err
	}
	return tr, nil
}

func (s *TC3) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer   = (*TC3)(nil)
	_ apisig.Verifier = (*TC3)(nil)
	_ apisig.Tunable  = (*TC3)(nil)
)
