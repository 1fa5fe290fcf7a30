package alibaba

import (
	"bytes"
	"testing"
)

// TestEncoderTables checks the one-pass encodings against their definitions, for every knob
// combination and every byte: append is the byte-at-a-time percentEncode of the knobs, and
// appendTwice is append applied to append's output.
func TestEncoderTables(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	input := string(all) + "abc~*+ %é"
	for set := range EncodingSet(3) {
		for bits := range 16 {
			plus, star, tilde, lower := bits&1 != 0, bits&2 != 0, bits&4 != 0, bits&8 != 0
			e := encoderFor(set, plus, star, tilde, lower)
			hex := upperHex
			if lower {
				hex = lowerHex
			}
			ref := func(s []byte) []byte {
				var out []byte
				for _, c := range s {
					switch {
					case e.literal[c]:
						out = append(out, c)
					case c == ' ' && plus:
						out = append(out, '+')
					default:
						out = append(out, '%', hex[c>>4], hex[c&15])
					}
				}
				return out
			}
			once := ref([]byte(input))
			if got := e.append(nil, input); !bytes.Equal(got, once) {
				t.Errorf("set %d bits %04b: append = %q, want %q", set, bits, got, once)
			}
			got, high := e.appendTwice([]byte("x"), input)
			if want := append([]byte("x"), ref(once)...); !bytes.Equal(got, want) {
				t.Errorf("set %d bits %04b: appendTwice = %q, want %q", set, bits, got, want)
			}
			if high < 0x80 {
				t.Errorf("set %d bits %04b: appendTwice did not report the bytes above 0x7f", set, bits)
			}
			if _, high := e.appendTwice(nil, "plain ASCII ~*+%"); high >= 0x80 {
				t.Errorf("set %d bits %04b: appendTwice reported ASCII input as non-ASCII", set, bits)
			}
			if literal := e.literal['&'] || e.literal['='] || e.literal['%']; literal {
				t.Errorf("set %d bits %04b: '&', '=' or '%%' is literal", set, bits)
			}
		}
	}
	if encoderFor(EncodeUnreserved, false, false, false, false) != defaultEncoder {
		t.Error("the zero knobs do not give the default encoder")
	}
}
