package webhook

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// BodyForm is a serialisation of the body: the raw bytes (correct), or one of the ways real
// code changes them before hashing. Each form is a value of the "body" knob.
type BodyForm uint8

// The body forms.
const (
	BodyRaw               BodyForm = iota // the bytes as received (correct)
	BodyJSONCompact                       // JSON.stringify(JSON.parse(body)): whitespace removed, escapes decoded (W01, W04)
	BodyJSONSorted                        // Go json.Marshal of a map: keys sorted, <>& escaped (W01)
	BodyJSONPretty                        // JSON.stringify(value, null, 2) (W01)
	BodyJSONPython                        // Python json.dumps: ", " and ": ", non-ASCII as \uXXXX (W01)
	BodyTrailingNewline                   // a "\n" appended (editors, echo)
	BodyNoTrailingNewline                 // one trailing "\n" (or "\r\n") removed
	BodyASCIIReplace                      // every non-ASCII character replaced by '?' (W03)
	BodyLatin1                            // bytes read as Latin-1 and re-encoded as UTF-8 (W09)
	BodyUTF8Replace                       // invalid UTF-8 replaced by U+FFFD (W09)
	BodyFormPayload                       // only the decoded value of the form field "payload" (W02)
	BodyFormReencoded                     // a form body parsed and re-encoded: sorted, '+' for space (W07)
)

var bodyFormNames = []string{"raw", "json-compact", "json-sorted", "json-pretty", "json-python",
	"trailing-newline", "no-trailing-newline", "ascii-replace", "latin1-as-utf8", "utf8-replace", "form-payload", "form-reencoded"}

var bodyFormMistakes = map[BodyForm][]string{
	BodyJSONCompact: {"W01", "W04"}, BodyJSONSorted: {"W01", "W04"}, BodyJSONPretty: {"W01", "W04"}, BodyJSONPython: {"W01", "W04"},
	BodyASCIIReplace: {"W03"}, BodyLatin1: {"W09"}, BodyUTF8Replace: {"W09"}, BodyFormPayload: {"W02"}, BodyFormReencoded: {"W07"},
}

// String returns the form's knob value.
func (f BodyForm) String() string {
	if int(f) < len(bodyFormNames) {
		return bodyFormNames[f]
	}
	return "unknown"
}

// Transform returns the body in form f, and false when the form does not apply (a JSON form
// of a body that is not JSON, a form field of a body that has none) or changes nothing.
func (f BodyForm) Transform(raw []byte) ([]byte, bool) {
	var out []byte
	switch f {
	case BodyRaw:
		return raw, true
	case BodyJSONCompact, BodyJSONSorted, BodyJSONPretty, BodyJSONPython:
		v, err := parseJSON(raw)
		if err != nil {
			return nil, false
		}
		out = jsonStyles[f].appendValue(nil, v, 0)
	case BodyTrailingNewline:
		out = append(slices.Clip(raw), '\n')
	case BodyNoTrailingNewline:
		switch {
		case bytes.HasSuffix(raw, []byte("\r\n")):
			out = raw[:len(raw)-2]
		case bytes.HasSuffix(raw, []byte("\n")):
			out = raw[:len(raw)-1]
		default:
			return nil, false
		}
	case BodyASCIIReplace:
		for _, r := range string(raw) {
			if r >= utf8.RuneSelf {
				r = '?'
			}
			out = append(out, byte(r))
		}
	case BodyLatin1:
		for _, c := range raw {
			out = utf8.AppendRune(out, rune(c))
		}
	case BodyUTF8Replace:
		out = []byte(strings.ToValidUTF8(string(raw), "\uFFFD"))
	case BodyFormPayload:
		q, err := url.ParseQuery(string(raw))
		if err != nil || !q.Has("payload") {
			return nil, false
		}
		out = []byte(q.Get("payload"))
	case BodyFormReencoded:
		q, err := url.ParseQuery(string(raw))
		if err != nil || len(q) == 0 {
			return nil, false
		}
		out = []byte(q.Encode())
	default:
		return nil, false
	}
	if bytes.Equal(out, raw) {
		return nil, false
	}
	return out, true
}

// CompareBodies says how hashed differs from the raw body: which body form turns raw into
// hashed (JSON re-serialised with other whitespace, key order or escapes, a trailing newline,
// a lossy decoding), or, when the two are the same JSON value in a form not catalogued, that
// the JSON was re-serialised. It returns nil when the bodies are equal, and a finding with
// Body == BodyRaw when they differ in some other way.
func CompareBodies(raw, hashed []byte) []Finding {
	if bytes.Equal(raw, hashed) {
		return nil
	}
	for f := BodyForm(1); int(f) < len(bodyFormNames); f++ {
		if t, ok := f.Transform(raw); ok && bytes.Equal(t, hashed) {
			return []Finding{bodyFinding(f)}
		}
	}
	a, errA := parseJSON(raw)
	b, errB := parseJSON(hashed)
	if errA == nil && errB == nil {
		sa := jsonStyles[BodyJSONSorted].appendValue(nil, a, 0)
		sb := jsonStyles[BodyJSONSorted].appendValue(nil, b, 0)
		if bytes.Equal(sa, sb) {
			return []Finding{{Reason: ReasonBodyReserialized, Body: BodyRaw, Mistakes: []string{"W01", "W04"},
				Detail: "the hashed body is the same JSON value as the raw body in other bytes: hash the raw request body, before any JSON parsing"}}
		}
	}
	i := 0
	for i < len(raw) && i < len(hashed) && raw[i] == hashed[i] {
		i++
	}
	return []Finding{{Reason: ReasonBodyReserialized, Body: BodyRaw,
		Detail: "the hashed body differs from the raw body from byte " + strconv.Itoa(i) + " on (lengths " + strconv.Itoa(len(raw)) + " and " + strconv.Itoa(len(hashed)) + ")"}}
}

