package canon

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// Pair is one query parameter as it appears in a query string, decoded. Repeated keys are
// separate pairs, in the order they were sent.
type Pair struct {
	Key, Value string
	// NoEquals reports a parameter sent as "k" rather than "k=" (both have an empty Value).
	NoEquals bool
}

// QueryError is a query parameter whose percent-escapes are malformed.
type QueryError struct {
	// Param is the parameter as sent, escapes and all.
	Param string
	Err   error
}

// Error names the parameter and its malformed escape.
func (e *QueryError) Error() string {
	return "query parameter " + strconv.Quote(e.Param) + ": " + strings.TrimPrefix(e.Err.Error(), "canon: ")
}

// Unwrap returns the underlying [EscapeError].
func (e *QueryError) Unwrap() error { return e.Err }

// String returns the order's name.
func (o SortOrder) String() string { return enumName(o, "encoded", "raw", "none", "joined") }

// String returns the form's name.
func (f ValuelessForm) String() string { return enumName(f, "k=", "k", "as-sent") }

// String returns the form's name.
func (f RepeatedForm) String() string { return enumName(f, "each", "join-comma", "first", "last") }

func enumName[T ~uint8](v T, names ...string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return "unknown(" + strconv.Itoa(int(v)) + ")"
}

// ParseQuery splits a raw query string (without the '?') into decoded pairs, keeping repeated
// keys, empty values and the "k" / "k=" distinction, which [net/url.ParseQuery] loses. Empty
// segments ("a=1&&b=2") are skipped, as every server does. With plusAsSpace a '+' decodes to a
// space (WHATWG application/x-www-form-urlencoded parsing, which net/url and the AWS SDKs use
// for queries). A malformed escape is a [*QueryError]; the pairs parsed before it are returned
// with it.
func ParseQuery(raw string, plusAsSpace bool) ([]Pair, error) {
	return AppendQuery(nil, raw, plusAsSpace)
}

// AppendQuery is [ParseQuery] appending to dst, so callers can reuse a slice.
func AppendQuery(dst []Pair, raw string, plusAsSpace bool) ([]Pair, error) {
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		k, v, hasEq := strings.Cut(seg, "=")
		key, err := Unescape(k, plusAsSpace)
		if err != nil {
			return dst, &QueryError{Param: seg, Err: err}
		}
		val, err := Unescape(v, plusAsSpace)
		if err != nil {
			return dst, &QueryError{Param: seg, Err: err}
		}
		dst = append(dst, Pair{Key: key, Value: val, NoEquals: !hasEq})
	}
	return dst, nil
}

// SortOrder is how a canonical query orders its parameters.
type SortOrder uint8

const (
	// SortEncoded sorts by encoded key, then by encoded value, byte by byte. This is what the
	// AWS SigV4 specification ("sort the encoded parameters by key name ... by value") and
	// RFC 5849 §3.4.1.3.2 require.
	SortEncoded SortOrder = iota
	// SortRaw sorts by decoded key, then decoded value, and encodes afterwards, as Go's
	// url.Values.Encode does. It differs from SortEncoded when an escaped byte is compared with
	// a literal one: raw "A" < "[" but encoded "%5B" < "A".
	SortRaw
	// SortNone keeps the parameters in the order they were sent (a mistake).
	SortNone
	// SortJoined sorts the encoded "k=v" strings as wholes (a mistake): "a-b=1" sorts before
	// "a=2" because '-' < '='.
	SortJoined
)

// ValuelessForm is how a parameter with no value is written.
type ValuelessForm uint8

const (
	// ValuelessEquals writes "k=" whether "k" or "k=" was sent (AWS SigV4, Alibaba ACS3).
	ValuelessEquals ValuelessForm = iota
	// ValuelessBare writes "k" whether "k" or "k=" was sent (a mistake for AWS; OSS V4 signs
	// "k" for a key sent without '=').
	ValuelessBare
	// ValuelessAsSent writes "k" or "k=" as it was sent.
	ValuelessAsSent
)

// RepeatedForm is how a key that appears more than once is written.
type RepeatedForm uint8

const (
	// RepeatedEach writes every pair, sorted: "k=1&k=2" (AWS SigV4, RFC 5849).
	RepeatedEach RepeatedForm = iota
	// RepeatedJoinComma writes one pair whose value is the values joined by ',', then encoded,
	// so the comma is escaped with the Unreserved set (a mistake).
	RepeatedJoinComma
	// RepeatedFirst keeps only the first value sent (a mistake; dghubble/oauth1 does this).
	RepeatedFirst
	// RepeatedLast keeps only the last value sent (a mistake: a map from key to value).
	RepeatedLast
)

