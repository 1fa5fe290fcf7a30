package alibaba

import (
	"strconv"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/knobs"
)

// ACS3Dialect holds the V3 signature's dialect knobs. The zero value of every field is what
// Alibaba Cloud specifies; the others reproduce client mistakes (see [ACS3.Knobs]).
type ACS3Dialect struct {
	// Key is the HMAC key (zero: the secret; KeyWrongAmpersand appends "&", the V2 habit, C12).
	Key KeyForm
	// EncodingSet is the set of bytes percentEncode leaves literal in the path and query.
	EncodingSet EncodingSet
	// SpaceAsPlus writes a space as '+' instead of %20.
	SpaceAsPlus bool
	// LowerHex writes percent-escapes with lower-case hex digits.
	LowerHex bool
	// QuerySort is the order of the canonical query (zero: by encoded name, then value).
	QuerySort canon.SortOrder
	// HeaderValues is how header values are cleaned (zero: leading and trailing spaces trimmed).
	HeaderValues HeaderFold
	// Payload is which payload hash is signed (zero: the SHA-256 of the body sent).
	Payload PayloadForm
}

// HeaderFold is how a header value is cleaned before it is signed.
type HeaderFold uint8

// The header folds.
const (
	HeaderTrim    HeaderFold = iota // trim leading and trailing spaces (correct for ACS3)
	HeaderAsSent                    // sign the value as sent
	HeaderTrimAll                   // also collapse inner runs of spaces (SigV4's Trimall)
)

func (f HeaderFold) fold() canon.ValueFold {
	switch f {
	case HeaderAsSent:
		return canon.FoldNone
	case HeaderTrimAll:
		return canon.FoldTrimAll
	}
	return canon.FoldTrim
}

// PayloadForm is which payload hash is signed.
type PayloadForm uint8

// The payload forms.
const (
	PayloadBody  PayloadForm = iota // the SHA-256 of the body sent (correct)
	PayloadEmpty                    // the SHA-256 of an empty body whatever is sent (A26's mistake, here)
)

var acs3Knobs = knobs.Table[ACS3Dialect]{
	knobs.Enum("key", "HMAC key: the secret, or the secret + \"&\" carried over from the RPC signature", []string{"C12"},
		func(d *ACS3Dialect) *KeyForm { return &d.Key }, "secret", "secret&"),
	knobs.Enum("encoding-set", "bytes left literal in the path and query: RFC 3986 unreserved, or JavaScript's encodeURIComponent (also ! ' ( ) *)", []string{"C04"},
		func(d *ACS3Dialect) *EncodingSet { return &d.EncodingSet }, "unreserved", "js-component"),
	knobs.Bool("space", "how a space is written in the path and query", []string{"C06"}, func(d *ACS3Dialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	knobs.Bool("hex-case", "case of the hex digits in percent-escapes", []string{"C06"}, func(d *ACS3Dialect) *bool { return &d.LowerHex }, "upper", "lower"),
	knobs.Enum("query-sort", "order of the canonical query: by encoded name then value, by raw name, as sent, or as whole k=v strings", []string{"A17"},
		func(d *ACS3Dialect) *canon.SortOrder { return &d.QuerySort }, "encoded", "raw", "none", "joined"),
	knobs.Enum("header-value", "how header values are cleaned: trimmed, as sent, or trimmed with inner spaces collapsed", []string{"A22"},
		func(d *ACS3Dialect) *HeaderFold { return &d.HeaderValues }, "trim", "none", "trimall"),
	knobs.Enum("payload-hash", "the payload hash signed: the body's, or the empty body's whatever is sent", []string{"A26"},
		func(d *ACS3Dialect) *PayloadForm { return &d.Payload }, "body", "empty"),
}

// Knobs lists the V3 signature's dialect knobs with their documentation.
func (s *ACS3) Knobs() []apisig.Knob { return acs3Knobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *ACS3) SetKnob(name, value string) error {
	return acs3Knobs.Set(&s.Dialect, ACS3SchemeID, name, value)
}

// encoding returns the percent-encoding of the path and query; an EncodingSet the V3 knobs
// do not offer is an error.
func (d *ACS3Dialect) encoding() (canon.Encoding, error) {
	e := canon.Encoding{Set: canon.Unreserved, SpaceAsPlus: d.SpaceAsPlus, LowerHex: d.LowerHex}
	switch d.EncodingSet {
	case EncodeUnreserved:
	case EncodeJSComponent:
		e.Set = canon.JSComponent
	default:
		return e, &apisig.RequestError{Scheme: ACS3SchemeID, Part: "Dialect.EncodingSet", Value: strconv.Itoa(int(d.EncodingSet)), Problem: "is not one of unreserved, js-component", Kind: apisig.ErrInvalidInput}
	}
	return e, nil
}