func bodyFinding(f BodyForm) Finding {
	return Finding{Reason: ReasonBodyReserialized, Body: f, Mistakes: bodyFormMistakes[f],
		Detail: "the signature matches the body in form " + f.String() + ", not the raw bytes: something re-serialised the body between signing and verifying; sign and verify the raw request body"}
}

// jsonValue is a parsed JSON value that keeps object key order and number text.
type jsonValue struct {
	kind byte // '{', '[', '"', '0' (number), 't', 'f', 'n'
	text string
	keys []string
	vals []jsonValue
}

func parseJSON(raw []byte) (jsonValue, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return jsonValue{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return jsonValue{}, errTrailing
	}
	return v, nil
}

var errTrailing = &json.SyntaxError{}

const maxJSONDepth = 200

func decodeValue(dec *json.Decoder, depth int) (jsonValue, error) {
	if depth > maxJSONDepth {
		return jsonValue{}, errTrailing
	}
	tok, err := dec.Token()
	if err != nil {
		return jsonValue{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := jsonValue{kind: '{'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return jsonValue{}, err
				}
				k, _ := kt.(string)
				val, err := decodeValue(dec, depth+1)
				if err != nil {
					return jsonValue{}, err
				}
				v.keys, v.vals = append(v.keys, k), append(v.vals, val)
			}
			_, err := dec.Token()
			return v, err
		case '[':
			v := jsonValue{kind: '['}
			for dec.More() {
				val, err := decodeValue(dec, depth+1)
				if err != nil {
					return jsonValue{}, err
				}
				v.vals = append(v.vals, val)
			}
			_, err := dec.Token()
			return v, err
		}
	case string:
		return jsonValue{kind: '"', text: t}, nil
	case json.Number:
		return jsonValue{kind: '0', text: t.String()}, nil
	case bool:
		if t {
			return jsonValue{kind: 't'}, nil
		}
		return jsonValue{kind: 'f'}, nil
	case nil:
		return jsonValue{kind: 'n'}, nil
	}
	return jsonValue{}, errTrailing
}

// jsonStyle is how one serializer writes JSON.
type jsonStyle struct {
	itemSep, keySep, indent string
	sortKeys, ascii, html   bool
}

var jsonStyles = map[BodyForm]jsonStyle{
	BodyJSONCompact: {itemSep: ",", keySep: ":"},
	BodyJSONSorted:  {itemSep: ",", keySep: ":", sortKeys: true, html: true},
	BodyJSONPretty:  {itemSep: ",", keySep: ": ", indent: "  "},
	BodyJSONPython:  {itemSep: ", ", keySep: ": ", ascii: true},
}

func (s jsonStyle) newline(b []byte, depth int) []byte {
	if s.indent == "" {
		return b
	}
	b = append(b, '\n')
	for range depth {
		b = append(b, s.indent...)
	}
	return b
}

func (s jsonStyle) appendValue(b []byte, v jsonValue, depth int) []byte {
	switch v.kind {
	case '{':
		if len(v.keys) == 0 {
			return append(b, "{}"...)
		}
		order := make([]int, len(v.keys))
		for i := range order {
			order[i] = i
		}
		if s.sortKeys {
			slices.SortStableFunc(order, func(i, j int) int { return strings.Compare(v.keys[i], v.keys[j]) })
		}
		b = append(b, '{')
		for n, i := range order {
			if n > 0 {
				b = append(b, s.itemSep...)
			}
			b = s.newline(b, depth+1)
			b = s.appendString(b, v.keys[i])
			b = append(b, s.keySep...)
			b = s.appendValue(b, v.vals[i], depth+1)
		}
		b = s.newline(b, depth)
		return append(b, '}')
	case '[':
		if len(v.vals) == 0 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i, e := range v.vals {
			if i > 0 {
				b = append(b, s.itemSep...)
			}
			b = s.newline(b, depth+1)
			b = s.appendValue(b, e, depth+1)
		}
		b = s.newline(b, depth)
		return append(b, ']')
	case '"':
		return s.appendString(b, v.text)
	case '0':
		return append(b, v.text...)
	case 't':
		return append(b, "true"...)
	case 'f':
		return append(b, "false"...)
	}
	return append(b, "null"...)
}

func (s jsonStyle) appendString(b []byte, str string) []byte {
	const hexd = "0123456789abcdef" // JavaScript, Python and Go all write lower-case escapes
	u := func(b []byte, r rune) []byte {
		return append(b, '\\', 'u', hexd[r>>12&15], hexd[r>>8&15], hexd[r>>4&15], hexd[r&15])
	}
	b = append(b, '"')
	for _, r := range str {
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r == '\b':
			b = append(b, '\\', 'b')
		case r == '\f':
			b = append(b, '\\', 'f')
		case r < 0x20:
			b = u(b, r)
		case s.html && (r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029):
			b = u(b, r)
		case s.ascii && r >= 0x80:
			if r > 0xFFFF {
				hi, lo := utf16.EncodeRune(r)
				b = u(u(b, hi), lo)
			} else {
				b = u(b, r)
			}
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
