// Package oauth1 signs and verifies requests with OAuth 1.0a, RFC 5849 §3 ("Authenticated
// Requests"): the HMAC-SHA1, RSA-SHA1 and PLAINTEXT signature methods of §3.4, and HMAC-SHA256,
// the same construction with SHA-256 that many providers accept.
//
// The signature base string follows §3.4.1 to the letter: the method, the base string URI
// (scheme and host lower-cased, default ports dropped, no query), and the normalized
// parameters gathered from the query, the protocol parameters and a form-encoded body
// (§3.4.1.3.1), with repeated parameters kept, "realm" and oauth_signature left out, each
// name and value encoded with §3.6's percent-encoding, then sorted by encoded name and value.
// The HMAC key is the encoded consumer secret, "&", and the encoded token secret, also when the
// token secret is empty (§3.4.2).
//
// Protocol parameters go in the Authorization header (§3.5.1), the query (§3.5.3) or a
// form-encoded body (§3.5.2), as [Placement] says.
//
// Credentials map onto [apisig.Credentials] as follows: AccessKeyID is the consumer key,
// Secret the consumer secret (for RSA-SHA1, optionally the PEM private key), SessionToken the
// token secret. The token itself is not secret and is the signer's [Signer.Token] field.
//
// Published examples reproduced (testdata/vectors): the three requests of RFC 5849 §1.2
// (temporary credentials, token credentials, protected resource), the signature base string
// of §3.4.1.1, Twitter's "Creating a signature" example, and the RSA-SHA1 test case (§9.3) of
// the OAuth Core 1.0 test cases (wiki.oauth.net) with its published test key.
package oauth1

import (
	"context"
	"crypto/rsa"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// SchemeID is the registry id of OAuth 1.0a.
const SchemeID = "oauth1"

// DefaultMaxSkew is how far oauth_timestamp may be from the verifier's clock: 5 minutes, the
// threshold Yelp's and Twitter's servers report in their errors.
const DefaultMaxSkew = 5 * time.Minute

// Protocol parameter names, RFC 5849 §3.1.
const (
	ParamConsumerKey     = "oauth_consumer_key"
	ParamToken           = "oauth_token"
	ParamSignatureMethod = "oauth_signature_method"
	ParamTimestamp       = "oauth_timestamp"
	ParamNonce           = "oauth_nonce"
	ParamVersion         = "oauth_version"
	ParamSignature       = "oauth_signature"
	ParamCallback        = "oauth_callback"
	ParamVerifier        = "oauth_verifier"
	ParamRealm           = "realm"
)

// Method is an OAuth signature method.
type Method uint8

// The signature methods. The zero value is HMAC-SHA1, the method of every published example.
const (
	HMACSHA1   Method = iota // HMAC-SHA1, RFC 5849 §3.4.2
	HMACSHA256               // HMAC-SHA256: §3.4.2 with SHA-256 (not in the RFC; widely accepted)
	RSASHA1                  // RSA-SHA1, RFC 5849 §3.4.3: RSASSA-PKCS1-v1_5 over SHA-1
	PlainText                // PLAINTEXT, RFC 5849 §3.4.4: the key itself, for TLS only
)

var methodNames = [...]string{HMACSHA1: "HMAC-SHA1", HMACSHA256: "HMAC-SHA256", RSASHA1: "RSA-SHA1", PlainText: "PLAINTEXT"}

// String returns the method's name as it is sent in oauth_signature_method.
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return "unknown"
}

// ParseMethod returns the method named s ("HMAC-SHA1", ...). Names are case-sensitive, as
// RFC 5849 §3.4 writes them; an unknown name is an error wrapping [apisig.ErrInvalidInput].
func ParseMethod(s string) (Method, error) {
	for i, n := range methodNames {
		if n == s {
			return Method(i), nil
		}
	}
	return 0, &apisig.RequestError{Scheme: SchemeID, Part: "signature method", Value: s,
		Problem: "is not one of [HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT]", Kind: apisig.ErrInvalidInput}
}

// Placement says where the protocol parameters and the signature go, RFC 5849 §3.5.
type Placement uint8

// The placements. The zero value is the Authorization header, which the RFC recommends.
const (
	PlaceHeader Placement = iota // Authorization: OAuth ..., §3.5.1
	PlaceForm                    // the form-encoded body, §3.5.2
	PlaceQuery                   // the query string, §3.5.3 (Yelp's v2 API wanted this)
)

