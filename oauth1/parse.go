package oauth1

import (
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// Authorization is a parsed OAuth Authorization header, RFC 5849 §3.5.1.
type Authorization struct {
	// Realm is the realm, unquoted; HasRealm says whether one was sent.
	Realm    string
	HasRealm bool
	// Params are the other parameters, percent-decoded, in the order sent.
	Params []canon.Pair
}

// Get returns the value of the named parameter and whether it was sent.
func (a *Authorization) Get(name string) (string, bool) {
	for _, p := range a.Params {
		if p.Key == name {
			return p.Value, true
		}
	}
	return "", false
}

func malformed(code, part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// Error codes, as the OAuth Problem Reporting extension names them (oauth_problem).
const (
	CodeSignatureInvalid        = "signature_invalid"
	CodeParameterAbsent         = "parameter_absent"
	CodeParameterRejected       = "parameter_rejected"
	CodeSignatureMethodRejected = "signature_method_rejected"
	CodeTimestampRefused        = "timestamp_refused"
	CodeNonceUsed               = "nonce_used"
	CodeVersionRejected         = "version_rejected"
	CodeConsumerKeyUnknown      = "consumer_key_unknown"
	CodeTokenRejected           = "token_rejected"
)

// ParseAuthorization parses an Authorization header value of the form
//
//	OAuth realm="Example", oauth_consumer_key="0685bd9184jfhq22", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", ...
//
// The scheme name is matched without regard to case; parameters are separated by commas with
// optional whitespace; every value must be a quoted string. Values other than realm are
// percent-decoded ('+' stays '+'). A parameter sent twice, a missing quote, an empty name or a
// bad %-escape is a [*apisig.RequestError] wrapping [apisig.ErrMalformed] that names it.
func ParseAuthorization(v string) (*Authorization, error) {
	const part = "Authorization header"
	v = strings.TrimLeft(v, " \t")
	scheme, rest, _ := strings.Cut(v, " ")
	if !strings.EqualFold(scheme, "OAuth") {
		return nil, malformed(CodeParameterRejected, part+" scheme", scheme, "want OAuth")
	}
	a := &Authorization{}
	for {
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			break
		}
		if rest[0] == ',' {
			rest = rest[1:]
			continue
		}
		i := strings.IndexAny(rest, "= \t,\"")
		if i <= 0 || rest[i] == ',' || rest[i] == '"' {
			return nil, malformed(CodeParameterRejected, part+" parameter", cut(rest), "want name=\"value\"")
		}
		name := rest[:i]
		rest = strings.TrimLeft(rest[i:], " \t")
		if rest == "" || rest[0] != '=' {
			return nil, malformed(CodeParameterRejected, part+" parameter "+name, "", "has no '=' after its name")
		}
		rest = strings.TrimLeft(rest[1:], " \t")
		if rest == "" || rest[0] != '"' {
			return nil, malformed(CodeParameterRejected, part+" parameter "+name, cut(rest), "value must be a double-quoted string")
		}
		val, after, ok := unquote(rest[1:])
		if !ok {
			return nil, malformed(CodeParameterRejected, part+" parameter "+name, cut(rest), "quoted value has no closing '\"'")
		}
		rest = strings.TrimLeft(after, " \t")
		if rest != "" && rest[0] != ',' {
			return nil, malformed(CodeParameterRejected, part+" parameter "+name, cut(rest), "want ',' after the quoted value")
		}
		if name == ParamRealm {
			if a.HasRealm {
				return nil, malformed(CodeParameterRejected, part+" parameter realm", "", "is sent twice")
			}
			a.Realm, a.HasRealm = val, true
			continue
		}
		key, err := canon.Unescape(name, false)
		if err != nil {
			return nil, malformed(CodeParameterRejected, part+" parameter name", name, "bad percent-escape")
		}
		value, err := canon.Unescape(val, false)
		if err != nil {
			if key == ParamSignature {
				val = "" // a PLAINTEXT signature is the secret: never quote it
			}
			return nil, malformed(CodeParameterRejected, part+" parameter "+key, cut(val), "bad percent-escape")
		}
		if _, dup := a.Get(key); dup {
			return nil, malformed(CodeParameterRejected, part+" parameter "+key, "", "is sent twice")
		}
		a.Params = append(a.Params, canon.Pair{Key: key, Value: value})
	}
	if len(a.Params) == 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeParameterAbsent, Part: part, Value: cut(v), Problem: "has no oauth_ parameters", Kind: apisig.ErrMalformed}
	}
	return a, nil
}

// unquote reads a quoted-string body up to its closing quote, resolving backslash escapes.
func unquote(s string) (val, rest string, ok bool) {
	end := strings.IndexAny(s, "\"\\")
	if end >= 0 && s[end] == '"' {
		return s[:end], s[end+1:], true // the common case: no escapes
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			if i+1 == len(s) {
				return "", "", false
			}
			i++
		}
		b.WriteByte(s[i])
	}
	return "", "", false
}

// cut shortens a quoted excerpt of the header for an error message.
func cut(s string) string {
	if i := strings.Index(s, ParamSignature); i >= 0 {
		return s[:i] + "..." // a PLAINTEXT signature is the secret: never quote it
	}
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
