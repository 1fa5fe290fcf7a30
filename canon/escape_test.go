package canon_test

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
	"github.com/google/go-cmp/cmp"
)

// allSets lists every Set the package defines, so that a new Set without a reference below
// fails TestSetLiteralExhaustive instead of going untested.
var allSets = []canon.Set{canon.Unreserved, canon.UnreservedSlash, canon.JSComponent, canon.GoPath}

// The reference definitions below are written from the specification texts, independently of
// gen_escape_table.go: lists of characters rather than ranges.
const (
	// RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~"
	rfc3986Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
	// ECMA-262 encodeURIComponent: the ASCII word characters (A-Z a-z 0-9 _) and "-.!~*'()".
	ecmaUnescaped = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_" + "-.!~*'()"
)

// refLiteral reports whether c is written literally in set s, from the set's specification.
func refLiteral(t *testing.T, s canon.Set, c byte) bool {
	t.Helper()
	in := func(chars string) bool { return strings.IndexByte(chars, c) >= 0 }
	switch s {
	case canon.Unreserved:
		// RFC 3986 §2.3; AWS SigV4 UriEncode ("URI encode every byte except the unreserved
		// characters: 'A'-'Z', 'a'-'z', '0'-'9', '-', '.', '_', and '~'").
		return in(rfc3986Unreserved)
	case canon.UnreservedSlash:
		// AWS SigV4 canonical URI: UriEncode with '/' left between segments.
		return in(rfc3986Unreserved + "/")
	case canon.JSComponent:
		return in(ecmaUnescaped)
	case canon.GoPath:
		// Go net/url shouldEscape, mode encodePath (URL.EscapedPath): unreserved, and of the
		// RFC 3986 §2.2 reserved characters "$&+,/:;=?@" everything but '?'.
		return in(rfc3986Unreserved + "$&+,/:;=@")
	}
	t.Fatalf("no reference definition for %v", s)
	return false
}

func TestSetLiteral(t *testing.T) {
	type tc struct {
		c       byte
		set     canon.Set
		literal bool
	}
	var tests []tc
	// want gives, for each boundary byte, the expected result in each set, in allSets order:
	// Unreserved, UnreservedSlash, JSComponent, GoPath.
	want := []struct {
		c    byte
		sets [4]bool
	}{
		{'-', [4]bool{true, true, true, true}},
		{'.', [4]bool{true, true, true, true}},
		{'_', [4]bool{true, true, true, true}},
		{'~', [4]bool{true, true, true, true}},
		{'/', [4]bool{false, true, false, true}},
		{'!', [4]bool{false, false, true, false}},
		{'*', [4]bool{false, false, true, false}},
		{'\'', [4]bool{false, false, true, false}},
		{'(', [4]bool{false, false, true, false}},
		{')', [4]bool{false, false, true, false}},
		{'+', [4]bool{false, false, false, true}},
		{'$', [4]bool{false, false, false, true}},
		{'&', [4]bool{false, false, false, true}},
		{',', [4]bool{false, false, false, true}},
		{':', [4]bool{false, false, false, true}},
		{';', [4]bool{false, false, false, true}},
		{'=', [4]bool{false, false, false, true}},
		{'@', [4]bool{false, false, false, true}},
		{'?', [4]bool{false, false, false, false}},
		{'#', [4]bool{false, false, false, false}},
		{'[', [4]bool{false, false, false, false}},
		{']', [4]bool{false, false, false, false}},
		{' ', [4]bool{false, false, false, false}},
		{'%', [4]bool{false, false, false, false}},
		{'"', [4]bool{false, false, false, false}},
		{'\\', [4]bool{false, false, false, false}},
		{0x00, [4]bool{false, false, false, false}},
		{0x1f, [4]bool{false, false, false, false}},
		{0x7f, [4]bool{false, false, false, false}},
		{0x80, [4]bool{false, false, false, false}},
		{0xff, [4]bool{false, false, false, false}},
		{'a', [4]bool{true, true, true, true}},
		{'z', [4]bool{true, true, true, true}},
		{'A', [4]bool{true, true, true, true}},
		{'Z', [4]bool{true, true, true, true}},
		{'0', [4]bool{true, true, true, true}},
		{'9', [4]bool{true, true, true, true}},
		{'`', [4]bool{false, false, false, false}}, // just before 'a'
		{'^', [4]bool{false, false, false, false}},
		{'{', [4]bool{false, false, false, false}}, // just after 'z'
		{'<', [4]bool{false, false, false, false}},
	}
	for _, w := range want {
		for i, s := range allSets {
			tests = append(tests, tc{w.c, s, w.sets[i]})
		}
	}
	for _, tt := range tests {
		t.Run(tt.set.String()+"/"+strconv.QuoteRune(rune(tt.c)), func(t *testing.T) {
			if got := tt.set.Literal(tt.c); got != tt.literal {
				t.Errorf("%v.Literal(%q) = %v; want %v", tt.set, tt.c, got, tt.literal)
			}
		})
	}
}

