// Package paypal signs and verifies the X-PAYPAL-AUTHORIZATION header of PayPal's classic
// Permissions service: a third party calls an API (NVP, Adaptive Payments, Permissions) on a
// merchant's behalf with the access token and token secret the Permissions API granted it.
//
// The header is "token=<access token>,signature=<base64 HMAC-SHA1>,timestamp=<unix seconds>".
// The signature is OAuth 1.0a-like, computed as PayPal's Java SDK (com.paypal.sdk.util
// OAuthSignature.computeV1Signature) computes it, with PayPal's own encoding
// (PayPalURLEncoder): every byte but a-z A-Z 0-9 '_' is escaped, '.' '-' '*' '~' included,
// a space becomes '+', and the hex digits are lower case.
//
//	key        = enc(API password) "&" enc(token secret)
//	parameters = oauth_consumer_key=<API username>, oauth_signature_method=HMAC-SHA1,
//	             oauth_timestamp, oauth_token, oauth_version=1.0, and the query parameters,
//	             sorted by name then value, joined as name=value with '&', NOT encoded one by one
//	base       = METHOD "&" enc(scheme://host[:port]/path) "&" enc(parameters)
//
// Scheme and host are lower-cased and a default port dropped, as the Java SDK's normalizeURI
// does; the request body is not signed. Credentials: AccessKeyID is the API username, Secret
// the API password, SessionToken the token secret; the access token is [Signer.Token].
//
// Published examples reproduced (testdata/vectors): three headers computed by the npm package
// paypal-permissions-sdk 1.0.10 (a port of the Java SDK's OAuthSignature) with its clock fixed,
// among them PayPal's documented sandbox API credentials and test token.
package paypal

import (
	"context"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// SchemeID is the registry id of X-PAYPAL-AUTHORIZATION.
const SchemeID = "paypal-permissions"

// Header is the header PayPal reads.
const Header = "X-PAYPAL-AUTHORIZATION"

// DefaultMaxSkew is how far the timestamp may be from the verifier's clock.
const DefaultMaxSkew = 5 * time.Minute

// Signer signs and verifies X-PAYPAL-AUTHORIZATION. It is safe for concurrent use and may be
// copied: copy it per merchant token and set Token.
type Signer struct {
	// Token is the access token the Permissions API granted. Required.
	Token string
	// Clock tells the signing and verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is PayPal's SDK.
	Dialect Dialect

	// Username is the API username whose requests the verifier checks: the header does not
	// carry it. Required by Verify.
	Username string
	// Keys looks up the API password of Username when verifying.
	Keys apisig.KeyStore
	// TokenSecrets looks up token secrets by access token when verifying.
	TokenSecrets apisig.KeyStore
	// MaxSkew bounds the timestamp's distance from the verifier's clock; zero means
	// [DefaultMaxSkew]. The scheme has no nonce: within that window a request can be replayed.
	MaxSkew time.Duration
}

// Sign sets the X-PAYPAL-AUTHORIZATION header of req, replacing an earlier one.
func (s *Signer) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(ctx, req, creds, nil)
}

// Explain signs req as [Signer.Sign] does and returns every stage.
func (s *Signer) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	return tr, s.sign(ctx, req, creds, tr)
}

// Interface guards.
var (
	_ apisig.Signer   = (*Signer)(nil)
	_ apisig.Verifier = (*Signer)(nil)
	_ apisig.Tunable  = (*Signer)(nil)
)
