package tencent

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/apisig/apisig"
)

// V1SchemeID is the registry id of API signature v1.
const V1SchemeID = "tencent-v1"

// v1 parameter names, as Tencent spells them.
const (
	ParamAction          = "Action"
	ParamVersion         = "Version"
	ParamRegion          = "Region"
	ParamTimestamp       = "Timestamp"
	ParamNonce           = "Nonce"
	ParamSecretID        = "SecretId"
	ParamSignatureMethod = "SignatureMethod"
	ParamSignature       = "Signature"
	ParamToken           = "Token"
)

// SignatureMethod is the v1 MAC, named by the SignatureMethod parameter.
type SignatureMethod uint8

// The signature methods.
const (
	// HmacSHA1 is the default when SignatureMethod is absent.
	HmacSHA1 SignatureMethod = iota
	// HmacSHA256 is used only when SignatureMethod=HmacSHA256 is sent (and signed).
	HmacSHA256
)

// String returns the parameter value: "HmacSHA1" or "HmacSHA256".
func (m SignatureMethod) String() string {
	switch m {
	case HmacSHA1:
		return "HmacSHA1"
	case HmacSHA256:
		return "HmacSHA256"
	}
	return "SignatureMethod(" + strconv.Itoa(int(m)) + ")"
}

// ParseSignatureMethod parses a SignatureMethod parameter value. Anything but HmacSHA1 and
// HmacSHA256 is an error wrapping [apisig.ErrInvalidInput], never a fallback to SHA-1.
func ParseSignatureMethod(v string) (SignatureMethod, error) {
	switch v {
	case "HmacSHA1":
		return HmacSHA1, nil
	case "HmacSHA256":
		return HmacSHA256, nil
	}
	return 0, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeInvalidParameterValue, Part: ParamSignatureMethod, Value: v,
		Problem: "must be HmacSHA1 or HmacSHA256", Kind: apisig.ErrInvalidInput}
}

// V1 signs and verifies Tencent Cloud API requests with API signature v1: the parameters, in
// the query of a GET or the form body of a POST, signed with HmacSHA1 or HmacSHA256.
//
// Sign sets SecretId, Nonce (from Nonce), Timestamp (from Clock), Region (when the field is
// set), Token (from the credentials' session token) and SignatureMethod (when Method is
// HmacSHA256, or when the request already carries one, which is overwritten), then Signature.
// The request must carry Action. A V1 must not be copied after first use (it keeps its
// replay store); it is safe for concurrent use.
type V1 struct {
	// Method is the MAC; zero is HmacSHA1, Tencent's default.
	Method SignatureMethod
	// Region sets the Region parameter when not empty.
	Region string
	// Clock tells the signing and verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes the Nonce parameter, which must be a positive integer; nil means a random
	// one from crypto/rand.
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is correct v1.
	Dialect V1Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// Replay remembers the nonces Verify accepted; nil means a store of the verifier's own.
	Replay apisig.ReplayStore
	// MaxSkew is how far Timestamp may be from the verifier's clock; zero means [DefaultMaxSkew].
	MaxSkew time.Duration
	// MaxRequestSize, when positive, makes Verify reject requests whose query and body
	// together are longer, with the message Tencent gives v1 callers whose requests are too
	// large (use TC3-HMAC-SHA256 instead). Tencent does not publish the limit.
	MaxRequestSize int64

	ownReplay atomic.Pointer[apisig.MemoryReplay]
}

// V1Dialect holds v1's dialect knobs; the zero value of each is correct (see [V1.Knobs]).
type V1Dialect struct {
	// Sort orders the parameters (zero: by key).
	Sort SortForm
	// SignatureEncoding writes the signature into the query or body (zero: percent-encoded).
	SignatureEncoding SignatureEncoding
	// Digest turns the MAC into text (zero: base64 of the raw digest).
	Digest DigestForm
	// StringToSign chooses the parts before '?' (zero: method, host and path).
	StringToSign STSForm
	// Method changes the method signed (zero: as sent).
	Method MethodForm
	// Secret changes the secret before use (zero: as given).
	Secret SecretForm
	// OmitMethodParam signs with HmacSHA256 without sending SignatureMethod=HmacSHA256, which
	// makes the server check HmacSHA1 (a mistake); a verifier with it set checks HmacSHA256 when
	// the parameter is absent.
	OmitMethodParam bool
}

// Sign signs req in place with API signature v1.
func (s *V1) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [V1.Sign] does and returns every stage: the parameters, the string to
// sign, the signature and its placement.
func (s *V1) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: V1SchemeID}
	if err := s.sign(ctx, req, creds, tr); err != nil {
		return tr, err
	}
	return tr, nil
}

func (s *V1) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

func (s *V1) replay() apisig.ReplayStore {
	if s.Replay != nil {
		return s.Replay
	}
	if r := s.ownReplay.Load(); r != nil {
		return r
	}
	s.ownReplay.CompareAndSwap(nil, &apisig.MemoryReplay{Clock: s.Clock})
	return s.ownReplay.Load()
}

// RandomNonce makes v1 nonces: random positive integers below 2^63 from crypto/rand.
var RandomNonce apisig.NonceSource = apisig.NonceFunc(func() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	n := binary.BigEndian.Uint64(b[:]) >> 1
	if n == 0 {
		n = 1
	}
	return strconv.FormatUint(n, 10), nil
})

// Interface guards.
var (
	_ apisig.Signer   = (*V1)(nil)
	_ apisig.Verifier = (*V1)(nil)
	_ apisig.Tunable  = (*V1)(nil)
)
