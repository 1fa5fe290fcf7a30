package paypal

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds the knobs of X-PAYPAL-AUTHORIZATION, each reproducing a catalogued mistake
// (../shared/MISTAKES.md §1.8). The zero value is PayPal's SDK.
type Dialect struct {
	// UpperHex writes %2F instead of PayPal's %2f (H01).
	UpperHex bool
	// RFC3986 uses an RFC 3986 encoder (- . ~ literal, space as %20) instead of PayPal's (H02).
	RFC3986 bool
	// PPHeader sends the header as X-PP-AUTHORIZATION (H03).
	PPHeader bool
}

var dialectKnobs = knobs.Table[Dialect]{
	knobs.Bool("hex-case", "case of the hex digits in the base string and key: lower, as PayPal's Java SDK writes them, or upper as RFC 3986 recommends", []string{"H01"},
		func(d *Dialect) *bool { return &d.UpperHex }, "lower", "upper"),
	knobs.Bool("encoder", "PayPal's encoder (only a-z A-Z 0-9 _ literal, space as +) or an RFC 3986 one (- . ~ literal too, space as %20)", []string{"H02"},
		func(d *Dialect) *bool { return &d.RFC3986 }, "paypal", "rfc3986"),
	knobs.Bool("header-name", "the header the signature is sent in", []string{"H03"},
		func(d *Dialect) *bool { return &d.PPHeader }, Header, "X-PP-AUTHORIZATION"),
}

// Knobs lists the dialect knobs.
func (s *Signer) Knobs() []apisig.Knob { return dialectKnobs.Knobs() }

// SetKnob sets one dialect knob by name; unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *Signer) SetKnob(name, value string) error {
	return dialectKnobs.Set(&s.Dialect, SchemeID, name, value)
}
