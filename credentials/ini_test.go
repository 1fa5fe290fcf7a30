package credentials

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// iniMap flattens a parsed file for comparison: section → key → value, and each section's
// keys in order under "".
func iniMap(f *iniFile) map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, s := range f.sections {
		props := map[string]string{"": strings.Join(s.keys, ",")}
		for k, p := range s.props {
			props[k] = p.value
		}
		m[s.name] = props
	}
	return m
}

// TestParseINI proves each rule of the INI dialect documented on iniFile.
func TestParseINI(t *testing.T) {
	type sections = map[string]map[string]string
	cases := map[string]struct {
		in   string
		want sections
	}{
		"sections and properties": {
			"[default]\nk = v\n[profile dev]\nk = w\n",
			sections{"default": {"": "k", "k": "v"}, "profile dev": {"": "k", "k": "w"}},
		},
		"white space around names, keys and values is trimmed": {
			"  [  a b  ]  \n\t key \t=\t value with spaces \t\n",
			sections{"a b": {"": "key", "key": "value with spaces"}},
		},
		"keys are case-insensitive": {
			"[a]\nAWS_Access_Key_ID = X\n",
			sections{"a": {"": "aws_access_key_id", "aws_access_key_id": "X"}},
		},
		"full-line comments with # and ;, also indented": {
			"# one\n; two\n[a]\n  # three\n\t; four\nk = v\n",
			sections{"a": {"": "k", "k": "v"}},
		},
		"a comment after a section header": {
			"[a] # note\n[b];note\n",
			sections{"a": {"": ""}, "b": {"": ""}},
		},
		"inline comments need a blank before them": {
			"[a]\nk1 = v # c\nk2 = v\t; c\nk3 = v#not\nk4 = v;not\nk5 = #c\nk6 =;not\n",
			sections{"a": {"": "k1,k2,k3,k4,k5,k6", "k1": "v", "k2": "v", "k3": "v#not", "k4": "v;not", "k5": "", "k6": ";not"}},
		},
		"'=' in a value": {
			"[a]\nk = a=b==\n",
			sections{"a": {"": "k", "k": "a=b=="}},
		},
		"an empty value": {
			"[a]\nk =\n",
			sections{"a": {"": "k", "k": ""}},
		},
		"a more indented line continues the value": {
			"[a]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path # c\nregion = r\n",
			sections{"a": {"": "s3,region", "s3": "\nmax_concurrent_requests = 20\naddressing_style = path", "region": "r"}},
		},
		"indented properties after a header are properties": {
			"[a]\n  k1 = v1\n  k2 = v2\n",
			sections{"a": {"": "k1,k2", "k1": "v1", "k2": "v2"}},
		},
		"a repeated section is merged, a repeated key keeps its last value": {
			"[a]\nk = 1\nx = 1\n[b]\n[a]\nk = 2\ny = 2\n",
			sections{"a": {"": "k,x,y", "k": "2", "x": "1", "y": "2"}, "b": {"": ""}},
		},
		"CRLF line endings and a byte order mark": {
			"\ufeff[a]\r\nk = v\r\n\r\n",
			sections{"a": {"": "k", "k": "v"}},
		},
		"an empty file": {"", sections{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := parseINI([]byte(tc.in))
			if err != nil {
				t.Fatalf("parseINI(%q) error = %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, iniMap(f)); diff != "" {
				t.Errorf("parseINI(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseINILines(t *testing.T) {
	f, err := parseINI([]byte("# c\n\n[a]\nk = v\n  more\nj = w\n[a]\nk = x\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := f.section("a")
	if s.line != 3 {
		t.Errorf("section a line = %d; want 3", s.line)
	}
	if _, line := s.get("j"); line != 6 {
		t.Errorf("key j line = %d; want 6", line)
	}
	if _, line := s.get("k"); line != 8 {
		t.Errorf("key k line = %d; want 8 (the last definition)", line)
	}
}

func TestParseINIErrors(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	cases := map[string]struct {
		in   string
		want iniError
	}{
		"no closing bracket":       {"[a]\n[b\n", iniError{Line: 2, Problem: `section header has no closing "]"`}},
		"text after the bracket":   {"[a] b\n", iniError{Line: 1, Problem: `unexpected text after "]"`}},
		"an empty section name":    {"\n[ ]\n", iniError{Line: 2, Problem: "empty section name"}},
		"a property before any":    {"k = v\n[a]\n", iniError{Line: 1, Key: "k", Problem: `"k" is outside any [section]`}},
		"a line without '='":       {"[a]\nk = v\n" + secret + "\n", iniError{Line: 3, Problem: `expected "key = value" or "[section]"`}},
		"a missing key":            {"[a]\n = v\n", iniError{Line: 2, Problem: `missing key before "="`}},
		"a continuation too early": {"  k = v\n", iniError{Line: 1, Key: "k", Problem: `"k" is outside any [section]`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := parseINI([]byte(tc.in))
			var ie *iniError
			if !errors.As(err, &ie) {
				t.Fatalf("parseINI(%q) error = %v; want an *iniError", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, *ie); diff != "" {
				t.Errorf("parseINI(%q) error (-want +got):\n%s", tc.in, diff)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("parseINI error %q shows the line's content", err)
			}
		})
	}
}
