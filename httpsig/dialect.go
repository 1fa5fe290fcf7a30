package httpsig

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// Dialect holds the RFC 9421 knobs: where real implementations diverge (../shared/MISTAKES.md
// R01–R05). The zero value of every field is RFC 9421.
type Dialect struct {
	// OmitSignatureParams leaves the mandatory "@signature-params" line out of the base (R01).
	OmitSignatureParams bool
	// FixedParamOrder rebuilds @signature-params with the parameters sorted by name instead of
	// in the order signed (R02).
	FixedParamOrder bool
	// UnquotedComponents writes the covered components unquoted in @signature-params (R03).
	UnquotedComponents bool
	// KeyIDAfterSigning signs a base without keyid and adds keyid to Signature-Input
	// afterwards (R04).
	KeyIDAfterSigning bool
	// Authority selects where @authority comes from (R05).
	Authority AuthoritySource
	// ECDSADER writes and reads ECDSA signatures as ASN.1 DER instead of r||s (RFC 9421 §3.3.4
	// wants the fixed-size concatenation).
	ECDSADER bool
}

var httpsigKnobs = []struct {
	apisig.Knob
	set func(d *Dialect, i int)
}{
	{apisig.Knob{Name: "signature-params-line", Doc: "whether the base ends with the mandatory \"@signature-params\" line", Values: []string{"include", "omit"}, Mistakes: []string{"R01"}},
		func(d *Dialect, i int) { d.OmitSignatureParams = i == 1 }},
	{apisig.Knob{Name: "params-order", Doc: "the order of the parameters in @signature-params: as signed (received), or sorted by name", Values: []string{"as-signed", "sorted"}, Mistakes: []string{"R02"}},
		func(d *Dialect, i int) { d.FixedParamOrder = i == 1 }},
	{apisig.Knob{Name: "component-quoting", Doc: "covered components in @signature-params: quoted strings (an SF inner list), or bare", Values: []string{"quoted", "unquoted"}, Mistakes: []string{"R03"}},
		func(d *Dialect, i int) { d.UnquotedComponents = i == 1 }},
	{apisig.Knob{Name: "keyid-placement", Doc: "keyid in the signed base and the header, or added to the header after signing", Values: []string{"signed", "after-signing"}, Mistakes: []string{"R04"}},
		func(d *Dialect, i int) { d.KeyIDAfterSigning = i == 1 }},
	{apisig.Knob{Name: "authority", Doc: "@authority from the Host the client sent, from the URL, or from X-Forwarded-Host", Values: []string{"host", "url", "x-forwarded-host"}, Mistakes: []string{"R05"}},
		func(d *Dialect, i int) { d.Authority = AuthoritySource(i) }},
	{apisig.Knob{Name: "ecdsa-encoding", Doc: "ECDSA signatures as r||s (RFC 9421) or ASN.1 DER (what most crypto libraries return)", Values: []string{"r-s", "der"}},
		func(d *Dialect, i int) { d.ECDSADER = i == 1 }},
}

// Knobs lists the RFC 9421 knobs.
func (p *Profile) Knobs() []apisig.Knob {
	out := make([]apisig.Knob, len(httpsigKnobs))
	for i, k := range httpsigKnobs {
		out[i] = k.Knob
		out[i].Values = slices.Clone(k.Values)
	}
	return out
}

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (p *Profile) SetKnob(name, value string) error {
	names := make([]string, 0, len(httpsigKnobs))
	for _, k := range httpsigKnobs {
		names = append(names, k.Name)
		if k.Name != name {
			continue
		}
		i := slices.Index(k.Values, value)
		if i < 0 {
			return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(k.Values, ", "))
		}
		k.set(&p.Dialect, i)
		return nil
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, SchemeID, strings.Join(names, ", "))
}
