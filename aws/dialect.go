package aws

import (
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/knobs"
)

// Dialect holds SigV4's dialect knobs: the places where real implementations diverge. The zero
// value of every field is the behaviour AWS specifies; the other values reproduce mistakes real
// clients make (see [SigV4.Knobs] for the list with their catalogue ids), so that the same signer
// computes both the right signature and every catalogued wrong one.
type Dialect struct {
	// EncodingSet is the set of bytes left unescaped in the path and query (zero: RFC 3986
	// unreserved, and '/' in the path).
	EncodingSet EncodingSet
	// LowerHex writes %2f instead of %2F.
	LowerHex bool
	// SpaceAsPlus writes a space as '+' instead of %20.
	SpaceAsPlus bool
	// PathEncoding overrides how many times the path is escaped (zero: once for S3, twice
	// for other services).
	PathEncoding PathEncoding
	// PathNormalization overrides dot-segment removal (zero: off for S3, on for others).
	PathNormalization Toggle
	// QuerySort is the canonical query's sort order (zero: by encoded key, then value).
	QuerySort canon.SortOrder
	// Valueless is how "k" is written (zero: "k=").
	Valueless canon.ValuelessForm
	// Repeated is how a repeated query key is written (zero: once per value).
	Repeated canon.RepeatedForm
	// HeaderValues is how header values are cleaned (zero: Trimall).
	HeaderValues canon.ValueFold
	// HostPort changes the port in the signed Host (zero: sign Host as sent).
	HostPort HostPort
	// ScopeRegion, ScopeService and ScopeDate replace the region, service and YYYYMMDD date in
	// the credential scope and the key derivation (empty: the right ones).
	ScopeRegion, ScopeService, ScopeDate string
	// KeyDerivation changes the signing-key chain (zero: the AWS chain).
	KeyDerivation KeyDerivation
}

// EncodingSet selects a percent-encoding set for the path and query.
type EncodingSet uint8

// The encoding sets.
const (
	EncodeUnreserved  EncodingSet = iota // RFC 3986 unreserved (correct)
	EncodeJSComponent                    // JavaScript encodeURIComponent: also leaves ! ' ( ) *
	EncodeGoPath                         // Go url.PathEscape: also leaves $ & + , : ; = @
)

// PathEncoding says how many times the canonical URI is escaped.
type PathEncoding uint8

// The path encodings.
const (
	PathEncodingAuto  PathEncoding = iota // once for S3, twice for other services
	PathEncodingOnce                      // escape the decoded path once
	PathEncodingTwice                     // escape the path as sent on the wire again
	PathEncodingNone                      // sign the path as sent, unescaped again (a mistake)
)

// Toggle is a tri-state switch whose zero value lets the scheme decide.
type Toggle uint8

// The toggle states.
const (
	Auto Toggle = iota
	On
	Off
)

func (t Toggle) resolve(auto bool) bool {
	switch t {
	case On:
		return true
	case Off:
		return false
	}
	return auto
}

// HostPort changes the port in the signed Host header.
type HostPort uint8

// The host-port dialects.
const (
	HostAsSent       HostPort = iota // sign the Host the request carries (correct)
	HostAddDefault                   // sign ":443"/":80" the client strips on the wire (A08)
	HostStripPort                    // sign the host without its port (A09)
	HostStripDefault                 // sign the host without ":443"/":80" (aws-sdk-go-v2 does, as net/http sends it)
)

// KeyDerivation changes the signing-key chain.
type KeyDerivation uint8

// The key derivations.
const (
	KeyChainAWS4            KeyDerivation = iota // HMAC("AWS4"+secret, date) → region → service → "aws4_request"
	KeyChainHexIntermediate                      // feeds each intermediate key on as hex text (A36)
	KeyChainNoPrefix                             // leaves out the "AWS4" prefix of the secret (A36)
)

