package aws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
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

// knob pairs a Knob's documentation with the code that sets it on a Dialect.
type knob struct {
	apisig.Knob
	set func(d *Dialect, v string) error
}

// enumKnob builds a knob whose values map, in order, onto the constants of T.
func enumKnob[T ~uint8](name, doc string, mistakes []string, field func(*Dialect) *T, values ...string) knob {
	return knob{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: values, Mistakes: mistakes},
		set: func(d *Dialect, v string) error {
			i := slices.Index(values, v)
			if i < 0 {
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, v, strings.Join(values, ", "))
			}
			*field(d) = T(i)
			return nil
		},
	}
}

func boolKnob(name, doc string, mistakes []string, field func(*Dialect) *bool, right, wrong string) knob {
	return knob{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: []string{right, wrong}, Mistakes: mistakes},
		set: func(d *Dialect, v string) error {
			switch v {
			case right:
				*field(d) = false
			case wrong:
				*field(d) = true
			default:
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s, %s]", apisig.ErrInvalidInput, name, v, right, wrong)
			}
			return nil
		},
	}
}

func freeKnob(name, doc string, mistakes []string, field func(*Dialect) *string) knob {
	return knob{
		Knob: apisig.Knob{Name: name, Doc: doc, Mistakes: mistakes},
		set:  func(d *Dialect, v string) error { *field(d) = v; return nil },
	}
}

// sigv4Knobs is the list of SigV4 knobs, as data. The ids are those of ../shared/MISTAKES.md.
var sigv4Knobs = []knob{
	enumKnob("encoding-set", "bytes left unescaped in path and query: RFC 3986 unreserved, or what JavaScript's encodeURIComponent or Go's url.PathEscape leave", []string{"A15"},
		func(d *Dialect) *EncodingSet { return &d.EncodingSet }, "unreserved", "js-component", "go-path"),
	boolKnob("hex-case", "case of the hex digits in percent-escapes", []string{"A16"},
		func(d *Dialect) *bool { return &d.LowerHex }, "upper", "lower"),
	boolKnob("space", "how a space is escaped", []string{"A14"},
		func(d *Dialect) *bool { return &d.SpaceAsPlus }, "%20", "+"),
	enumKnob("path-encoding", "how many times the canonical URI is escaped: once for S3, twice for other services", []string{"A11", "A12"},
		func(d *Dialect) *PathEncoding { return &d.PathEncoding }, "auto", "once", "twice", "none"),
	enumKnob("path-normalization", "whether . and .. segments and repeated slashes are removed: not for S3, yes for other services", []string{"A11"},
		func(d *Dialect) *Toggle { return &d.PathNormalization }, "auto", "on", "off"),
	enumKnob("query-sort", "order of the canonical query: by encoded key then value, by raw key (Go url.Values.Encode), as sent, or as whole k=v strings", []string{"A17"},
		func(d *Dialect) *canon.SortOrder { return &d.QuerySort }, "encoded", "raw", "none", "joined"),
	enumKnob("valueless-query", "how a query key without a value is written", []string{"A18"},
		func(d *Dialect) *canon.ValuelessForm { return &d.Valueless }, "k=", "k", "as-sent"),
	enumKnob("repeated-query", "how a repeated query key is written", []string{"A19"},
		func(d *Dialect) *canon.RepeatedForm { return &d.Repeated }, "each", "join-comma", "first", "last"),
	enumKnob("header-value", "how header values are cleaned: Trimall, trim only, as sent, or one pass of \"  \"→\" \"", []string{"A22"},
		func(d *Dialect) *canon.ValueFold { return &d.HeaderValues }, "trimall", "trim", "none", "replace-once"),
	enumKnob("host-port", "the port in the signed Host: as sent, with the default port added, or with the port stripped", []string{"A08", "A09"},
		func(d *Dialect) *HostPort { return &d.HostPort }, "as-sent", "add-default", "strip", "strip-default"),
	freeKnob("scope-region", "region written in the credential scope and used in the key (empty: the configured region)", []string{"A01"},
		func(d *Dialect) *string { return &d.ScopeRegion }),
	freeKnob("scope-service", "service written in the credential scope and used in the key (empty: the configured service)", []string{"A02"},
		func(d *Dialect) *string { return &d.ScopeService }),
	freeKnob("scope-date", "YYYYMMDD date in the credential scope and key (empty: the date of X-Amz-Date)", []string{"A03", "A05"},
		func(d *Dialect) *string { return &d.ScopeDate }),
	enumKnob("key-derivation", "the signing-key chain: AWS4, intermediate keys re-fed as hex, or no \"AWS4\" prefix", []string{"A36"},
		func(d *Dialect) *KeyDerivation { return &d.KeyDerivation }, "aws4", "hex-intermediate", "no-prefix"),
}

