package alibaba

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// RPCDialect holds the RPC scheme's dialect knobs: the places where real clients diverge. The
// zero value of every field is what Alibaba Cloud specifies; the other values reproduce the
// mistakes catalogued in MISTAKES.md §1.3 (see [RPC.Knobs]), so the same signer computes the
// right signature and every catalogued wrong one.
type RPCDialect struct {
	// EncodingSet is the set of bytes percentEncode leaves literal (zero: RFC 3986 unreserved).
	EncodingSet EncodingSet
	// SpaceAsPlus writes a space as '+' instead of %20.
	SpaceAsPlus bool
	// StarLiteral leaves '*' literal instead of writing %2A.
	StarLiteral bool
	// TildeEscaped writes '~' as %7E instead of leaving it literal.
	TildeEscaped bool
	// LowerHex writes percent-escapes with lower-case hex digits.
	LowerHex bool
	// Sort is the order of the canonicalized query string (zero: by parameter name, as sent
	// decoded, which is what the SDKs' sorted maps do).
	Sort RPCSort
	// RawQueryInStringToSign leaves out the second percentEncode of the canonicalized query
	// string in the string to sign (the old ECS documentation printed it so).
	RawQueryInStringToSign bool
	// TimestampName spells the Timestamp parameter (zero: "Timestamp").
	TimestampName TimestampName
	// TimestampZone says which clock the Timestamp is written in (zero: UTC).
	TimestampZone TimestampZone
	// Key is the HMAC key (zero: AccessKeySecret + "&").
	Key KeyForm
	// Digest is how the MAC is written (zero: base64 of the raw bytes).
	Digest DigestForm
	// TrailingNewline appends '\n' to the signature, as Ruby's Base64.encode64 does.
	TrailingNewline bool
	// SignatureEncoding is how the Signature query parameter is percent-encoded (zero: once).
	SignatureEncoding SignatureEncoding
}

// RPCSort is the order of the canonicalized query string.
type RPCSort uint8

// The sort orders.
const (
	SortByName    RPCSort = iota // by decoded parameter name (correct)
	SortByEncoded                // by percent-encoded name
	SortNone                     // as sent (a mistake)
)

// TimestampName spells the Timestamp parameter.
type TimestampName uint8

// The spellings.
const (
	TimestampCorrect  TimestampName = iota // "Timestamp"
	TimestampCamelCap                      // "TimeStamp": the old ECS doc example (C09)
)

func (n TimestampName) param() string {
	if n == TimestampCamelCap {
		return "TimeStamp"
	}
	return ParamTimestamp
}

// TimestampZone is the clock a timestamp is written in.
type TimestampZone uint8

// The zones.
const (
	ZoneUTC          TimestampZone = iota // UTC (correct)
	ZoneBeijingAsUTC                      // Beijing time (UTC+8) written with a 'Z', a common mistake (C08)
)

// KeyForm is the HMAC key of a scheme.
type KeyForm uint8

// The key forms.
const (
	KeyDefault        KeyForm = iota // the scheme's key: AccessKeySecret + "&" for RPC, the secret for ACS3/ROA
	KeyWrongAmpersand                // the other one: no "&" for RPC (C01), "&" added for ACS3 (C12)
)

// DigestForm is how a MAC is written.
type DigestForm uint8

// The digest forms.
const (
	DigestBase64      DigestForm = iota // base64 of the raw MAC (correct for RPC and ROA)
	DigestHex                           // lower-case hex of the MAC
	DigestBase64OfHex                   // base64 of the hex text (C03)
)

// SignatureEncoding is how a signature is percent-encoded in a URL.
type SignatureEncoding uint8

// The signature encodings.
const (
	SignatureEncodedOnce  SignatureEncoding = iota // percent-encoded once (correct)
	SignatureEncodedTwice                          // percent-encoded twice (%252B)
	SignatureNotEncoded                            // not encoded: a '+' reads as a space
)

var rpcKnobs = knobs.Table[RPCDialect]{
	knobs.Enum("encoding-set", "bytes percentEncode leaves literal: RFC 3986 unreserved, JavaScript's encodeURIComponent (also ! ' ( ) *), or Java's URLEncoder (A-Z a-z 0-9 . - * _)", []string{"C04", "C06"},
		func(d *RPCDialect) *EncodingSet { return &d.EncodingSet }, "unreserved", "js-component", "java-urlencoder"),
	knobs.Bool("space", "how a space is written", []string{"C06"}, func(d *RPCDialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	knobs.Bool("star", "how '*' is written", []string{"C04", "C06"}, func(d *RPCDialect) *bool { return &d.StarLiteral }, "%2A", "*"),
	knobs.Bool("tilde", "how '~' is written", []string{"C05", "C06"}, func(d *RPCDialect) *bool { return &d.TildeEscaped }, "~", "%7E"),
	knobs.Bool("hex-case", "case of the hex digits in percent-escapes", []string{"C06"}, func(d *RPCDialect) *bool { return &d.LowerHex }, "upper", "lower"),
	knobs.Enum("query-sort", "order of the canonicalized query string: by parameter name, by encoded name, or as sent", []string{"C06"},
		func(d *RPCDialect) *RPCSort { return &d.Sort }, "name", "encoded", "none"),
	knobs.Bool("sts-query-encoding", "whether the canonicalized query string is percentEncoded again in the string to sign", nil,
		func(d *RPCDialect) *bool { return &d.RawQueryInStringToSign }, "encoded", "raw"),
	knobs.Enum("timestamp-name", "spelling of the Timestamp parameter; the old ECS example signature CT9X0VtwR86fNWSnsc6v8YGOjuE= only reproduces with TimeStamp", []string{"C09"},
		func(d *RPCDialect) *TimestampName { return &d.TimestampName }, "Timestamp", "TimeStamp"),
	knobs.Enum("timestamp-zone", "clock the Timestamp is written in: UTC, or Beijing time with a 'Z'", []string{"C08"},
		func(d *RPCDialect) *TimestampZone { return &d.TimestampZone }, "utc", "beijing-as-utc"),
	knobs.Enum("key", "HMAC key: AccessKeySecret + \"&\", or the secret alone", []string{"C01"},
		func(d *RPCDialect) *KeyForm { return &d.Key }, "secret&", "secret"),
	knobs.Enum("digest", "how the MAC is written: base64 of the raw bytes, hex, or base64 of the hex text", []string{"C03"},
		func(d *RPCDialect) *DigestForm { return &d.Digest }, "base64", "hex", "base64-of-hex"),
	knobs.Bool("trailing-newline", "a '\\n' after the base64 signature (Ruby Base64.encode64)", []string{"C02"},
		func(d *RPCDialect) *bool { return &d.TrailingNewline }, "none", "newline"),
	knobs.Enum("signature-url-encoding", "how the Signature query parameter is percent-encoded: once, twice, or not at all", []string{"D07"},
		func(d *RPCDialect) *SignatureEncoding { return &d.SignatureEncoding }, "once", "twice", "none"),
}

// Knobs lists the RPC scheme's dialect knobs with their documentation.
func (s *RPC) Knobs() []apisig.Knob { return rpcKnobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *RPC) SetKnob(name, value string) error {
	return rpcKnobs.Set(&s.Dialect, RPCSchemeID, name, value)
}

// encoder returns the percent-encoding the dialect describes.
func (d *RPCDialect) encoder() *encoder {
	return encoderFor(d.EncodingSet, d.SpaceAsPlus, d.StarLiteral, d.TildeEscaped, d.LowerHex)
}