// TestSetLiteralExhaustive checks all 256 bytes of every set against the reference above, and
// against Escape of the single byte.
func TestSetLiteralExhaustive(t *testing.T) {
	for _, s := range allSets {
		t.Run(s.String(), func(t *testing.T) {
			for i := 0; i < 256; i++ {
				c := byte(i)
				want := refLiteral(t, s, c)
				if got := s.Literal(c); got != want {
					t.Errorf("%v.Literal(%#02x %q) = %v; want %v", s, c, c, got, want)
				}
				wantEsc := string([]byte{c})
				if !want {
					wantEsc = "%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:])
				}
				if got := (canon.Encoding{Set: s}).Escape(string([]byte{c})); got != wantEsc {
					t.Errorf("Encoding{%v}.Escape(%q) = %q; want %q", s, c, got, wantEsc)
				}
			}
		})
	}
}

// TestSetOracles compares the sets whose semantics coincide with a Go net/url function.
func TestSetOracles(t *testing.T) {
	for i := 0; i < 256; i++ {
		b := string([]byte{byte(i)})
		// url.QueryEscape escapes everything but RFC 3986 unreserved, and writes ' ' as '+'.
		if got, want := canon.Unreserved.Literal(byte(i)), url.QueryEscape(b) == b; got != want {
			t.Errorf("Unreserved.Literal(%q) = %v; want %v (url.QueryEscape)", b, got, want)
		}
		// URL.EscapedPath leaves the encodePath set literal; "*" alone is special-cased there.
		if b != "*" {
			want := (&url.URL{Path: b}).EscapedPath() == b
			if got := canon.GoPath.Literal(byte(i)); got != want {
				t.Errorf("GoPath.Literal(%q) = %v; want %v (URL.EscapedPath)", b, got, want)
			}
		}
	}
}

func TestSetString(t *testing.T) {
	tests := []struct {
		set  canon.Set
		want string
	}{
		{canon.Unreserved, "Unreserved"},
		{canon.UnreservedSlash, "UnreservedSlash"},
		{canon.JSComponent, "JSComponent"},
		{canon.GoPath, "GoPath"},
		{canon.Set(200), "Set(?)"},
	}
	for _, tt := range tests {
		if got := tt.set.String(); got != tt.want {
			t.Errorf("Set(%d).String() = %q; want %q", uint8(tt.set), got, tt.want)
		}
	}
}

// TestEscapeTableGenerated checks that escape_table.go is what gen_escape_table.go writes.
func TestEscapeTableGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not on PATH")
	}
	cmd := exec.Command(goCmd, "run", "gen_escape_table.go", "-o", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run gen_escape_table.go -o -: %v\n%s", err, stderr.Bytes())
	}
	want, err := os.ReadFile("escape_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("escape_table.go is stale; run go generate ./canon (-committed +generated):\n%s", diff)
	}
}

