package canon_test

import (
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
)

// TestAppendLower checks every byte: ASCII as strings.ToLower lowers it, every byte from 0x80
// kept as it is (strings.ToLower would decode UTF-8 instead).
func TestAppendLower(t *testing.T) {
	for c := range 256 {
		in := string([]byte{'X', byte(c), 'y'})
		want := in
		if c < 0x80 {
			want = strings.ToLower(in)
		} else {
			want = "x" + string([]byte{byte(c)}) + "y"
		}
		if got := string(canon.AppendLower([]byte("p:"), in)); got != "p:"+want {
			t.Errorf("AppendLower(%q) = %q; want %q", in, got, "p:"+want)
		}
	}
}
