package alibaba

import (
	"bytes"
	"slices"
	"strings"
)

// canonicalQuery writes the V3 canonical query string for the default knobs (RFC 3986
// unreserved set, upper-case hex, sorted by encoded name then value, a valueless parameter as
// "k=") straight from the raw query: no decoded strings are made, and the sort moves offsets,
// not strings. It writes what canon.QueryRule{Encoding: Unreserved, Sort: SortEncoded}.Append
// writes for canon.AppendQuery(raw, true); TestCanonicalQueryMatchesCanon checks it.
type canonicalQuery struct {
	enc   []byte // the encoded names and values
	dec   []byte // the decoded bytes of one escaped name or value
	spans []querySpan
}

// querySpan locates one encoded pair in canonicalQuery.enc: name enc[k0:k1], value enc[k1:v1].
type querySpan struct{ k0, k1, v1 int32 }

// append appends the canonical query string of raw to dst. It reports false, with dst as it
// was, for a malformed percent-escape, which the caller reports through canon.
func (q *canonicalQuery) append(dst []byte, raw string) ([]byte, bool) {
	enc := q.enc[:0]
	spans := q.spans[:0]
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		eq, escaped := scanSegment(seg)
		k, v := seg[:eq], ""
		if eq < len(seg) {
			v = seg[eq+1:]
		}
		k0 := int32(len(enc))
		var ok bool
		if enc, ok = q.appendPart(enc, k, escaped); !ok {
			return dst, false
		}
		k1 := int32(len(enc))
		if enc, ok = q.appendPart(enc, v, escaped); !ok {
			return dst, false
		}
		spans = append(spans, querySpan{k0, k1, int32(len(enc))})
	}
	q.enc, q.spans = enc, spans
	less := func(a, b *querySpan) int {
		if c := bytes.Compare(enc[a.k0:a.k1], enc[b.k0:b.k1]); c != 0 {
			return c
		}
		return bytes.Compare(enc[a.k1:a.v1], enc[b.k1:b.v1])
	}
	if len(spans) > 32 {
		slices.SortStableFunc(spans, func(a, b querySpan) int { return less(&a, &b) })
	} else {
		for i := 1; i < len(spans); i++ { // insertion sort: stable
			x := spans[i]
			j := i
			for ; j > 0 && less(&x, &spans[j-1]) < 0; j-- {
				spans[j] = spans[j-1]
			}
			spans[j] = x
		}
	}
	for i, sp := range spans {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, enc[sp.k0:sp.k1]...)
		dst = append(dst, '=')
		dst = append(dst, enc[sp.k1:sp.v1]...)
	}
	return dst, true
}

// appendPart appends a raw name or value percent-encoded, decoding it first (a '+' is a
// space) when its segment has escapes.
func (q *canonicalQuery) appendPart(dst []byte, s string, escaped bool) ([]byte, bool) {
	if !escaped {
		dst, _ = appendEscaped(defaultEncoder, dst, s, &defaultEncoder.once)
		return dst, true
	}
	dec, ok := appendUnescaped(q.dec[:0], s)
	q.dec = dec
	if !ok {
		return dst, false
	}
	dst, _ = appendEscaped(defaultEncoder, dst, dec, &defaultEncoder.once)
	return dst, true
}

// appendUnescaped appends s decoded as canon.Unescape(s, true) decodes it: %XY escapes and '+'
// as a space. It reports false for a '%' not followed by two hex digits.
func appendUnescaped(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			if i+2 >= len(s) || unhex(s[i+1]) > 15 || unhex(s[i+2]) > 15 {
				return dst, false
			}
			dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case '+':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

// unhex returns the value of a hex digit, or 255 for another byte.
func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}
