package credentials

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWalkJSON(t *testing.T) {
	in := "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    {\"c\": null}\n  ],\n  \"d\": true\n}\n"
	nodes, err := walkJSON([]byte(in), true)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Path string
		Line int
		Kind string
		Str  string
	}
	var got []row
	for _, n := range nodes {
		got = append(got, row{strings.Join(n.path, "."), n.line, n.kind.String(), n.str})
	}
	want := []row{
		{"", 1, "an object", ""},
		{"a", 2, "a number", "1"},
		{"b", 3, "an array", ""},
		{"b.0", 4, "a string", "x"},
		{"b.1", 5, "an object", ""},
		{"b.1.c", 5, "null", ""},
		{"d", 7, "a boolean", "true"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walkJSON (-want +got):\n%s", diff)
	}
}

func TestWalkJSONErrors(t *testing.T) {
	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	cases := map[string]struct {
		in        string
		rejectDup bool
		want      string
	}{
		"empty":              {"", false, "line 1: unexpected end of file"},
		"truncated":          {"{\n\"a\": [1,\n", false, "line 3: unexpected end of file"},
		"syntax":             {"{\n\"a\" 1}", false, `line 2: invalid character '1' after object key`},
		"trailing data":      {"{}\n\n[]", false, "line 3: unexpected data after the top-level value"},
		"duplicate rejected": {"{\"a\": {\"b\": 1,\n \"b\": 2}}", true, `line 2: "a.b": duplicate key`},
		"too deep":           {deep, false, `line 1: "` + strings.TrimSuffix(strings.Repeat("0.", maxJSONDepth), ".") + `": nested too deeply`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := walkJSON([]byte(tc.in), tc.rejectDup)
			var je *jsonError
			if !errors.As(err, &je) {
				t.Fatalf("walkJSON(%q) error = %v; want a *jsonError", tc.in, err)
			}
			if err.Error() != tc.want {
				t.Errorf("walkJSON(%q) error = %q; want %q", tc.in, err, tc.want)
			}
		})
	}
	if _, err := walkJSON([]byte(`{"a": 1, "a": 2}`), false); err != nil {
		t.Errorf("walkJSON with a duplicate, allowed: error = %v", err)
	}
}

func TestParseAliyunConfig(t *testing.T) {
	c, err := parseAliyunConfig([]byte(`{"current": "b", "profiles": [{"name": "a", "mode": "AK", "unknown": {"x": [1]}},
		{"name": "b", "mode": "StsToken", "access_key_id": "id", "access_key_secret": null, "sts_token": "t", "region_id": "r", "expired_seconds": 900}],
		"profiles_extra": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.Current}
	for _, p := range c.Profiles {
		got = append(got, p.String())
	}
	want := []string{"b",
		`{Name:"a" Mode:"AK" AccessKeyID:"" Secret:false Token:false Region:""}`,
		`{Name:"b" Mode:"StsToken" AccessKeyID:"****" Secret:false Token:true Region:"r"}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parseAliyunConfig (-want +got):\n%s", diff)
	}
}
