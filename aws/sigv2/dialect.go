package sigv2

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds SigV2's knobs: the places where real implementations diverge. The zero value
// of every field is what the S3 guide specifies; the others reproduce mistakes catalogued in
// ../shared/MISTAKES.md (see [SigV2.Knobs]).
type Dialect struct {
	// SubResources says which query parameters are signed (zero: the sub-resources).
	SubResources SubResources
	// OmitContentType leaves the Content-Type line empty although the header is sent (B02).
	OmitContentType bool
	// OmitContentMD5 leaves the Content-MD5 line empty although the header is sent (B02).
	OmitContentMD5 bool
	// DateLine is what the Date line holds when x-amz-date is sent (zero: nothing).
	DateLine DateLine
	// OmitBucket leaves a virtual-hosted request's bucket out of the resource.
	OmitBucket bool
	// LowerHex writes %2f instead of %2F in the signed path (A16).
	LowerHex bool
	// SpaceAsPlus writes a space in the signed path as '+' instead of %20 (A14).
	SpaceAsPlus bool
	// HeaderValues is how x-amz-* values are cleaned (zero: trimmed).
	HeaderValues HeaderValues
	// SignatureEncoding is how a presign's Signature is written in the query (zero:
	// percent-encoded once).
	SignatureEncoding SignatureEncoding
}

// SubResources says which query parameters CanonicalizedResource includes.
type SubResources uint8

// The sub-resource rules.
const (
	SubResourcesListed   SubResources = iota // the S3 sub-resources (correct)
	SubResourcesNone                         // none: the path only (B01)
	SubResourcesAllQuery                     // every query parameter
	SubResourcesMinIO                        // the list a MinIO server signs (see the sub-resources knob)
)

// DateLine is the Date line when x-amz-date is sent.
type DateLine uint8

// The date-line rules.
const (
	DateLineEmpty   DateLine = iota // empty, x-amz-date signed among the x-amz-* headers (correct)
	DateLineAmzDate                 // the x-amz-date value, and x-amz-date not signed again (the S3 guide's DELETE example)
)

// HeaderValues is how x-amz-* header values are cleaned.
type HeaderValues uint8

// The header-value rules.
const (
	HeaderValuesTrim HeaderValues = iota // leading and trailing whitespace removed (correct)
	HeaderValuesNone                     // as given
)

func (h HeaderValues) fold() canon.ValueFold {
	if h == HeaderValuesNone {
		return canon.FoldNone
	}
	return canon.FoldTrim
}

// SignatureEncoding is how a presign's base64 Signature is written in the query.
type SignatureEncoding uint8

// The signature encodings.
const (
	SignatureEscaped SignatureEncoding = iota // percent-encoded once: '+' → %2B, '/' → %2F, '=' → %3D (correct)
	SignatureRaw                              // raw base64: a '+' is read back as a space (B03)
	SignatureTwice                            // percent-encoded twice: %252B
)

func (d *Dialect) encoding() canon.Encoding {
	return canon.Encoding{Set: canon.Unreserved, LowerHex: d.LowerHex, SpaceAsPlus: d.SpaceAsPlus}
}

// wireEncoding reports whether the signed path is escaped as it goes on the wire.
func (d *Dialect) wireEncoding() bool { return !d.LowerHex && !d.SpaceAsPlus }

// sigv2Knobs is the list of SigV2 knobs, as data; the ids are those of MISTAKES.md.
var sigv2Knobs = knobs.Table[Dialect]{
	knobs.Enum("sub-resources", "query parameters signed in CanonicalizedResource: the S3 sub-resources AWS's SDK signs, none, the whole query, or the list a MinIO server signs (with encryption, legal-hold, retention; without replication, restore, ...)", []string{"B01"},
		func(d *Dialect) *SubResources { return &d.SubResources }, "listed", "none", "all-query", "minio"),
	knobs.Bool("content-type-line", "the Content-Type line: the header sent, or empty although it is sent", []string{"B02", "A24"},
		func(d *Dialect) *bool { return &d.OmitContentType }, "as-sent", "empty"),
	knobs.Bool("content-md5-line", "the Content-MD5 line: the header sent, or empty although it is sent", []string{"B02"},
		func(d *Dialect) *bool { return &d.OmitContentMD5 }, "as-sent", "empty"),
	knobs.Enum("date-line", "the Date line when x-amz-date is sent: empty (x-amz-date signed as an x-amz header), or the x-amz-date value (the S3 guide's DELETE example)", nil,
		func(d *Dialect) *DateLine { return &d.DateLine }, "empty", "x-amz-date"),
	knobs.Bool("bucket", "a virtual-hosted request's bucket in the resource: prefixed, or left out", []string{"A10"},
		func(d *Dialect) *bool { return &d.OmitBucket }, "prefixed", "omitted"),
	knobs.Bool("hex-case", "case of the hex digits in the signed path's percent-escapes", []string{"A16"},
		func(d *Dialect) *bool { return &d.LowerHex }, "upper", "lower"),
	knobs.Bool("space", "how a space in the signed path is escaped", []string{"A14"},
		func(d *Dialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	knobs.Enum("header-value", "how x-amz-* header values are cleaned: trimmed, or as given", nil,
		func(d *Dialect) *HeaderValues { return &d.HeaderValues }, "trim", "none"),
	knobs.Enum("signature-encoding", "how a presigned URL's Signature is written: percent-encoded once, raw base64 ('+' read back as a space), or twice", []string{"B03"},
		func(d *Dialect) *SignatureEncoding { return &d.SignatureEncoding }, "escaped", "raw", "twice"),
}

// Knobs lists SigV2's dialect knobs with their documentation.
func (s *SigV2) Knobs() []apisig.Knob { return sigv2Knobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *SigV2) SetKnob(name, value string) error {
	return sigv2Knobs.Set(&s.Dialect, SchemeID, name, value)
}