// sigv4Knobs is the list of SigV4 knobs, as data. The ids are those of ../shared/MISTAKES.md.
var sigv4Knobs = knobs.Table[SigV4]{
	knobs.Enum("encoding-set", "bytes left unescaped in path and query: RFC 3986 unreserved, or what JavaScript's encodeURIComponent or Go's url.PathEscape leave", []string{"A15"},
		func(s *SigV4) *EncodingSet { return &s.Dialect.EncodingSet }, "unreserved", "js-component", "go-path"),
	knobs.Bool("hex-case", "case of the hex digits in percent-escapes", []string{"A16"},
		func(s *SigV4) *bool { return &s.Dialect.LowerHex }, "upper", "lower"),
	knobs.Bool("space", "how a space is escaped", []string{"A14"},
		func(s *SigV4) *bool { return &s.Dialect.SpaceAsPlus }, "%20", "+"),
	knobs.Enum("path-encoding", "how many times the canonical URI is escaped: once for S3, twice for other services", []string{"A11", "A12"},
		func(s *SigV4) *PathEncoding { return &s.Dialect.PathEncoding }, "auto", "once", "twice", "none"),
	knobs.Enum("path-normalization", "whether . and .. segments and repeated slashes are removed: not for S3, yes for other services", []string{"A11"},
		func(s *SigV4) *Toggle { return &s.Dialect.PathNormalization }, "auto", "on", "off"),
	knobs.Enum("query-sort", "order of the canonical query: by encoded key then value, by raw key (Go url.Values.Encode), as sent, or as whole k=v strings", []string{"A17"},
		func(s *SigV4) *canon.SortOrder { return &s.Dialect.QuerySort }, "encoded", "raw", "none", "joined"),
	knobs.Enum("valueless-query", "how a query key without a value is written", []string{"A18"},
		func(s *SigV4) *canon.ValuelessForm { return &s.Dialect.Valueless }, "k=", "k", "as-sent"),
	knobs.Enum("repeated-query", "how a repeated query key is written", []string{"A19"},
		func(s *SigV4) *canon.RepeatedForm { return &s.Dialect.Repeated }, "each", "join-comma", "first", "last"),
	knobs.Enum("header-value", "how header values are cleaned: Trimall, trim only, as sent, or one pass of \"  \"→\" \"", []string{"A22"},
		func(s *SigV4) *canon.ValueFold { return &s.Dialect.HeaderValues }, "trimall", "trim", "none", "replace-once"),
	knobs.Enum("host-port", "the port in the signed Host: as sent, with the default port added, or with the port stripped", []string{"A08", "A09"},
		func(s *SigV4) *HostPort { return &s.Dialect.HostPort }, "as-sent", "add-default", "strip", "strip-default"),
	knobs.Free("scope-region", "region written in the credential scope and used in the key (empty: the configured region)", []string{"A01"},
		func(s *SigV4) *string { return &s.Dialect.ScopeRegion }),
	knobs.Free("scope-service", "service written in the credential scope and used in the key (empty: the configured service)", []string{"A02"},
		func(s *SigV4) *string { return &s.Dialect.ScopeService }),
	knobs.Free("scope-date", "YYYYMMDD date in the credential scope and key (empty: the date of X-Amz-Date)", []string{"A03", "A05"},
		func(s *SigV4) *string { return &s.Dialect.ScopeDate }),
	knobs.Enum("key-derivation", "the signing-key chain: AWS4, intermediate keys re-fed as hex, or no \"AWS4\" prefix", []string{"A36"},
		func(s *SigV4) *KeyDerivation { return &s.Dialect.KeyDerivation }, "aws4", "hex-intermediate", "no-prefix"),
	knobs.Enum("payload-hash", "the payload hash signed: auto (X-Amz-Content-Sha256 if sent, else SHA-256 of the body; UNSIGNED-PAYLOAD for S3 presigns), hashed, unsigned, or the empty-body hash whatever the body (A26)", []string{"A26", "A27"},
		func(s *SigV4) *PayloadMode { return &s.Payload }, "auto", "hashed", "unsigned", "empty"),
	knobs.Enum("session-token", "where X-Amz-Security-Token goes: auto (signed header, or signed query when presigning), signed-header, unsigned-header-after-signing, signed-query, unsigned-query-after-signing, omit (A30)", []string{"A30"},
		func(s *SigV4) *TokenPlacement { return &s.SessionToken }, "auto", "signed-header", "unsigned-header-after-signing", "signed-query", "unsigned-query-after-signing", "omit"),
}

// wireEncoding reports whether the path is escaped as AWS escapes it, so that the signer may
// send the path with that escaping: every knob that changes the escaping is at its default.
func (d *Dialect) wireEncoding() bool {
	return d.PathEncoding == PathEncodingAuto && d.EncodingSet == EncodeUnreserved && !d.LowerHex && !d.SpaceAsPlus
}

// Knobs lists SigV4's dialect knobs with their documentation.
func (s *SigV4) Knobs() []apisig.Knob { return sigv4Knobs.Knobs() }

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *SigV4) SetKnob(name, value string) error { return sigv4Knobs.Set(s, SchemeID, name, value) }

func (d *Dialect) encoding(set canon.Set) canon.Encoding {
	switch d.EncodingSet {
	case EncodeJSComponent:
		set = canon.JSComponent
	case EncodeGoPath:
		set = canon.GoPath
	}
	return canon.Encoding{Set: set, LowerHex: d.LowerHex, SpaceAsPlus: d.SpaceAsPlus}
}
