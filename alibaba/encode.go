package alibaba

import (
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
type encoder struct {
	literal [256]bool
	plus    bool
	hex     string
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
	e := &encoder{plus: spaceAsPlus, hex: upperHex}
	if lowerHexDigits {
		e.hex = lowerHex
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
	return e
}

// defaultEncoder is Alibaba's percentEncode.
var defaultEncoder = newEncoder(EncodeUnreserved, false, false, false, false)

// append appends s percent-encoded to dst.
func (e *encoder) append(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case e.literal[c]:
			dst = append(dst, c)
		case c == ' ' && e.plus:
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', e.hex[c>>4], e.hex[c&15])
		}
	}
	return dst
}

// appendBytes is append for a byte slice.
func (e *encoder) appendBytes(dst, s []byte) []byte {
	for _, c := range s {
		switch {
		case e.literal[c]:
			dst = append(dst, c)
		case c == ' ' && e.plus:
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', e.hex[c>>4], e.hex[c&15])
		}
	}
	return dst
}

// wireEncoding is how apisig writes the parameters it adds to a URL: RFC 3986 unreserved, so
// that no server reads a '+' as a space.
var wireEncoding = canon.Encoding{Set: canon.Unreserved}
