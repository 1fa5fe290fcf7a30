package signedurl

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds the knobs of a signed-URL scheme: mistakes clients of such schemes make
// against the configured scheme. The zero value is the configured scheme itself.
type Dialect struct {
	// KeyAsText uses the secret's text as the HMAC key even when KeyEncoding says it is base64
	// (the commonest Google Maps URL-signing mistake: the key is not decoded first).
	KeyAsText bool
	// UpperHex writes a hex signature in upper case.
	UpperHex bool
	// TogglePadding writes base64 '=' padding where the scheme has none, and drops it where
	// it has.
	TogglePadding bool
	// RawSignature puts the signature in the query without percent-encoding it, so a '+' of
	// standard base64 reaches the server as a space.
	RawSignature bool
}

var dialectKnobs = knobs.Table[Dialect]{
	knobs.Bool("key-decoding", "whether a base64 or base64url secret is decoded before use, or its text used as the key", nil,
		func(d *Dialect) *bool { return &d.KeyAsText }, "decoded", "as-text"),
	knobs.Bool("hex-case", "case of a hex signature", nil,
		func(d *Dialect) *bool { return &d.UpperHex }, "lower", "upper"),
	knobs.Bool("padding", "base64 '=' padding as the scheme has it, or toggled", nil,
		func(d *Dialect) *bool { return &d.TogglePadding }, "as-configured", "toggled"),
	knobs.Bool("signature-escaping", "whether the signature is percent-encoded in the query, or placed raw ('+' then reads as a space)", []string{"D07"},
		func(d *Dialect) *bool { return &d.RawSignature }, "escaped", "raw"),
}

// Knobs lists the dialect knobs.
func (s *Signer) Knobs() []apisig.Knob { return dialectKnobs.Knobs() }

// SetKnob sets one dialect knob by name; unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *Signer) SetKnob(name, value string) error {
	return dialectKnobs.Set(&s.Dialect, SchemeID, name, value)
}

var _ apisig.Tunable = (*Signer)(nil)