var placementNames = [...]string{PlaceHeader: "header", PlaceForm: "form", PlaceQuery: "query"}

// String returns the placement's name: header, form or query.
func (p Placement) String() string {
	if int(p) < len(placementNames) {
		return placementNames[p]
	}
	return "unknown"
}

// PublicKeys looks up the RSA public key of a consumer, for verifying RSA-SHA1. A consumer it
// does not know is an error wrapping [apisig.ErrUnknownKey].
type PublicKeys interface {
	PublicKey(ctx context.Context, consumerKey string) (*rsa.PublicKey, error)
}

// StaticPublicKeys is a [PublicKeys] held in memory: consumer key → public key.
type StaticPublicKeys map[string]*rsa.PublicKey

// PublicKey returns the key of consumerKey.
func (k StaticPublicKeys) PublicKey(_ context.Context, consumerKey string) (*rsa.PublicKey, error) {
	if pk, ok := k[consumerKey]; ok {
		return pk, nil
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Code: "consumer_key_unknown", Part: ParamConsumerKey, Value: consumerKey, Problem: "is not known", Kind: apisig.ErrUnknownKey}
}

// Signer signs and verifies requests with OAuth 1.0a.
//
// The zero value signs with HMAC-SHA1 in the Authorization header, sends oauth_version="1.0",
// and no token (a temporary-credentials request). A Signer is safe for concurrent use and may be
// copied: make one per user token by copying a configured Signer and setting Token.
type Signer struct {
	// Method is the signature method; zero is HMAC-SHA1.
	Method Method
	// Placement is where the protocol parameters go; zero is the Authorization header.
	Placement Placement
	// Token is the oauth_token: the temporary or token credential's identifier. Empty sends no
	// oauth_token (a temporary-credentials request, RFC 5849 §2.1). Its secret is the
	// credentials' SessionToken.
	Token string
	// Realm is sent as the realm of the Authorization header; it is never signed (§3.4.1.3.1).
	Realm string
	// Callback is sent as oauth_callback (temporary-credentials requests, §2.1).
	Callback string
	// Verifier is sent as oauth_verifier (token requests, §2.3).
	Verifier string
	// OmitVersion leaves oauth_version out. The parameter is optional (§3.1); most libraries
	// and Twitter send it, RFC 5849's own examples do not.
	OmitVersion bool
	// PrivateKey signs RSA-SHA1. When nil, the credentials' Secret is parsed as a PEM private
	// key (PKCS #1 or PKCS #8).
	PrivateKey *rsa.PrivateKey
	// Clock tells the signing time and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Nonce makes oauth_nonce; nil means [apisig.RandomNonce].
	Nonce apisig.NonceSource
	// Dialect reproduces client mistakes; its zero value is RFC 5849.
	Dialect Dialect

	// Keys looks up consumer secrets by consumer key when verifying HMAC and PLAINTEXT.
	Keys apisig.KeyStore
	// TokenSecrets looks up token secrets by token when verifying a request that carries an
	// oauth_token. Nil rejects such requests as signed with an unknown token.
	TokenSecrets apisig.KeyStore
	// PublicKeys looks up RSA public keys by consumer key when verifying RSA-SHA1.
	PublicKeys PublicKeys
	// Replay remembers accepted nonces; nil means one in-memory store shared by the process.
	Replay apisig.ReplayStore
	// MaxSkew is how far oauth_timestamp may be from the verifier's clock; zero means
	// [DefaultMaxSkew].
	MaxSkew time.Duration
	// Methods are the signature methods the verifier accepts; nil accepts only Method.
	Methods []Method
}

// Sign signs req in place: it sets the Authorization header, or adds the protocol parameters to
// the query or the form body, replacing oauth_ parameters it placed before.
func (s *Signer) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [Signer.Sign] does and returns every stage: the collected parameters,
// the normalized parameter string, the signature base string, the key (redacted), the signature
// and where it went.
func (s *Signer) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	return tr, s.sign(ctx, req, creds, tr)
}

func (s *Signer) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

// Interface guards.
var (
	_ apisig.Signer   = (*Signer)(nil)
	_ apisig.Verifier = (*Signer)(nil)
	_ apisig.Tunable  = (*Signer)(nil)
	_ PublicKeys      = StaticPublicKeys(nil)
)
