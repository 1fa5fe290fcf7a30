package canon

import (
	"strconv"
	"strings"
)

//go:generate go run gen_escape_table.go -o escape_table.go

// Set is a percent-encoding set: the bytes written literally. Every other byte is written as
// '%' followed by two hex digits.
type Set uint8

// String returns the set's name.
func (s Set) String() string {
	if int(s) < len(setNames) {
		return setNames[s]
	}
	return "Set(?)"
}

// Literal reports whether byte c is written literally in the set.
func (s Set) Literal(c byte) bool { return int(s) < len(setNames) && literalTable[c]&(1<<s) != 0 }

const (
	upperHex = "0123456789ABCDEF"
	lowerHex = "0123456789abcdef"
)

// Encoding is a percent-encoding: a [Set] plus the two choices where implementations diverge.
// The zero value of each choice is what RFC 3986 §2.1 ("should use uppercase hexadecimal
// digits") and every signature scheme apisig supports require.
type Encoding struct {
	Set Set
	// LowerHex writes escapes as %2f instead of %2F (a mistake: some URL libraries do).
	LowerHex bool
	// SpaceAsPlus writes a space as '+' instead of %20 (a mistake: form encoding,
	// application/x-www-form-urlencoded, Go's url.QueryEscape, Java's URLEncoder).
	SpaceAsPlus bool
}

func (e Encoding) literal(c byte) bool {
	return literalTable[c]&(1<<e.Set) != 0
}

// needs counts the bytes of s that must be escaped.
func (e Encoding) needs(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !e.literal(s[i]) && !(e.SpaceAsPlus && s[i] == ' ') {
			n++
		}
	}
	return n
}

// Escape returns s percent-encoded. When nothing needs escaping it returns s itself, without
// allocating.
func (e Encoding) Escape(s string) string {
	n := e.needs(s)
	if n == 0 && !(e.SpaceAsPlus && containsSpace(s)) {
		return s
	}
	return string(e.append(make([]byte, 0, len(s)+2*n), s))
}

// Append appends s, percent-encoded, to dst.
func (e Encoding) Append(dst []byte, s string) []byte {
	return e.append(dst, s)
}

func (e Encoding) append(dst []byte, s string) []byte {
	hex := upperHex
	if e.LowerHex {
		hex = lowerHex
	}
	// Runs of literal bytes are copied whole: most values are mostly literal.
	bit := uint8(1) << e.Set
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if literalTable[c]&bit != 0 {
			continue
		}
		if start < i {
			dst = append(dst, s[start:i]...)
		}
		if c == ' ' && e.SpaceAsPlus {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
		start = i + 1
	}
	return append(dst, s[start:]...)
}

func containsSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return true
		}
	}
	return false
}

// Unescape decodes %XY escapes in s; with plusAsSpace it also turns '+' into a space, as
// application/x-www-form-urlencoded does. A '%' not followed by two hex digits is an error that
// quotes the bad escape. When s has nothing to decode it is returned without allocating.
func Unescape(s string, plusAsSpace bool) (string, error) {
	n := 0
	hasPlus := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				end := min(i+3, len(s))
				return "", EscapeError(s[i:end])
			}
			n++
			i += 2
		case '+':
			hasPlus = plusAsSpace
		}
	}
	if n == 0 && !hasPlus {
		return s, nil
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && plusAsSpace:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// EscapeError is a malformed percent-escape, such as "%zz" or a '%' at the end of the input.
type EscapeError string

// Error says which escape is malformed and what was expected.
func (e EscapeError) Error() string {
	return "canon: invalid percent-escape " + strconv.Quote(string(e)) + ": want '%' followed by two hex digits"
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// AppendPath appends path p to dst, escaping each segment with e and keeping every '/'
// between segments, as RFC 3986 §3.3 paths and the AWS SigV4 canonical URI require.
func (e Encoding) AppendPath(dst []byte, p string) []byte {
	for {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			return e.append(dst, p)
		}
		dst = append(e.append(dst, p[:i]), '/')
		p = p[i+1:]
	}
}
