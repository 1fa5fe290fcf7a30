package apisig

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// Redacted is what a [Secret] prints instead of its value.
const Redacted = "[REDACTED]"

// Secret holds key material: a secret access key, a session token, a derived signing key.
// Printing it with fmt (any verb, also nested in other values and with wrong verbs such as %p),
// encoding it as JSON or text (also as a map key) or logging it with log/slog shows [Redacted];
// only [Secret.Reveal] returns the value. The value is kept behind a pointer, so even code that
// prints struct fields by reflection sees an address, not the key. The zero value is the empty
// secret. Secrets are compared with [Secret.Equal], not ==.
//
// Being a struct, a Secret field is left out of JSON by the `omitzero` option, not `omitempty`;
// encoding/gob refuses it, which is the point.
type Secret struct {
	p *string
}

// NewSecret wraps s. An empty s gives the zero Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{p: &s}
}

// Reveal returns the secret's value. Call it only where the value is used as key material, or
// where the user explicitly asked to see secrets.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.p == nil || *s.p == "" }

// Equal reports whether two secrets hold the same value, in constant time.
func (s Secret) Equal(t Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(t.Reveal())) == 1
}

// String returns [Redacted], or "" for an empty secret.
func (s Secret) String() string {
	if s.IsZero() {
		return ""
	}
	return Redacted
}

// GoString returns the redacted form for %#v.
func (s Secret) GoString() string { return `apisig.Secret(` + strconv.Quote(s.String()) + `)` }

// Format makes every fmt verb print the redacted form, including %x and %q.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(s.String()))
}

// MarshalJSON encodes the redacted form.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalText encodes the redacted form, so encoders that use encoding.TextMarshaler
// (log/slog, JSON map keys) never see the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText sets the secret from text, so configuration files can be decoded into a
// Secret. (Decoding JSON that apisig wrote gives the literal [Redacted]: the value was never
// written.)
func (s *Secret) UnmarshalText(b []byte) error {
	*s = NewSecret(string(b))
	return nil
}

// LogValue makes log/slog log the redacted form.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Credentials identify the signer. The zero value is anonymous: signers reject it with
// [ErrNoCredentials] rather than send an unsigned request.
type Credentials struct {
	// AccessKeyID names the key; it is not secret and appears in the signed request.
	AccessKeyID string
	// Secret is the shared secret (AWS secret access key, Alibaba AccessKey secret, ...).
	Secret Secret
	// SessionToken is the temporary-credential token, empty for long-term keys.
	SessionToken Secret
}

// String shows the access key id and redacts the secret and the session token.
func (c Credentials) String() string {
	return "{AccessKeyID:" + c.AccessKeyID + " Secret:" + c.Secret.String() + " SessionToken:" + c.SessionToken.String() + "}"
}

// Format prints [Credentials.String] for every verb fmt hands to it (all but %p, which fmt
// handles itself and which shows only the secrets' addresses).
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// Valid reports whether both the key id and the secret are set.
func (c Credentials) Valid() bool { return c.AccessKeyID != "" && !c.Secret.IsZero() }
