package oauth1

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds the OAuth 1.0a dialect knobs: the places where real implementations diverge.
// The zero value of every field is RFC 5849; the other values reproduce mistakes real clients
// make (see [Signer.Knobs] for the catalogue ids of ../shared/MISTAKES.md), so the same signer
// computes the right signature and every catalogued wrong one. The encoding knobs apply to both
// encoding passes (parameters, then the base string) and to the key, as a client that uses the
// wrong encoder everywhere would.
type Dialect struct {
	// SpaceAsPlus encodes a space as '+' (form encoding) instead of %20 (G05).
	SpaceAsPlus bool
	// JSMarks leaves ! * ' ( ) unescaped, as JavaScript's encodeURIComponent and .NET's
	// Uri.EscapeDataString do (G04).
	JSMarks bool
	// EscapeTilde escapes '~' as %7E (G06).
	EscapeTilde bool
	// KeepComma leaves ',' unescaped (G07).
	KeepComma bool
	// LowerHex writes escapes with lower-case hex digits (%2f).
	LowerHex bool
	// QueryInBaseURI keeps the query on the base string URI (G09).
	QueryInBaseURI bool
	// Key changes how the HMAC key (and PLAINTEXT signature) is formed (G01).
	Key KeyForm
	// Body changes whether form body parameters are signed (G03).
	Body BodyParams
	// Sort changes the order of the normalized parameters.
	Sort SortOrder
	// Port changes the port written in the base string URI (G08).
	Port PortForm
	// RealmSigned includes the Authorization header's realm in the parameters (G10).
	RealmSigned bool
	// EmptyToken sends and signs oauth_token="" when there is no token (G02).
	EmptyToken bool
	// Repeated changes how a repeated parameter name is signed.
	Repeated RepeatedForm
	// PathDoubleEncoded escapes the already-escaped path again in the base string URI, so a
	// %2F in a segment is signed as %252F before the base string's own encoding (G11).
	PathDoubleEncoded bool
}

// KeyForm is how the HMAC key is written.
type KeyForm uint8

// The key forms.
const (
	KeyEncodedBoth    KeyForm = iota // enc(consumer secret) & enc(token secret), '&' always (RFC 5849 §3.4.2)
	KeyNoAmpWhenEmpty                // enc(consumer secret) alone when there is no token secret (G01)
	KeyUnencoded                     // consumer secret & token secret, not percent-encoded
	KeyConsumerOnly                  // enc(consumer secret) & , the token secret dropped (G01: yaak#611)
)

// BodyParams says when a body's parameters are signed.
type BodyParams uint8

// The body rules.
const (
	BodyFormOnly BodyParams = iota // only an application/x-www-form-urlencoded body (RFC 5849 §3.4.1.3.1)
	BodyLeftOut                    // never (G03)
	BodyAlways                     // any body is parsed as a form, JSON included (G03, the opposite mistake)
)

// SortOrder is the order of the normalized parameters.
type SortOrder uint8

// The sort orders.
const (
	SortEncoded SortOrder = iota // by encoded name, then encoded value, byte order (§3.4.1.3.2)
	SortRaw                      // by decoded name and value, encoded afterwards ("sort before encoding")
	SortNone                     // in the order they were collected: query, body, protocol
)

// PortForm is how the port is written in the base string URI.
type PortForm uint8

// The port forms.
const (
	PortDropDefault PortForm = iota // :80 for http and :443 for https dropped, others kept (§3.4.1.2)
	PortAddDefault                  // the default port written out (G08)
	PortStrip                       // every port dropped (G08)
)

// RepeatedForm is how a parameter name that appears more than once is signed.
type RepeatedForm uint8

// The repeated forms.
const (
	RepeatedEach  RepeatedForm = iota // every name=value pair (RFC 5849 §3.4.1.3.2)
	RepeatedFirst                     // one value per name: the protocol parameters over the body over the query, the first value of each (dghubble/oauth1)
	RepeatedLast                      // one value per name: the last one collected (a map)
)

// dialectKnobs is the list of OAuth 1.0a knobs, as data. The ids are those of ../shared/MISTAKES.md.
var dialectKnobs = knobs.Table[Dialect]{
	knobs.Bool("space", "how a space is encoded: %20 (RFC 5849 §3.6) or '+' (form encoding)", []string{"G05"},
		func(d *Dialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	knobs.Bool("js-marks", "whether ! * ' ( ) are escaped (RFC 5849) or left as encodeURIComponent leaves them", []string{"G04"},
		func(d *Dialect) *bool { return &d.JSMarks }, "escaped", "literal"),
	knobs.Bool("tilde", "whether ~ is left literal (RFC 5849) or escaped as %7E", []string{"G06"},
		func(d *Dialect) *bool { return &d.EscapeTilde }, "literal", "escaped"),
	knobs.Bool("comma", "whether , is escaped (RFC 5849) or left literal", []string{"G07"},
		func(d *Dialect) *bool { return &d.KeepComma }, "escaped", "literal"),
	knobs.Bool("hex-case", "case of the hex digits in percent-escapes", nil,
		func(d *Dialect) *bool { return &d.LowerHex }, "upper", "lower"),
	knobs.Bool("base-uri-query", "whether the query is dropped from the base string URI (RFC 5849 §3.4.1.2) or kept", []string{"G09"},
		func(d *Dialect) *bool { return &d.QueryInBaseURI }, "dropped", "kept"),
	knobs.Enum("key", "the HMAC key: enc(consumer secret)&enc(token secret) with the & always, no & when there is no token secret, secrets not encoded, or the token secret dropped", []string{"G01"},
		func(d *Dialect) *KeyForm { return &d.Key }, "encoded", "no-amp-when-empty", "unencoded", "consumer-only"),
	knobs.Enum("body-params", "which bodies' parameters are signed: form-encoded only, none, or any body parsed as a form", []string{"G03"},
		func(d *Dialect) *BodyParams { return &d.Body }, "form", "left-out", "always"),
	knobs.Enum("sort", "order of the normalized parameters: by encoded name and value, sorted before encoding, or unsorted", nil,
		func(d *Dialect) *SortOrder { return &d.Sort }, "encoded", "before-encoding", "none"),
	knobs.Enum("port", "the port in the base string URI: default port dropped, default port written, or every port dropped", []string{"G08"},
		func(d *Dialect) *PortForm { return &d.Port }, "drop-default", "add-default", "strip"),
	knobs.Bool("realm", "whether the Authorization realm is left out of the base string (RFC 5849) or signed", []string{"G10"},
		func(d *Dialect) *bool { return &d.RealmSigned }, "excluded", "signed"),
	knobs.Bool("empty-token", "whether oauth_token is left out when there is no token or sent empty", []string{"G02"},
		func(d *Dialect) *bool { return &d.EmptyToken }, "omitted", "empty"),
	knobs.Bool("path", "whether the base string URI holds the path as sent (RFC 5849) or escaped once more (%2F signed as %252F)", []string{"G11"},
		func(d *Dialect) *bool { return &d.PathDoubleEncoded }, "as-sent", "double-encoded"),
	knobs.Enum("repeated-params", "how a repeated parameter name is signed: every pair (RFC 5849), the first value (dghubble/oauth1), or the last", nil,
		func(d *Dialect) *RepeatedForm { return &d.Repeated }, "each", "first", "last"),
}

// Knobs lists the OAuth 1.0a dialect knobs with their documentation.
func (s *Signer) Knobs() []apisig.Knob { return dialectKnobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *Signer) SetKnob(name, value string) error {
	return dialectKnobs.Set(&s.Dialect, SchemeID, name, value)
}
