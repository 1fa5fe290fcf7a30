package canon_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzParseQuery: ParseQuery does not panic; a failure is a *QueryError wrapping an
// EscapeError; every parsed pair, encoded again, parses back to the same pairs; and with
// plusAsSpace it agrees with url.ParseQuery on queries without ';'.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "a=1&a=2&b", "k&k=", "a=1&&b=2&", "a+b=c%20d", "%E1%88%B4=bar", "a=%zz", "%", "=", "a=b=c", "x;y=1",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, plusAsSpace bool) {
		pairs, err := canon.ParseQuery(raw, plusAsSpace)
		if err != nil {
			var qe *canon.QueryError
			var ee canon.EscapeError
			if !errors.As(err, &qe) || !errors.As(err, &ee) {
				t.Fatalf("ParseQuery(%q, %v) error = %#v; want *QueryError wrapping EscapeError", raw, plusAsSpace, err)
			}
			if !strings.Contains(raw, qe.Param) {
				t.Errorf("ParseQuery(%q, %v) QueryError.Param = %q; want a parameter of the input", raw, plusAsSpace, qe.Param)
			}
		}
		if plusAsSpace && !strings.Contains(raw, ";") {
			want, uerr := url.ParseQuery(raw)
			if (err != nil) != (uerr != nil) {
				t.Fatalf("ParseQuery(%q, true) error = %v; url.ParseQuery error = %v", raw, err, uerr)
			}
			if err == nil {
				got := url.Values{}
				for _, p := range pairs {
					got[p.Key] = append(got[p.Key], p.Value)
				}
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("ParseQuery(%q, true) grouped by key differs from url.ParseQuery (-url +canon):\n%s", raw, diff)
				}
			}
		}
		if err != nil {
			return
		}
		var b strings.Builder
		enc := canon.Encoding{}
		for i, p := range pairs {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString(enc.Escape(p.Key))
			if !p.NoEquals {
				b.WriteByte('=')
				b.WriteString(enc.Escape(p.Value))
			}
		}
		again, err := canon.ParseQuery(b.String(), plusAsSpace)
		if err != nil {
			t.Fatalf("ParseQuery(%q, %v) (re-encoded from %q) error: %v", b.String(), plusAsSpace, raw, err)
		}
		if diff := cmp.Diff(pairs, again, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ParseQuery(%q, %v) after re-encoding the pairs of %q mismatch (-first +again):\n%s", b.String(), plusAsSpace, raw, diff)
		}
	})
}

// FuzzUnescape: Unescape does not panic; it agrees with url.PathUnescape / url.QueryUnescape
// (result and the bad escape named); and Unescape(Escape(s)) == s for every Set and hex case.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"", "abc", "%41", "%4a%2F", "a+b", "%", "%4", "%zz", "%%41", "é日", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, plus := range []bool{false, true} {
			got, err := canon.Unescape(s, plus)
			oracle, name := url.PathUnescape, "url.PathUnescape"
			if plus {
				oracle, name = url.QueryUnescape, "url.QueryUnescape"
			}
			want, uerr := oracle(s)
			if (err != nil) != (uerr != nil) {
				t.Fatalf("Unescape(%q, %v) error = %v; %s error = %v", s, plus, err, name, uerr)
			}
			if err != nil {
				var ee canon.EscapeError
				var uee url.EscapeError
				if !errors.As(err, &ee) || !errors.As(uerr, &uee) || string(ee) != string(uee) {
					t.Errorf("Unescape(%q, %v) error = %v; want EscapeError(%q) as %s names", s, plus, err, string(uee), name)
				}
				continue
			}
			if got != want {
				t.Errorf("Unescape(%q, %v) = %q; want %q (%s)", s, plus, got, want, name)
			}
		}
		for _, set := range allSets {
			for _, lower := range []bool{false, true} {
				for _, plus := range []bool{false, true} {
					if plus && set.Literal('+') {
						continue // ' ' and '+' both become '+': not invertible
					}
					enc := canon.Encoding{Set: set, LowerHex: lower, SpaceAsPlus: plus}
					esc := enc.Escape(s)
					for i := 0; i < len(esc); i++ {
						if c := esc[i]; c != '%' && !set.Literal(c) && !(plus && c == '+') {
							t.Fatalf("%+v.Escape(%q) = %q; byte %q is neither literal nor an escape", enc, s, esc, c)
						}
					}
					if got, err := canon.Unescape(esc, plus); err != nil || got != s {
						t.Errorf("Unescape(%+v.Escape(%q) = %q, %v) = %q, %v; want %q, nil", enc, s, esc, plus, got, err, s)
					}
				}
			}
		}
	})
}

// FuzzRemoveDotSegments: RemoveDotSegments does not panic, matches the RFC 3986 §5.2.4
// algorithm, starts with '/', leaves no dot segment or "//", and is idempotent.
func FuzzRemoveDotSegments(f *testing.F) {
	for _, s := range []string{"", "/", "//", "/./", "/example/..", "//example//", "/a/b/c/./../../g", "a/../..", "/b/c/g;x=1/../y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := canon.RemoveDotSegments(p)
		if want := refRemoveDotSegments(p); got != want {
			t.Errorf("RemoveDotSegments(%q) = %q; want %q (RFC 3986 §5.2.4)", p, got, want)
		}
		checkNormal(t, p, got)
	})
}