// wireEncoding reports whether the path is escaped as AWS escapes it, so that the signer may
// send the path with that escaping: every knob that changes the escaping is at its default.
func (d *Dialect) wireEncoding() bool {
	return d.PathEncoding == PathEncodingAuto && d.EncodingSet == EncodeUnreserved && !d.LowerHex && !d.SpaceAsPlus
}

// Knobs lists SigV4's dialect knobs with their documentation.
func (s *SigV4) Knobs() []apisig.Knob {
	out := make([]apisig.Knob, 0, len(sigv4Knobs)+2)
	for _, k := range sigv4Knobs {
		out = append(out, k.Knob)
	}
	return append(out, payloadKnob, sessionTokenKnob)
}

var payloadKnob = apisig.Knob{
	Name:     "payload-hash",
	Doc:      "the payload hash signed: auto (X-Amz-Content-Sha256 if sent, else SHA-256 of the body; UNSIGNED-PAYLOAD for S3 presigns), hashed, unsigned, or the empty-body hash whatever the body (A26)",
	Values:   []string{"auto", "hashed", "unsigned", "empty"},
	Mistakes: []string{"A26", "A27"},
}

var sessionTokenKnob = apisig.Knob{
	Name:     "session-token",
	Doc:      "where X-Amz-Security-Token goes: auto (signed header, or signed query when presigning), signed-header, unsigned-header-after-signing, signed-query, unsigned-query-after-signing, omit (A30)",
	Values:   []string{"auto", "signed-header", "unsigned-header-after-signing", "signed-query", "unsigned-query-after-signing", "omit"},
	Mistakes: []string{"A30"},
}

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *SigV4) SetKnob(name, value string) error {
	switch name {
	case payloadKnob.Name:
		i := slices.Index(payloadKnob.Values, value)
		if i < 0 {
			return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(payloadKnob.Values, ", "))
		}
		s.Payload = PayloadMode(i)
		return nil
	case sessionTokenKnob.Name:
		i := slices.Index(sessionTokenKnob.Values, value)
		if i < 0 {
			return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(sessionTokenKnob.Values, ", "))
		}
		s.SessionToken = TokenPlacement(i)
		return nil
	}
	for _, k := range sigv4Knobs {
		if k.Name == name {
			return k.set(&s.Dialect, value)
		}
	}
	names := make([]string, 0, len(sigv4Knobs)+2)
	for _, k := range s.Knobs() {
		names = append(names, k.Name)
	}
	return fmt.Errorf("%w: %q is not a knob of aws-sigv4; knobs: %s", apisig.ErrInvalidInput, name, strings.Join(names, ", "))
}

func (d *Dialect) encoding(set canon.Set) canon.Encoding {
	switch d.EncodingSet {
	case EncodeJSComponent:
		set = canon.JSComponent
	case EncodeGoPath:
		set = canon.GoPath
	}
	return canon.Encoding{Set: set, LowerHex: d.LowerHex, SpaceAsPlus: d.SpaceAsPlus}
}
