package canon_test

import (
	"strings"
	"testing"

	"github.com/apisig/apisig/canon"
)

func TestRemoveDotSegments(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		// RFC 3986 §5.2.4 worked example.
		{"rfc 5.2.4", "/a/b/c/./../../g", "/a/g"},

		// RFC 3986 §5.4 examples, base "http://a/b/c/d;p?q". The input is the reference
		// merged with the base path "/b/c/d;p" as §5.2.3 says (or the reference itself when
		// it is an absolute path); the want is the path of the RFC's target URI.
		{"rfc 5.4.1 g", "/b/c/g", "/b/c/g"},
		{"rfc 5.4.1 ./g", "/b/c/./g", "/b/c/g"},
		{"rfc 5.4.1 g/", "/b/c/g/", "/b/c/g/"},
		{"rfc 5.4.1 /g", "/g", "/g"},
		{"rfc 5.4.1 ;x", "/b/c/;x", "/b/c/;x"},
		{"rfc 5.4.1 g;x", "/b/c/g;x", "/b/c/g;x"},
		{"rfc 5.4.1 .", "/b/c/.", "/b/c/"},
		{"rfc 5.4.1 ./", "/b/c/./", "/b/c/"},
		{"rfc 5.4.1 ..", "/b/c/..", "/b/"},
		{"rfc 5.4.1 ../", "/b/c/../", "/b/"},
		{"rfc 5.4.1 ../g", "/b/c/../g", "/b/g"},
		{"rfc 5.4.1 ../..", "/b/c/../..", "/"},
		{"rfc 5.4.1 ../../", "/b/c/../../", "/"},
		{"rfc 5.4.1 ../../g", "/b/c/../../g", "/g"},
		{"rfc 5.4.2 ../../../g", "/b/c/../../../g", "/g"},
		{"rfc 5.4.2 ../../../../g", "/b/c/../../../../g", "/g"},
		{"rfc 5.4.2 /./g", "/./g", "/g"},
		{"rfc 5.4.2 /../g", "/../g", "/g"},
		{"rfc 5.4.2 g.", "/b/c/g.", "/b/c/g."},
		{"rfc 5.4.2 .g", "/b/c/.g", "/b/c/.g"},
		{"rfc 5.4.2 g..", "/b/c/g..", "/b/c/g.."},
		{"rfc 5.4.2 ..g", "/b/c/..g", "/b/c/..g"},
		{"rfc 5.4.2 ./../g", "/b/c/./../g", "/b/g"},
		{"rfc 5.4.2 ./g/.", "/b/c/./g/.", "/b/c/g/"},
		{"rfc 5.4.2 g/./h", "/b/c/g/./h", "/b/c/g/h"},
		{"rfc 5.4.2 g/../h", "/b/c/g/../h", "/b/c/h"},
		{"rfc 5.4.2 g;x=1/./y", "/b/c/g;x=1/./y", "/b/c/g;x=1/y"},
		{"rfc 5.4.2 g;x=1/../y", "/b/c/g;x=1/../y", "/b/c/y"},

		// AWS SigV4 test suite, normalize-path.
		{"aws get-relative", "/example/..", "/"},
		{"aws get-relative-relative", "/example1/example2/../..", "/"},
		{"aws get-slash", "//", "/"},
		{"aws get-slash-dot-slash", "/./", "/"},
		{"aws get-slashes", "//example//", "/example/"},
		{"aws get-slash-pointless-dot", "/./example", "/example"},
		{"aws get-unreserved", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},

		// The documented extras: "" is "/", the result starts with '/', runs of '/' merge.
		{"empty", "", "/"},
		{"root", "/", "/"},
		{"no leading slash", "a/b", "/a/b"},
		{"relative dots", "../a/./b", "/a/b"},
		{"lone dot", ".", "/"},
		{"lone dot-dot", "..", "/"},
		{"above root", "/..", "/"},
		{"above root trailing", "/../", "/"},
		{"trailing dot-dot", "/a/b/..", "/a/"},
		{"trailing slash kept", "/a/b/", "/a/b/"},
		{"inner slashes", "/a///b", "/a/b"},
		{"slashes then dot-dot", "/a//..", "/"},
		{"three dots is a name", "/a/.../b", "/a/.../b"},
		{"escaped dots untouched", "/a/%2E%2E/b", "/a/%2E%2E/b"},
		{"already normal", "/a/b/c", "/a/b/c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canon.RemoveDotSegments(tt.in); got != tt.want {
				t.Errorf("RemoveDotSegments(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// refRemoveDotSegments is the RFC 3986 §5.2.4 algorithm step by step, applied after merging
// runs of '/' and making the path absolute (the two AWS additions RemoveDotSegments documents).
func refRemoveDotSegments(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	in, out := p, ""
	removeLast := func() {
		if i := strings.LastIndexByte(out, '/'); i >= 0 {
			out = out[:i]
		} else {
			out = ""
		}
	}
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"): // A
			in = in[3:]
		case strings.HasPrefix(in, "./"): // A
			in = in[2:]
		case strings.HasPrefix(in, "/./"): // B
			in = in[2:]
		case in == "/.": // B
			in = "/"
		case strings.HasPrefix(in, "/../"): // C
			in = in[3:]
			removeLast()
		case in == "/..": // C
			in = "/"
			removeLast()
		case in == "." || in == "..": // D
			in = ""
		default: // E
			i := strings.IndexByte(in[1:], '/')
			if i < 0 {
				out, in = out+in, ""
			} else {
				out, in = out+in[:i+1], in[i+1:]
			}
		}
	}
	if out == "" {
		out = "/"
	}
	return out
}

// pathInputs returns every string of up to n bytes over {'/', '.', 'a'}.
func pathInputs(n int) []string {
	inputs := []string{""}
	start := 0
	for range n {
		end := len(inputs)
		for _, prev := range inputs[start:end] {
			for _, c := range []string{"/", ".", "a"} {
				inputs = append(inputs, prev+c)
			}
		}
		start = end
	}
	return inputs
}

// TestRemoveDotSegmentsProperties checks, for every short path over {'/', '.', 'a'}: the
// result matches the RFC algorithm, starts with '/', has no "//", "." or ".." segment, and
// normalising it again changes nothing.
func TestRemoveDotSegmentsProperties(t *testing.T) {
	for _, in := range pathInputs(8) {
		got := canon.RemoveDotSegments(in)
		if want := refRemoveDotSegments(in); got != want {
			t.Errorf("RemoveDotSegments(%q) = %q; want %q (RFC 3986 §5.2.4)", in, got, want)
		}
		checkNormal(t, in, got)
	}
}

func checkNormal(t *testing.T, in, got string) {
	t.Helper()
	if !strings.HasPrefix(got, "/") {
		t.Errorf("RemoveDotSegments(%q) = %q; want a leading '/'", in, got)
	}
	for _, seg := range strings.Split(got, "/")[1:] {
		if seg == "." || seg == ".." {
			t.Errorf("RemoveDotSegments(%q) = %q; want no %q segment", in, got, seg)
		}
	}
	if strings.Contains(got, "//") {
		t.Errorf("RemoveDotSegments(%q) = %q; want no \"//\"", in, got)
	}
	if again := canon.RemoveDotSegments(got); again != got {
		t.Errorf("RemoveDotSegments(%q) = %q; want %q (idempotent)", got, again, got)
	}
}

func TestRemoveDotSegmentsNoAlloc(t *testing.T) {
	const in = "/already/normal/path/"
	var got string
	if allocs := testing.AllocsPerRun(100, func() { got = canon.RemoveDotSegments(in) }); allocs != 0 || got != in {
		t.Errorf("RemoveDotSegments(%q) = %q with %v allocations; want %q with 0", in, got, allocs, in)
	}
}