func TestEncodingEscape(t *testing.T) {
	tests := []struct {
		name string
		enc  canon.Encoding
		in   string
		want string
	}{
		{"empty", canon.Encoding{}, "", ""},
		{"unreserved untouched", canon.Encoding{}, rfc3986Unreserved, rfc3986Unreserved},
		// AWS SigV4 UriEncode: space is %20, never '+'; upper-case hex.
		{"space", canon.Encoding{}, "a b", "a%20b"},
		{"plus", canon.Encoding{}, "a+b", "a%2Bb"},
		{"slash", canon.Encoding{}, "a/b", "a%2Fb"},
		{"percent", canon.Encoding{}, "100%", "100%25"},
		{"reserved gen-delims", canon.Encoding{}, ":/?#[]@", "%3A%2F%3F%23%5B%5D%40"},
		{"reserved sub-delims", canon.Encoding{}, "!$&'()*+,;=", "%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
		{"controls", canon.Encoding{}, "\x00\x1f\x7f", "%00%1F%7F"},
		// UTF-8 bytes are escaped one by one: é is C3 A9, 日 is E6 97 A5, € is E2 82 AC,
		// U+1F600 is F0 9F 98 80, U+1234 is E1 88 B4 (AWS get-vanilla-utf8-query).
		{"utf8 2-byte", canon.Encoding{}, "héllo", "h%C3%A9llo"},
		{"utf8 3-byte", canon.Encoding{}, "日€", "%E6%97%A5%E2%82%AC"},
		{"utf8 4-byte", canon.Encoding{}, "\U0001F600", "%F0%9F%98%80"},
		{"utf8 aws", canon.Encoding{}, "\u1234", "%E1%88%B4"},
		{"invalid utf8", canon.Encoding{}, "\xff\xfe\x80", "%FF%FE%80"},
		{"lower hex", canon.Encoding{LowerHex: true}, "a/b é", "a%2fb%20%c3%a9"},
		{"lower hex digits only", canon.Encoding{LowerHex: true}, "\x10\x19", "%10%19"},
		{"space as plus", canon.Encoding{SpaceAsPlus: true}, "a b+c", "a+b%2Bc"},
		{"space as plus, only spaces", canon.Encoding{SpaceAsPlus: true}, "  ", "++"},
		{"space as plus, lower hex", canon.Encoding{SpaceAsPlus: true, LowerHex: true}, "a b/", "a+b%2f"},
		{"unreserved slash", canon.Encoding{Set: canon.UnreservedSlash}, "/a b/c", "/a%20b/c"},
		// MDN encodeURIComponent examples.
		{"js component marks", canon.Encoding{Set: canon.JSComponent}, "-.!~*'()", "-.!~*'()"},
		{"js component reserved", canon.Encoding{Set: canon.JSComponent}, ";,/?:@&=+$#", "%3B%2C%2F%3F%3A%40%26%3D%2B%24%23"},
		{"js component cyrillic", canon.Encoding{Set: canon.JSComponent}, "шеллы", "%D1%88%D0%B5%D0%BB%D0%BB%D1%8B"},
		{"js component words", canon.Encoding{Set: canon.JSComponent}, "ABC abc 123", "ABC%20abc%20123"},
		// URL.EscapedPath: ? escaped, the rest of the reserved set kept.
		{"go path", canon.Encoding{Set: canon.GoPath}, "/a b/c;d,e?f@g", "/a%20b/c;d,e%3Ff@g"},
		{"go path marks", canon.Encoding{Set: canon.GoPath}, "!'()*", "%21%27%28%29%2A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.enc.Escape(tt.in); got != tt.want {
				t.Errorf("%+v.Escape(%q) = %q; want %q", tt.enc, tt.in, got, tt.want)
			}
			if got := string(tt.enc.Append([]byte("pre:"), tt.in)); got != "pre:"+tt.want {
				t.Errorf("%+v.Append(\"pre:\", %q) = %q; want %q", tt.enc, tt.in, got, "pre:"+tt.want)
			}
		})
	}
}

// TestEncodingEscapeOracle compares Escape with Go's net/url where the semantics coincide.
func TestEncodingEscapeOracle(t *testing.T) {
	inputs := []string{
		"", "abc", "a b", "a+b", "a/b?c#d", "100%", "é日\U0001F600", "\x00\xff", "!'()*~",
		"$&+,/:;=@", "-._~", "[]{}|\\^`\"<>", "k=v&k2=v2", "  ",
	}
	for _, in := range inputs {
		// url.QueryEscape: RFC 3986 unreserved literal, space as '+'.
		if got, want := (canon.Encoding{SpaceAsPlus: true}).Escape(in), url.QueryEscape(in); got != want {
			t.Errorf("Encoding{SpaceAsPlus}.Escape(%q) = %q; want %q (url.QueryEscape)", in, got, want)
		}
		// aws-sdk-go-v2 and minio: url.QueryEscape with '+' replaced by %20.
		if got, want := (canon.Encoding{}).Escape(in), strings.ReplaceAll(url.QueryEscape(in), "+", "%20"); got != want {
			t.Errorf("Encoding{}.Escape(%q) = %q; want %q (url.QueryEscape, + as %%20)", in, got, want)
		}
		if in != "*" {
			if got, want := (canon.Encoding{Set: canon.GoPath}).Escape(in), (&url.URL{Path: in}).EscapedPath(); got != want {
				t.Errorf("Encoding{GoPath}.Escape(%q) = %q; want %q (URL.EscapedPath)", in, got, want)
			}
		}
	}
}

