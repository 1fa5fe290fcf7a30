package paypal

import (
	"fmt"
	"strings"

	"github.com/apisig/apisig"
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

var knobs = []struct {
	apisig.Knob
	field func(*Dialect) *bool
}{
	{apisig.Knob{Name: "hex-case", Doc: "case of the hex digits in the base string and key: lower, as PayPal's Java SDK writes them, or upper as RFC 3986 recommends", Values: []string{"lower", "upper"}, Mistakes: []string{"H01"}},
		func(d *Dialect) *bool { return &d.UpperHex }},
	{apisig.Knob{Name: "encoder", Doc: "PayPal's encoder (only a-z A-Z 0-9 _ literal, space as +) or an RFC 3986 one (- . ~ literal too, space as %20)", Values: []string{"paypal", "rfc3986"}, Mistakes: []string{"H02"}},
		func(d *Dialect) *bool { return &d.RFC3986 }},
	{apisig.Knob{Name: "header-name", Doc: "the header the signature is sent in", Values: []string{Header, "X-PP-AUTHORIZATION"}, Mistakes: []string{"H03"}},
		func(d *Dialect) *bool { return &d.PPHeader }},
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
