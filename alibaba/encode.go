package alibaba

import (
	"slices"
	"sync/atomic"

	"github.com/apisig/apisig/canon"
)

// EncodingSet selects the bytes an encoder leaves literal: Alibaba's percentEncode (RFC 3986
// unreserved) or what a general-purpose encoder leaves, which clients use by mistake.
type EncodingSet uint8

// The encoding sets.
const (
	// EncodeUnreserved leaves A-Z a-z 0-9 - . _ ~ (Alibaba's percentEncode: correct).
	EncodeUnreserved EncodingSet = iota
	// EncodeJSComponent leaves what JavaScript's encodeURIComponent leaves: also ! ' ( ) *
	// (MISTAKES.md C04).
	EncodeJSComponent
	// EncodeJavaURLEncoder leaves what Java's URLEncoder (and .NET's form encoders) leave:
	// A-Z a-z 0-9 . - * _, escaping '~' (C06, used without Alibaba's fix-ups).
	EncodeJavaURLEncoder
)

// encoder is a percent-encoding built from the knobs: a literal table, the space rule and the
// hex case. The zero Dialect gives Alibaba's percentEncode, which is canon's Unreserved set.
// once and twice hold, for each byte, what percentEncode writes for it and what
// percentEncode applied twice writes, so the string to sign (the canonicalized query
// string encoded again) is written in one pass over the parameters.
type encoder struct {
	literal [256]bool
	once    [256]escape
	twice   [256]escape
}

// escape is the encoding of one byte: b[:n].
type escape struct {
	b [7]byte
	n uint8
}

const (
	upperHex = "0123456789ABCDEF"
	lowerHex = "0123456789abcdef"
)

// javaLiteral is what java.net.URLEncoder leaves literal (its javadoc: "The alphanumeric
// characters ... and the special characters ".", "-", "*", and "_" remain the same").
func javaLiteral(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '*' || c == '_'
}

// newEncoder builds the encoder for a set and the three single-byte rules.
func newEncoder(set EncodingSet, spaceAsPlus, starLiteral, tildeEscaped, lowerHexDigits bool) *encoder {
	e := &encoder{}
	hex := upperHex
	if lowerHexDigits {
		hex = lowerHex
	}
	for c := range 256 {
		b := byte(c)
		switch set {
		case EncodeJSComponent:
			e.literal[c] = canon.JSComponent.Literal(b)
		case EncodeJavaURLEncoder:
			e.literal[c] = javaLiteral(b)
		default:
			e.literal[c] = canon.Unreserved.Literal(b)
		}
	}
	if starLiteral {
		e.literal['*'] = true
	}
	if tildeEscaped {
		e.literal['~'] = false
	}
	// one writes a single byte as percentEncode does.
	one := func(dst []byte, c byte) []byte {
		switch {
		case e.literal[c]:
			return append(dst, c)
		case c == ' ' && spaceAsPlus:
			return append(dst, '+')
		}
		return append(dst, '%', hex[c>>4], hex[c&15])
	}
	for c := range 256 {
		once := one(nil, byte(c))
		var twice []byte
		for _, d := range once {
			twice = one(twice, d)
		}
		if len(twice) > maxEscape {
			panic("alibaba: an escape is longer than maxEscape") // cannot happen: "%25XY" is the longest
		}
		e.once[c].n = uint8(copy(e.once[c].b[:], once))
		e.twice[c].n = uint8(copy(e.twice[c].b[:], twice))
	}
	return e
}

// defaultEncoder is Alibaba's percentEncode.
var defaultEncoder = newEncoder(EncodeUnreserved, false, false, false, false)

// encoders caches the encoders of the knob combinations, built when first used.
var encoders [3 << 4]atomic.Pointer[encoder]

// encoderFor returns the (shared, read-only) encoder for a set and the single-byte rules.
func encoderFor(set EncodingSet, spaceAsPlus, starLiteral, tildeEscaped, lowerHexDigits bool) *encoder {
	i := int(set) << 4
	for bit, on := range [...]bool{spaceAsPlus, starLiteral, tildeEscaped, lowerHexDigits} {
		if on {
			i |= 1 << bit
		}
	}
	if i == 0 {
		return defaultEncoder
	}
	if i >= len(encoders) {
		return newEncoder(set, spaceAsPlus, starLiteral, tildeEscaped, lowerHexDigits)
	}
	if e := encoders[i].Load(); e != nil {
		return e
	}
	e := newEncoder(set, spaceAsPlus, starLiteral, tildeEscaped, lowerHexDigits)
	encoders[i].Store(e)
	return e
}

// append appends s percent-encoded to dst.
func (e *encoder) append(dst []byte, s string) []byte {
	dst, _ = e.appendWith(dst, s, &e.once)
	return dst
}

// appendTwice appends s percent-encoded twice: append(append(nil, s)) without the first
// result. It also returns the OR of the bytes it escaped: below 0x80, s is ASCII.
func (e *encoder) appendTwice(dst []byte, s string) ([]byte, byte) {
	return e.appendWith(dst, s, &e.twice)
}

// appendWith appends s, copying each run of literal bytes whole and writing the others from
// tab, and returns the OR of the bytes written from tab (no encoding set leaves a byte of
// 0x80 or above literal).
func (e *encoder) appendWith(dst []byte, s string, tab *[256]escape) ([]byte, byte) {
	return appendEscaped(e, dst, s, tab)
}

// appendEscaped is appendWith for a string or a byte slice. It makes room for the longest
// result first (an escape is at most 5 bytes: "%25XY"), then writes byte by byte, each escape
// as one fixed-size copy: faster than appending run by run for the short names and values of
// API requests.
func appendEscaped[S string | []byte](e *encoder, dst []byte, s S, tab *[256]escape) ([]byte, byte) {
	var high byte
	n := len(dst)
	room := maxEscape*len(s) + len(escape{}.b) - maxEscape // the last copy writes all of b
	dst = slices.Grow(dst, room)[:n+room]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if e.literal[c] {
			dst[n] = c
			n++
			continue
		}
		high |= c
		t := &tab[c]
		copy(dst[n:n+len(t.b)], t.b[:])
		n += int(t.n)
	}
	return dst[:n], high
}

// maxEscape is the longest escape in an encoder's tables.
const maxEscape = 5

// wireEncoding is how apisig writes the parameters it adds to a URL: RFC 3986 unreserved, so
// that no server reads a '+' as a space.
var wireEncoding = canon.Encoding{Set: canon.Unreserved}
