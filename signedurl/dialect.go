package signedurl

import (
	"fmt"
	"strings"

	"github.com/apisig/apisig"
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

var knobs = []struct {
	apisig.Knob
	field func(*Dialect) *bool
}{
	{apisig.Knob{Name: "key-decoding", Doc: "whether a base64 or base64url secret is decoded before use, or its text used as the key", Values: []string{"decoded", "as-text"}},
		func(d *Dialect) *bool { return &d.KeyAsText }},
	{apisig.Knob{Name: "hex-case", Doc: "case of a hex signature", Values: []string{"lower", "upper"}},
		func(d *Dialect) *bool { return &d.UpperHex }},
	{apisig.Knob{Name: "padding", Doc: "base64 '=' padding as the scheme has it, or toggled", Values: []string{"as-configured", "toggled"}},
		func(d *Dialect) *bool { return &d.TogglePadding }},
	{apisig.Knob{Name: "signature-escaping", Doc: "whether the signature is percent-encoded in the query, or placed raw ('+' then reads as a space)", Values: []string{"escaped", "raw"}, Mistakes: []string{"D07"}},
		func(d *Dialect) *bool { return &d.RawSignature }},
}

// Knobs lists the dialect knobs.
func (s *Signer) Knobs() []apisig.Knob {
	out := make([]apisig.Knob, len(knobs))
	for i, k := range knobs {
		out[i] = k.Knob
	}
	return out
}

// SetKnob sets one dialect knob by name; unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *Signer) SetKnob(name, value string) error {
	var names []string
	for _, k := range knobs {
		names = append(names, k.Name)
		if k.Name != name {
			continue
		}
		switch value {
		case k.Values[0]:
			*k.field(&s.Dialect) = false
		case k.Values[1]:
			*k.field(&s.Dialect) = true
		default:
			return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(k.Values, ", "))
		}
		return nil
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, SchemeID, strings.Join(names, ", "))
}

var _ apisig.Tunable = (*Signer)(nil)
