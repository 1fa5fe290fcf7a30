package oauth1

// encoder is a percent-encoding: RFC 5849 §3.6 by default (only the RFC 3986 unreserved bytes
// A-Z a-z 0-9 - . _ ~ literal, every other byte of the UTF-8 form escaped as %XY with upper-case
// hex), with the dialect's deviations.
type encoder struct {
	literal *[256]bool
	hex     string
	plus    bool // ' ' as '+'
}

// The literal tables, one per combination of the three set knobs: bit 0 leaves JavaScript's
// encodeURIComponent marks !*'() literal, bit 1 escapes '~', bit 2 leaves ',' literal.
var literalTables = buildLiteralTables()

func buildLiteralTables() *[8][256]bool {
	var t [8][256]bool
	for i := range t {
		for c := 0; c < 256; c++ {
			b := byte(c)
			lit := 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-' || b == '.' || b == '_' || b == '~'
			if i&1 != 0 && (b == '!' || b == '*' || b == '\'' || b == '(' || b == ')') {
				lit = true
			}
			if i&2 != 0 && b == '~' {
				lit = false
			}
			if i&4 != 0 && b == ',' {
				lit = true
			}
			t[i][c] = lit
		}
	}
	return &t
}

// rfc5849 is the encoding of §3.6.
var rfc5849 = encoder{literal: &literalTables[0], hex: "0123456789ABCDEF"}

func (d *Dialect) encoder() encoder {
	i := 0
	if d.JSMarks {
		i |= 1
	}
	if d.EscapeTilde {
		i |= 2
	}
	if d.KeepComma {
		i |= 4
	}
	e := encoder{literal: &literalTables[i], hex: "0123456789ABCDEF", plus: d.SpaceAsPlus}
	if d.LowerHex {
		e.hex = "0123456789abcdef"
	}
	return e
}

// append appends s, percent-encoded, to dst.
func (e encoder) append(dst []byte, s string) []byte {
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

// appendBytes is append for a byte slice (the second encoding pass of the base string).
func (e encoder) appendBytes(dst, s []byte) []byte {
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

// escape returns s encoded, s itself when nothing needs escaping.
func (e encoder) escape(s string) string {
	for i := 0; i < len(s); i++ {
		if !e.literal[s[i]] {
			return string(e.append(make([]byte, 0, len(s)+16), s))
		}
	}
	return s
}

// Escape percent-encodes s as RFC 5849 §3.6 requires: every byte but A-Z a-z 0-9 - . _ ~ as
// %XY with upper-case hex digits.
func Escape(s string) string { return rfc5849.escape(s) }
