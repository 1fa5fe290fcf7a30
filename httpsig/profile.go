package httpsig

import (
	"io"
	"time"

	"github.com/apisig/apisig"
)

// SchemeID is the registry id of RFC 9421 HTTP Message Signatures.
const SchemeID = "httpsig"

// Header names of RFC 9421 §4.
const (
	HeaderSignatureInput = "Signature-Input"
	HeaderSignature      = "Signature"
	HeaderContentDigest  = "Content-Digest"
)

// DefaultLabel is the signature label when Profile.Label is empty.
const DefaultLabel = "sig1"

// DefaultComponents are covered when Profile.Components is empty: the method and the whole
// target URI in parts, and the body through Content-Digest when there is one.
var DefaultComponents = []string{Method, Authority, Path, Query}

// Profile is an application's use of RFC 9421 (the "profile" the RFC asks every application
// to define, §1.4): which components to cover, which key and algorithm, which parameters, and
// what a verifier requires. It signs requests ([Profile.Sign]) and responses
// ([Profile.SignResponse]) and verifies them ([Profile.Verify], [Profile.VerifyResponse]).
//
// The zero value signs with HMAC-SHA256 under the credentials' secret (as bytes), covering
// [DefaultComponents] with a created parameter, under label "sig1". A Profile is safe for
// concurrent use once configured.
type Profile struct {
	// Label names the signature in Signature-Input and Signature (empty: "sig1"). A verifier
	// with a Label verifies only that signature; without one, it accepts the first signature
	// that verifies and satisfies the policy.
	Label string
	// Components are the covered component identifiers, in order, written as in a covered list
	// with or without quotes: "@method", "content-type", `@query-param;name="id"`,
	// `"example-dict";key="a"`. Empty: [DefaultComponents], plus content-digest when the
	// message has a body.
	Components []string
	// Key signs; nil means a shared secret from the credentials (Credentials.Secret, as bytes,
	// or a PEM private key) with Credentials.AccessKeyID as keyid.
	Key *Key
	// Algorithm is the signing algorithm; empty: the key's, or inferred from its type.
	Algorithm Algorithm
	// IncludeAlg adds the alg parameter.
	IncludeAlg bool
	// NoCreated leaves the created parameter out.
	NoCreated bool
	// Expires, when positive, adds expires = created + Expires.
	Expires time.Duration
	// Nonce, when set, adds a nonce parameter.
	Nonce apisig.NonceSource
	// Tag, when set, adds the tag parameter (an application-specific value).
	Tag string
	// ContentDigest is the algorithm of the Content-Digest field the signer adds when
	// content-digest is covered and the message has none (empty: sha-512).
	ContentDigest DigestAlgorithm
	// Clock tells the signing and verification time; nil means the wall clock.
	Clock apisig.Clock
	// Rand is the randomness of rsa-pss and ECDSA signatures; nil means crypto/rand.
	Rand io.Reader
	// TargetScheme overrides the scheme of a request's target URI; a server behind a
	// TLS-terminating proxy sets "https". Empty: the URL's scheme, else https for a TLS
	// connection, else http.
	TargetScheme string
	// FieldTypes gives the Structured Field type of fields covered with ;sf beyond the ones the
	// package knows (Signature, Content-Digest, Cache-Status, ...).
	FieldTypes map[string]FieldType
	// Dialect reproduces implementation mistakes; its zero value is RFC 9421.
	Dialect Dialect

	// Keys resolves keyid to a key when verifying. Required by Verify.
	Keys Keys
	// Policy is what a verifier requires beyond a valid signature.
	Policy Policy
	// Replay, when set, rejects a nonce seen before (scoped by keyid). Without it a nonce is
	// not checked for reuse.
	Replay apisig.ReplayStore
}

// Policy is what a verifier requires of a signature beyond its validity.
type Policy struct {
	// Required lists component identifiers (as in Profile.Components) that must be covered.
	Required []string
	// MaxAge rejects a signature whose created is older; zero means no limit. A positive MaxAge
	// makes created required.
	MaxAge time.Duration
	// MaxSkew is how far in the future created may be (zero: one minute).
	MaxSkew time.Duration
	// RequireCreated, RequireExpires and RequireNonce make those parameters mandatory.
	RequireCreated, RequireExpires, RequireNonce bool
	// Tag, when set, must equal the signature's tag.
	Tag string
	// Algorithms, when set, lists the algorithms accepted.
	Algorithms []Algorithm
}

func (p *Profile) label() string {
	if p.Label == "" {
		return DefaultLabel
	}
	return p.Label
}

func (p *Profile) maxSkew() time.Duration {
	if p.Policy.MaxSkew == 0 {
		return time.Minute
	}
	return p.Policy.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer   = (*Profile)(nil)
	_ apisig.Verifier = (*Profile)(nil)
	_ apisig.Tunable  = (*Profile)(nil)
)
