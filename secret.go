package apisig

import (
	"encoding/json"
	"fmt"
)

// Redacted is what a [Secret] prints instead of its value.
const Redacted = "[REDACTED]"

// Secret holds key material: a secret access key, a session token, a derived signing key.
// Printing it with fmt, encoding it as JSON or logging it shows [Redacted]; only [Secret.Reveal]
// returns the value. The zero value is the empty secret.
type Secret string

// Reveal returns the secret's value. Call it only where the value is used as key material, or
// where the user explicitly asked to see secrets.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String returns [Redacted], or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString returns the redacted form for %#v.
func (s Secret) GoString() string { return `apisig.Secret("` + s.String() + `")` }

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
// (log/slog among them) never see the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

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

// Valid reports whether both the key id and the secret are set.
func (c Credentials) Valid() bool { return c.AccessKeyID != "" && c.Secret != "" }