// QueryRule writes a canonical query string. The zero value of every field but Encoding is the
// AWS SigV4 rule.
type QueryRule struct {
	Encoding  Encoding
	Sort      SortOrder
	Valueless ValuelessForm
	Repeated  RepeatedForm
}

// Scratch holds reusable buffers for [QueryRule.Append]; its zero value is ready to use. It is
// not safe for concurrent use.
type Scratch struct {
	buf   []byte
	spans []span
	pairs []Pair
}

// span locates one encoded pair in Scratch.buf: key buf[k0:k1], value buf[k1:v1]; raw is the
// pair's index in the input.
type span struct {
	k0, k1, v1 int32
	raw        int32
	bare       bool
}

// Append appends the canonical form of pairs to dst: "k=v" joined by '&'.
func (r QueryRule) Append(dst []byte, pairs []Pair, s *Scratch) []byte {
	if len(pairs) == 0 {
		return dst
	}
	if s == nil {
		s = new(Scratch)
	}
	pairs = r.collapse(pairs, s)
	s.buf = s.buf[:0]
	s.spans = s.spans[:0]
	for i, p := range pairs {
		k0 := len(s.buf)
		s.buf = r.Encoding.Append(s.buf, p.Key)
		k1 := len(s.buf)
		s.buf = r.Encoding.Append(s.buf, p.Value)
		bare := false
		switch r.Valueless {
		case ValuelessBare:
			bare = p.Value == ""
		case ValuelessAsSent:
			bare = p.NoEquals && p.Value == ""
		}
		s.spans = append(s.spans, span{int32(k0), int32(k1), int32(len(s.buf)), int32(i), bare})
	}
	buf := s.buf
	switch r.Sort {
	case SortEncoded:
		slices.SortStableFunc(s.spans, func(a, b span) int {
			if c := bytes.Compare(buf[a.k0:a.k1], buf[b.k0:b.k1]); c != 0 {
				return c
			}
			return bytes.Compare(buf[a.k1:a.v1], buf[b.k1:b.v1])
		})
	case SortRaw:
		slices.SortStableFunc(s.spans, func(a, b span) int {
			pa, pb := pairs[a.raw], pairs[b.raw]
			if c := strings.Compare(pa.Key, pb.Key); c != 0 {
				return c
			}
			return strings.Compare(pa.Value, pb.Value)
		})
	case SortJoined:
		slices.SortStableFunc(s.spans, func(a, b span) int {
			return compareJoined(buf, a, b)
		})
	}
	for i, sp := range s.spans {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, buf[sp.k0:sp.k1]...)
		if !sp.bare {
			dst = append(dst, '=')
			dst = append(dst, buf[sp.k1:sp.v1]...)
		}
	}
	return dst
}

// compareJoined compares the strings "k=v" of two spans without building them.
func compareJoined(buf []byte, a, b span) int {
	ja := joined{buf[a.k0:a.k1], buf[a.k1:a.v1], a.bare}
	jb := joined{buf[b.k0:b.k1], buf[b.k1:b.v1], b.bare}
	for i := 0; ; i++ {
		ca, oka := ja.at(i)
		cb, okb := jb.at(i)
		switch {
		case !oka && !okb:
			return 0
		case !oka:
			return -1
		case !okb:
			return 1
		case ca != cb:
			return int(ca) - int(cb)
		}
	}
}

// joined is a pair as the string it is written as: "k=v", or "k" when bare.
type joined struct {
	k, v []byte
	bare bool
}

func (j joined) at(i int) (byte, bool) {
	switch {
	case i < len(j.k):
		return j.k[i], true
	case j.bare:
		return 0, false
	case i == len(j.k):
		return '=', true
	case i-len(j.k)-1 < len(j.v):
		return j.v[i-len(j.k)-1], true
	}
	return 0, false
}

// collapse applies the Repeated form, returning pairs unchanged for RepeatedEach.
func (r QueryRule) collapse(pairs []Pair, s *Scratch) []Pair {
	if r.Repeated == RepeatedEach {
		return pairs
	}
	out := s.pairs[:0]
	for _, p := range pairs {
		i := slices.IndexFunc(out, func(q Pair) bool { return q.Key == p.Key })
		switch {
		case i < 0:
			out = append(out, p)
		case r.Repeated == RepeatedJoinComma:
			out[i].Value += "," + p.Value
			out[i].NoEquals = false
		case r.Repeated == RepeatedLast:
			out[i] = p
		}
	}
	s.pairs = out
	return out
}
