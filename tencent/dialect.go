package tencent

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// knob pairs a Knob's documentation with the code that sets it on a signer of type T.
type knob[T any] struct {
	apisig.Knob
	set func(s *T, v string) error
}

// enumKnob builds a knob whose values map, in order, onto the constants of E.
func enumKnob[T any, E ~uint8](name, doc string, mistakes []string, field func(*T) *E, values ...string) knob[T] {
	return knob[T]{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: values, Mistakes: mistakes},
		set: func(s *T, v string) error {
			i := slices.Index(values, v)
			if i < 0 {
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, v, strings.Join(values, ", "))
			}
			*field(s) = E(i)
			return nil
		},
	}
}

func freeKnob[T any](name, doc string, mistakes []string, set func(*T, string) error) knob[T] {
	return knob[T]{Knob: apisig.Knob{Name: name, Doc: doc, Mistakes: mistakes}, set: set}
}

func knobList[T any](ks []knob[T]) []apisig.Knob {
	out := make([]apisig.Knob, len(ks))
	for i, k := range ks {
		out[i] = k.Knob
	}
	return out
}

func setKnob[T any](ks []knob[T], s *T, scheme, name, value string) error {
	for _, k := range ks {
		if k.Name == name {
			return k.set(s, value)
		}
	}
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Name
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, scheme, strings.Join(names, ", "))
}

var secretKnobDoc = "the secret used: as given, trimmed of surrounding spaces, or the second field of a \"SecretId#SecretKey#region#...\" config string (what a client that mis-parsed such a string signed with)"

// tc3Knobs lists TC3's knobs, as data. The ids are those of ../shared/MISTAKES.md.
var tc3Knobs = []knob[TC3]{
	enumKnob("scope-date-zone", "time zone of the credential-scope date: UTC, or Beijing time (UTC+8), which is wrong every day from 00:00 to 08:00 Beijing time", []string{"E01"},
		func(s *TC3) *DateZone { return &s.Dialect.ScopeDateZone }, "utc", "utc+8"),
	freeKnob("scope-date", "YYYY-MM-DD date written in the credential scope and used in the key (empty: the UTC date of X-TC-Timestamp)", []string{"E01"},
		func(s *TC3, v string) error { s.Dialect.ScopeDate = v; return nil }),
	freeKnob("scope-service", "service written in the credential scope and used in the key (empty: the configured service)", nil,
		func(s *TC3, v string) error { s.Dialect.ScopeService = v; return nil }),
	enumKnob("host", "the host in the canonical headers: as sent, or with a trailing '/' copied from an endpoint URL", []string{"E04"},
		func(s *TC3) *HostForm { return &s.Dialect.Host }, "as-sent", "trailing-slash"),
	enumKnob("header-value-case", "canonical header values: lower-cased as the TC3 documentation says, or as sent", nil,
		func(s *TC3) *ValueCase { return &s.Dialect.HeaderValues }, "lower", "as-sent"),
	enumKnob("canonical-uri", "the canonical URI: the path as sent, or always \"/\" (the SDKs, whatever the endpoint's path)", nil,
		func(s *TC3) *URIForm { return &s.Dialect.URI }, "path", "root"),
	enumKnob("key-derivation", "the signing-key chain: TC3, without the \"TC3\" prefix, or intermediate keys re-fed as hex", nil,
		func(s *TC3) *KeyDerivation { return &s.Dialect.KeyDerivation }, "tc3", "no-prefix", "hex-intermediate"),
	enumKnob("secret", secretKnobDoc, []string{"E03"},
		func(s *TC3) *SecretForm { return &s.Dialect.Secret }, "as-given", "trimmed", "hash-field-2"),
	enumKnob("payload-hash", "the hashed payload: auto (UNSIGNED-PAYLOAD's hash when X-TC-Content-SHA256 says so, else the body's), hashed, unsigned, the text UNSIGNED-PAYLOAD itself (as SigV4 writes it), or the empty-body hash whatever the body", nil,
		func(s *TC3) *PayloadMode { return &s.Payload }, "auto", "hashed", "unsigned", "unsigned-literal", "empty"),
	freeKnob("signed-headers", "headers signed besides content-type and host, separated by ';' or ',' (e.g. x-tc-action)", nil,
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
func (s *TC3) Knobs() []apisig.Knob { return knobList(tc3Knobs) }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *TC3) SetKnob(name, value string) error {
	return setKnob(tc3Knobs, s, TC3SchemeID, name, value)
}

// v1Knobs lists v1's knobs, as data.
var v1Knobs = []knob[V1]{
	enumKnob("sort", "order of the parameters: by key, or as whole k=v strings (Action.1=… sorts before Action=…)", nil,
		func(s *V1) *SortForm { return &s.Dialect.Sort }, "keys", "joined"),
	enumKnob("signature-encoding", "the Signature parameter as placed: percent-encoded, or raw base64 (the server reads '+' as a space)", nil,
		func(s *V1) *SignatureEncoding { return &s.Dialect.SignatureEncoding }, "url-encoded", "raw"),
	enumKnob("digest", "the MAC as text: base64 of the raw digest, the hex digest, or base64 of the hex digest", nil,
		func(s *V1) *DigestForm { return &s.Dialect.Digest }, "base64", "hex", "base64-hex"),
	enumKnob("string-to-sign", "what precedes '?' in the string to sign: method+host+path, or with the host, the path or both missing", nil,
		func(s *V1) *STSForm { return &s.Dialect.StringToSign }, "method-host-path", "no-host", "no-path", "no-host-path"),
	enumKnob("method", "the method signed: as sent, GET and POST swapped, or in lower case", nil,
		func(s *V1) *MethodForm { return &s.Dialect.Method }, "as-sent", "swapped", "lower"),
	enumKnob("secret", secretKnobDoc, []string{"E03"},
		func(s *V1) *SecretForm { return &s.Dialect.Secret }, "as-given", "trimmed", "hash-field-2"),
	enumKnob("signature-method", "the MAC: HmacSHA1 (Tencent's default) or HmacSHA256, which also sends SignatureMethod=HmacSHA256", nil,
		func(s *V1) *SignatureMethod { return &s.Method }, "HmacSHA1", "HmacSHA256"),
	boolKnobV1("signature-method-param", "whether SignatureMethod=HmacSHA256 is sent: sent, or omitted by a client that signed with HmacSHA256 (the server then checks HmacSHA1)",
		func(s *V1) *bool { return &s.Dialect.OmitMethodParam }, "sent", "omitted"),
}

// Knobs lists v1's dialect knobs with their documentation.
func (s *V1) Knobs() []apisig.Knob { return knobList(v1Knobs) }

// SetKnob sets one knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *V1) SetKnob(name, value string) error { return setKnob(v1Knobs, s, V1SchemeID, name, value) }

func boolKnobV1(name, doc string, field func(*V1) *bool, right, wrong string) knob[V1] {
	return knob[V1]{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: []string{right, wrong}},
		set: func(s *V1, v string) error {
			switch v {
			case right:
				*field(s) = false
			case wrong:
				*field(s) = true
				s.Method = HmacSHA256
			default:
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s, %s]", apisig.ErrInvalidInput, name, v, right, wrong)
			}
			return nil
		},
	}
}
