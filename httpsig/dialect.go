package httpsig

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
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

var httpsigKnobs = knobs.Table[Dialect]{
	knobs.Bool("signature-params-line", "whether the base ends with the mandatory \"@signature-params\" line", []string{"R01"},
		func(d *Dialect) *bool { return &d.OmitSignatureParams }, "include", "omit"),
	knobs.Bool("params-order", "the order of the parameters in @signature-params: as signed (received), or sorted by name", []string{"R02"},
		func(d *Dialect) *bool { return &d.FixedParamOrder }, "as-signed", "sorted"),
	knobs.Bool("component-quoting", "covered components in @signature-params: quoted strings (an SF inner list), or bare", []string{"R03"},
		func(d *Dialect) *bool { return &d.UnquotedComponents }, "quoted", "unquoted"),
	knobs.Bool("keyid-placement", "keyid in the signed base and the header, or added to the header after signing", []string{"R04"},
		func(d *Dialect) *bool { return &d.KeyIDAfterSigning }, "signed", "after-signing"),
	knobs.Enum("authority", "@authority from the Host the client sent, from the URL, or from X-Forwarded-Host", []string{"R05"},
		func(d *Dialect) *AuthoritySource { return &d.Authority }, "host", "url", "x-forwarded-host"),
	knobs.Bool("ecdsa-encoding", "ECDSA signatures as r||s (RFC 9421) or ASN.1 DER (what most crypto libraries return)", nil,
		func(d *Dialect) *bool { return &d.ECDSADER }, "r-s", "der"),
}

// Knobs lists the RFC 9421 knobs.
func (p *Profile) Knobs() []apisig.Knob { return httpsigKnobs.Knobs() }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (p *Profile) SetKnob(name, value string) error {
	return httpsigKnobs.Set(&p.Dialect, SchemeID, name, value)
}
