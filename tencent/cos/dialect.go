package cos

import (
	"fmt"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds the COS signature's dialect knobs: the places where real clients go wrong.
// The zero value of every field is what COS computes; the other values reproduce catalogued
// mistakes (MISTAKES.md §1.6, ids F01-F06), so that one signer computes both the right
// signature and every wrong one. See [Signer.Knobs].
type Dialect struct {
	// Path is which form of the path HttpString carries (zero: decoded).
	Path PathForm
	// WirePath is how the path is percent-encoded on the wire (zero: every byte outside the
	// unreserved set and '/' escaped, so COS decodes it back to what was signed).
	WirePath WirePath
	// SignKey is how SignKey keys the final HMAC (zero: as its lower-case hex text).
	SignKey SignKeyForm
	// HeaderSet restricts the signed headers (zero: the configured set).
	HeaderSet HeaderSet
	// EncodingSet is the set of bytes left unescaped in keys and values (zero: unreserved).
	EncodingSet EncodingSet
	// Lowercase is what is lower-cased in the lists and HttpParameters (zero: keys only).
	Lowercase Lowercase
	// SpaceAsPlus writes a space in a key or value as '+' instead of %20.
	SpaceAsPlus bool
	// HeaderValues is how header values are cleaned (zero: trimmed, inner spaces kept).
	HeaderValues HeaderValues
	// TimeOffset is added to the clock's time when signing (a client clock an hour off, F05).
	TimeOffset time.Duration
}

// PathForm is the form of the path in HttpString.
type PathForm uint8

// The path forms.
const (
	PathDecoded     PathForm = iota // the decoded path, /exampleobject(腾讯云) (correct)
	PathEncoded                     // the path as sent, percent-encoded (a mistake)
	PathPlusAsSpace                 // the decoded path with '+' read as a space (form decoding; F01)
)

// WirePath is how the signer percent-encodes the path it sends.
type WirePath uint8

// The wire encodings.
const (
	WireEscaped     WirePath = iota // every byte outside unreserved and '/' escaped: '+' as %2B (correct)
	WirePlusLiteral                 // '+' sent literally, which COS decodes as a space (F01)
)

// A space sent as '+' is not a mistake at COS: it decodes a '+' in the path as a space, back to
// the key that was signed. What breaks (F01) is sending the key's '+' literally (WirePlusLiteral)
// or signing the encoded form of the key (PathEncoded).

// SignKeyForm is how SignKey is used as the final HMAC key.
type SignKeyForm uint8

// The sign-key forms.
const (
	SignKeyHex SignKeyForm = iota // the 40 lower-case hex characters (correct)
	SignKeyRaw                    // the 20 raw digest bytes (F02)
)

// HeaderSet restricts which headers are signed.
type HeaderSet uint8

// The header sets.
const (
	HeadersConfigured HeaderSet = iota // Signer.SignedHeaders, or DefaultSignedHeaders (correct)
	HeadersNoContent                   // the configured set without content-type, content-length, content-md5 (F03)
	HeadersHostOnly                    // host and x-cos-* only (F03)
)

// EncodingSet selects the bytes left unescaped in keys and values.
type EncodingSet uint8

// The encoding sets.
const (
	EncodeUnreserved  EncodingSet = iota // RFC 3986 unreserved (correct)
	EncodeJSComponent                    // encodeURIComponent: also leaves ! ' ( ) * (F04)
	EncodeKeepSlash                      // unreserved and '/' (a prefix=a/b value left unescaped; F04)
)

// Lowercase says what is lower-cased.
type Lowercase uint8

// The lower-casing rules.
const (
	LowerKeys Lowercase = iota // keys and header names, after encoding (correct)
	LowerAll                   // keys and parameter values (the whole HttpParameters; F04)
	LowerNone                  // nothing: query keys keep their case and %XY escapes stay upper-case (F04); header names are lower-cased still
)

// HeaderValues is how header values are cleaned before they are signed.
type HeaderValues uint8

// The header value rules.
const (
	ValuesTrim    HeaderValues = iota // leading and trailing whitespace dropped, as HTTP does (correct)
	ValuesAsGiven                     // exactly as set on the request (cos-go-sdk-v5; differs only for padded values)
	ValuesTrimAll                     // trimmed and inner runs of spaces collapsed (F06)
)

func (h HeaderValues) fold() canon.ValueFold {
	switch h {
	case ValuesAsGiven:
		return canon.FoldNone
	case ValuesTrimAll:
		return canon.FoldTrimAll
	}
	return canon.FoldTrim
}

// cosKnobs is the list of COS knobs, as data. The ids are those of ../shared/MISTAKES.md.
var cosKnobs = knobs.Table[Dialect]{
	knobs.Enum("path", "the path in HttpString: decoded (correct), percent-encoded as sent, or decoded with '+' read as a space", []string{"F01"},
		func(d *Dialect) *PathForm { return &d.Path }, "decoded", "encoded", "plus-as-space"),
	knobs.Enum("wire-path", "how the path is sent: escaped ('+' as %2B), or with '+' left literal, which COS decodes as a space", []string{"F01"},
		func(d *Dialect) *WirePath { return &d.WirePath }, "escaped", "plus-literal"),
	knobs.Enum("sign-key", "the final HMAC key: SignKey's hex text (correct) or its raw digest bytes", []string{"F02"},
		func(d *Dialect) *SignKeyForm { return &d.SignKey }, "hex", "raw"),
	knobs.Enum("header-set", "the headers signed: the configured set, the set without content-type/content-length/content-md5, or host and x-cos-* only", []string{"F03"},
		func(d *Dialect) *HeaderSet { return &d.HeaderSet }, "configured", "no-content", "host-only"),
	knobs.Enum("encoding-set", "bytes left unescaped in keys and values: RFC 3986 unreserved, encodeURIComponent's set, or unreserved and '/'", []string{"F04"},
		func(d *Dialect) *EncodingSet { return &d.EncodingSet }, "unreserved", "js-component", "keep-slash"),
	knobs.Enum("lowercase", "what is lower-cased after encoding: keys (correct), keys and parameter values, or nothing", []string{"F04"},
		func(d *Dialect) *Lowercase { return &d.Lowercase }, "keys", "all", "none"),
	knobs.Bool("space", "how a space in a key or value is escaped", []string{"F01", "F04"},
		func(d *Dialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	knobs.Enum("header-value", "how header values are cleaned: trimmed as HTTP delivers them, as given, or trimmed with inner spaces collapsed", []string{"F06"},
		func(d *Dialect) *HeaderValues { return &d.HeaderValues }, "trim", "as-given", "trimall"),
	knobs.Parse("time-offset", "a Go duration added to the signing time, e.g. -1h for a clock an hour behind (empty: none)", []string{"F05"},
		func(d *Dialect, v string) error {
			if v == "" {
				d.TimeOffset = 0
				return nil
			}
			off, err := time.ParseDuration(v)
			if err != nil || off%time.Second != 0 {
				return fmt.Errorf("%w: knob time-offset: value %q is not a whole number of seconds as a Go duration (e.g. -1h, 30s)", apisig.ErrInvalidInput, v)
			}
			d.TimeOffset = off
			return nil
		}),
}

// Knobs lists the COS dialect knobs with their documentation.
func (s *Signer) Knobs() []apisig.Knob { return cosKnobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *Signer) SetKnob(name, value string) error {
	return cosKnobs.Set(&s.Dialect, SchemeID, name, value)
}

// encoding returns the percent-encoding of keys and values.
func (d *Dialect) encoding() canon.Encoding {
	e := canon.Encoding{Set: canon.Unreserved, SpaceAsPlus: d.SpaceAsPlus}
	switch d.EncodingSet {
	case EncodeJSComponent:
		e.Set = canon.JSComponent
	case EncodeKeepSlash:
		e.Set = canon.UnreservedSlash
	}
	return e
}
