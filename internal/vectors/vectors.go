// Package vectors loads published test vectors: one JSON file per vector, each naming its
// source, in the layout of the team's shared/vectors folder (scheme, name, source, inputs,
// expected, notes).
package vectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// Vector is one published test vector. Inputs and Expected are decoded by the scheme's test,
// which knows their shape.
type Vector struct {
	Scheme   string          `json:"scheme"`
	Name     string          `json:"name"`
	Source   json.RawMessage `json:"source"`
	Inputs   json.RawMessage `json:"inputs"`
	Expected json.RawMessage `json:"expected"`
	Notes    []string        `json:"notes"`
	// File is the path the vector was read from.
	File string `json:"-"`
}

// Load reads every *.json vector in dir, sorted by file name. It fails the test when the folder
// is empty, a file does not parse, or a vector has no source.
func Load(t testing.TB, dir string) []Vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no vectors in %s", dir)
	}
	slices.Sort(files)
	out := make([]Vector, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v Vector
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(v.Source) == 0 || string(v.Source) == "null" {
			t.Fatalf("%s: vector has no source", f)
		}
		v.File = f
		out = append(out, v)
	}
	return out
}

// Decode decodes raw into v, failing the test on error.
func Decode(t testing.TB, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decoding vector: %v", err)
	}
}