// TestGoPathIsNotPathEscape pins down that GoPath is URL.EscapedPath's set, not
// url.PathEscape's: PathEscape also escapes '/', ';' and ','.
func TestGoPathIsNotPathEscape(t *testing.T) {
	var differ []byte
	for i := 0; i < 256; i++ {
		b := string([]byte{byte(i)})
		if canon.GoPath.Literal(byte(i)) != (url.PathEscape(b) == b) {
			differ = append(differ, byte(i))
		}
	}
	if got, want := string(differ), ",/;"; got != want {
		t.Errorf("bytes where GoPath and url.PathEscape disagree = %q; want %q", got, want)
	}
}

func TestEscapeNoAlloc(t *testing.T) {
	const in = "abcXYZ019-._~"
	encs := []canon.Encoding{
		{},
		{LowerHex: true},
		{SpaceAsPlus: true},
		{Set: canon.UnreservedSlash},
		{Set: canon.JSComponent},
		{Set: canon.GoPath},
	}
	for _, enc := range encs {
		var got string
		allocs := testing.AllocsPerRun(100, func() { got = enc.Escape(in) })
		if allocs != 0 {
			t.Errorf("%+v.Escape(%q) allocates %v times; want 0", enc, in, allocs)
		}
		if got != in {
			t.Errorf("%+v.Escape(%q) = %q; want %q", enc, in, got, in)
		}
	}
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		buf = canon.Encoding{}.Append(buf[:0], "a b/c")
		buf = canon.Encoding{}.AppendPath(buf, "/a b/c")
	})
	if allocs != 0 {
		t.Errorf("Append/AppendPath into a large enough buffer allocate %v times; want 0", allocs)
	}
}

func TestEncodingAppendPath(t *testing.T) {
	tests := []struct {
		name string
		enc  canon.Encoding
		in   string
		want string
	}{
		{"empty", canon.Encoding{}, "", ""},
		{"root", canon.Encoding{}, "/", "/"},
		// AWS test suite get-unreserved.
		{"unreserved", canon.Encoding{}, "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
		// AWS Create a canonical request: "/documents and settings/" is encoded once, and
		// encoding it again gives the double-encoded canonical URI.
		{"aws once", canon.Encoding{}, "/documents and settings/", "/documents%20and%20settings/"},
		{"aws twice", canon.Encoding{}, "/documents%20and%20settings/", "/documents%2520and%2520settings/"},
		{"slashes kept", canon.Encoding{}, "//a//b//", "//a//b//"},
		{"no leading slash", canon.Encoding{}, "a b/c", "a%20b/c"},
		{"utf8", canon.Encoding{}, "/ሴ/é", "/%E1%88%B4/%C3%A9"},
		{"reserved in segment", canon.Encoding{}, "/a:b;c=d", "/a%3Ab%3Bc%3Dd"},
		{"lower hex", canon.Encoding{LowerHex: true}, "/a:b/é", "/a%3ab/%c3%a9"},
		{"js component", canon.Encoding{Set: canon.JSComponent}, "/it's (1)*/x y", "/it's%20(1)*/x%20y"},
		{"go path", canon.Encoding{Set: canon.GoPath}, "/a;b,c/d?e", "/a;b,c/d%3Fe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.enc.AppendPath([]byte("GET\n"), tt.in)); got != "GET\n"+tt.want {
				t.Errorf("%+v.AppendPath(\"GET\\n\", %q) = %q; want %q", tt.enc, tt.in, got, "GET\n"+tt.want)
			}
		})
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		plusAsSpace bool
		want        string
	}{
		{"empty", "", false, ""},
		{"plain", "abc", false, "abc"},
		{"upper hex", "%41%4A", false, "AJ"},
		{"lower hex", "%4a%2f", false, "J/"},
		{"space", "a%20b", false, "a b"},
		{"plus kept", "a+b", false, "a+b"},
		{"plus as space", "a+b", true, "a b"},
		{"escaped plus", "%2B", true, "+"},
		{"escaped percent", "%25", false, "%"},
		{"escaped percent then hex", "%2541", false, "%41"},
		{"nul", "%00", false, "\x00"},
		{"high byte", "%ff%FE", false, "\xff\xfe"},
		{"utf8", "%E6%97%A5%e2%82%ac", false, "日€"},
		{"unescaped utf8 kept", "日", false, "日"},
		{"escape at end", "ab%41", false, "abA"},
		{"many", "a%20b+c%2Bd", true, "a b c+d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canon.Unescape(tt.in, tt.plusAsSpace)
			if err != nil || got != tt.want {
				t.Errorf("Unescape(%q, %v) = %q, %v; want %q, nil", tt.in, tt.plusAsSpace, got, err, tt.want)
			}
			oracle, oracleName := url.PathUnescape, "url.PathUnescape"
			if tt.plusAsSpace {
				oracle, oracleName = url.QueryUnescape, "url.QueryUnescape"
			}
			if o, err := oracle(tt.in); err != nil || o != got {
				t.Errorf("%s(%q) = %q, %v; Unescape gave %q", oracleName, tt.in, o, err, got)
			}
		})
	}
}

func TestUnescapeInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want canon.EscapeError // the bad escape, as named in the error
	}{
		{"lone percent", "%", "%"},
		{"percent at end", "abc%", "%"},
		{"one digit at end", "%4", "%4"},
		{"non-hex", "%zz", "%zz"},
		{"second not hex", "%4g", "%4g"},
		{"first not hex", "%g4", "%g4"},
		{"in the middle", "a%1xb", "%1x"},
		{"after a valid escape", "%41%", "%"},
		{"double percent", "%%41", "%%4"},
		{"space in escape", "% 1", "% 1"},
		{"utf8 after percent", "%é", "%\xc3\xa9"},
	}
	for _, tt := range tests {
		for _, plus := range []bool{false, true} {
			t.Run(tt.name+"/plus="+strconv.FormatBool(plus), func(t *testing.T) {
				got, err := canon.Unescape(tt.in, plus)
				var ee canon.EscapeError
				if !errors.As(err, &ee) || ee != tt.want {
					t.Fatalf("Unescape(%q, %v) = %q, %v; want EscapeError(%q)", tt.in, plus, got, err, tt.want)
				}
				if got != "" {
					t.Errorf("Unescape(%q, %v) = %q, err; want \"\" with the error", tt.in, plus, got)
				}
				if msg := err.Error(); !strings.Contains(msg, strconv.Quote(string(tt.want))) {
					t.Errorf("Unescape(%q, %v) error %q does not quote the bad escape %q", tt.in, plus, msg, string(tt.want))
				}
				// net/url names the same bad escape.
				_, uerr := url.PathUnescape(tt.in)
				var uee url.EscapeError
				if !errors.As(uerr, &uee) || string(uee) != string(tt.want) {
					t.Errorf("url.PathUnescape(%q) error = %v; want url.EscapeError(%q)", tt.in, uerr, string(tt.want))
				}
			})
		}
	}
}

func TestUnescapeNoAlloc(t *testing.T) {
	for _, in := range []string{"", "abc", "a b/c~", "a+b"} {
		var got string
		allocs := testing.AllocsPerRun(100, func() { got, _ = canon.Unescape(in, false) })
		if allocs != 0 || got != in {
			t.Errorf("Unescape(%q, false) = %q with %v allocations; want %q with 0", in, got, allocs, in)
		}
	}
}

// TestEscapeUnescapeRoundTrip checks Unescape(Escape(s)) == s for every encoding, on all
// single bytes and some longer strings. SpaceAsPlus with a set that keeps '+' (GoPath) writes
// ' ' and '+' alike, so it cannot round-trip and is left out.
func TestEscapeUnescapeRoundTrip(t *testing.T) {
	inputs := []string{"", "a b+c%d/e", "é日\U0001F600", "\x00\xff", "++  %%"}
	for i := 0; i < 256; i++ {
		inputs = append(inputs, string([]byte{byte(i)}))
	}
	for _, s := range allSets {
		for _, lower := range []bool{false, true} {
			for _, plus := range []bool{false, true} {
				enc := canon.Encoding{Set: s, LowerHex: lower, SpaceAsPlus: plus}
				if plus && s.Literal('+') {
					continue
				}
				for _, in := range inputs {
					esc := enc.Escape(in)
					got, err := canon.Unescape(esc, plus)
					if err != nil || got != in {
						t.Errorf("Unescape(%+v.Escape(%q) = %q, %v) = %q, %v; want %q, nil", enc, in, esc, plus, got, err, in)
					}
				}
			}
		}
	}
}
