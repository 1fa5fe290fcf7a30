package tencent

import (
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

var secretKnobDoc = "the secret used: as given, trimmed of surrounding spaces, or the second field of a \"SecretId#SecretKey#region#...\" config string (what a client that mis-parsed such a string signed with)"

// tc3Knobs lists TC3's knobs, as data. The ids are those of ../shared/MISTAKES.md.
var tc3Knobs = knobs.Table[TC3]{
	knobs.Enum("scope-date-zone", "time zone of the credential-scope date: UTC, or Beijing time (UTC+8), which is wrong every day from 00:00 to 08:00 Beijing time", []string{"E01"},
		func(s *TC3) *DateZone { return &s.Dialect.ScopeDateZone }, "utc", "utc+8"),
	knobs.Free("scope-date", "YYYY-MM-DD date written in the credential scope and used in the key (empty: the UTC date of X-TC-Timestamp)", []string{"E01"},
		func(s *TC3) *string { return &s.Dialect.ScopeDate }),
	knobs.Free("scope-service", "service written in the credential scope and used in the key (empty: the configured service)", nil,
		func(s *TC3) *string { return &s.Dialect.ScopeService }),
	knobs.Enum("host", "the host in the canonical headers: as sent, or with a trailing '/' copied from an endpoint URL", []string{"E04"},
		func(s *TC3) *HostForm { return &s.Dialect.Host }, "as-sent", "trailing-slash"),
	knobs.Enum("header-value-case", "canonical header values: lower-cased as the TC3 documentation says, or as sent", nil,
		func(s *TC3) *ValueCase { return &s.Dialect.HeaderValues }, "lower", "as-sent"),
	knobs.Enum("canonical-uri", "the canonical URI: the path as sent, or always \"/\" (the SDKs, whatever the endpoint's path)", nil,
		func(s *TC3) *URIForm { return &s.Dialect.URI }, "path", "root"),
	knobs.Enum("key-derivation", "the signing-key chain: TC3, without the \"TC3\" prefix, or intermediate keys re-fed as hex", nil,
		func(s *TC3) *KeyDerivation { return &s.Dialect.KeyDerivation }, "tc3", "no-prefix", "hex-intermediate"),
	knobs.Enum("secret", secretKnobDoc, []string{"E03"},
		func(s *TC3) *SecretForm { return &s.Dialect.Secret }, "as-given", "trimmed", "hash-field-2"),
	knobs.Enum("payload-hash", "the hashed payload: auto (UNSIGNED-PAYLOAD's hash when X-TC-Content-SHA256 says so, else the body's), hashed, unsigned, the text UNSIGNED-PAYLOAD itself (as SigV4 writes it), or the empty-body hash whatever the body", nil,
		func(s *TC3) *PayloadMode { return &s.Payload }, "auto", "hashed", "unsigned", "unsigned-literal", "empty"),
	knobs.Parse("signed-headers", "headers signed besides content-type and host, separated by ';' or ',' (e.g. x-tc-action)", nil,
		func(s *TC3, v string) error {
			s.SignedHeaders = nil
			for n := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ';' || r == ',' }) {
				s.SignedHeaders = append(s.SignedHeaders, n)
			}
			_, _, err := s.signedHeaders()
			return err
		}),
}

// Knobs lists TC3's dialect knobs with their documentation.
func (s *TC3) Knobs() []apisig.Knob { return tc3Knobs.Knobs() }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *TC3) SetKnob(name, value string) error {
	return tc3Knobs.Set(s, TC3SchemeID, name, value)
}

// v1Knobs lists v1's knobs, as data.
var v1Knobs = knobs.Table[V1]{
	knobs.Enum("sort", "order of the parameters: by key, or as whole k=v strings (Action.1=… sorts before Action=…)", nil,
		func(s *V1) *SortForm { return &s.Dialect.Sort }, "keys", "joined"),
	knobs.Enum("signature-encoding", "the Signature parameter as placed: percent-encoded, or raw base64 (the server reads '+' as a space)", nil,
		func(s *V1) *SignatureEncoding { return &s.Dialect.SignatureEncoding }, "url-encoded", "raw"),
	knobs.Enum("digest", "the MAC as text: base64 of the raw digest, the hex digest, or base64 of the hex digest", nil,
		func(s *V1) *DigestForm { return &s.Dialect.Digest }, "base64", "hex", "base64-hex"),
	knobs.Enum("string-to-sign", "what precedes '?' in the string to sign: method+host+path, or with the host, the path or both missing", nil,
		func(s *V1) *STSForm { return &s.Dialect.StringToSign }, "method-host-path", "no-host", "no-path", "no-host-path"),
	knobs.Enum("method", "the method signed: as sent, GET and POST swapped, or in lower case", nil,
		func(s *V1) *MethodForm { return &s.Dialect.Method }, "as-sent", "swapped", "lower"),
	knobs.Enum("secret", secretKnobDoc, []string{"E03"},
		func(s *V1) *SecretForm { return &s.Dialect.Secret }, "as-given", "trimmed", "hash-field-2"),
	knobs.Enum("signature-method", "the MAC: HmacSHA1 (Tencent's default) or HmacSHA256, which also sends SignatureMethod=HmacSHA256", nil,
		func(s *V1) *SignatureMethod { return &s.Method }, "HmacSHA1", "HmacSHA256"),
	knobs.Choice("signature-method-param", "whether SignatureMethod=HmacSHA256 is sent: sent, or omitted by a client that signed with HmacSHA256 (the server then checks HmacSHA1)", nil,
		func(s *V1, i int) {
			s.Dialect.OmitMethodParam = i == 1
			if i == 1 {
				s.Method = HmacSHA256
			}
		}, "sent", "omitted"),
}

// Knobs lists v1's dialect knobs with their documentation.
func (s *V1) Knobs() []apisig.Knob { return v1Knobs.Knobs() }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *V1) SetKnob(name, value string) error { return v1Knobs.Set(s, V1SchemeID, name, value) }
