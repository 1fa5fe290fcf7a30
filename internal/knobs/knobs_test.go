package knobs

import (
	"errors"
	"fmt"
	"testing"

	"github.com/apisig/apisig"
)

type mode uint8

type dialect struct {
	Mode   mode
	Flag   bool
	Region string
	Count  int
	Side   bool
}

var table = Table[dialect]{
	Enum("mode", "the mode", []string{"X01"}, func(d *dialect) *mode { return &d.Mode }, "a", "b", "c"),
	Bool("flag", "the flag", nil, func(d *dialect) *bool { return &d.Flag }, "off", "on"),
	Free("region", "the region", []string{"X02"}, func(d *dialect) *string { return &d.Region }),
	Parse("count", "a number", nil, func(d *dialect, v string) error {
		if _, err := fmt.Sscan(v, &d.Count); err != nil {
			return fmt.Errorf("%w: knob count: value %q is not a number", apisig.ErrInvalidInput, v)
		}
		return nil
	}),
	Choice("side", "sets two fields", nil, func(d *dialect, i int) { d.Side = i == 1; d.Flag = i == 1 }, "none", "both"),
}

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        dialect
	}{
		{"mode", "a", dialect{}},
		{"mode", "c", dialect{Mode: 2}},
		{"flag", "off", dialect{}},
		{"flag", "on", dialect{Flag: true}},
		{"region", "eu-west-1", dialect{Region: "eu-west-1"}},
		{"region", "", dialect{}},
		{"count", "7", dialect{Count: 7}},
		{"side", "both", dialect{Side: true, Flag: true}},
	} {
		var d dialect
		if err := table.Set(&d, "test-scheme", tc.name, tc.value); err != nil {
			t.Errorf("%s=%s: %v", tc.name, tc.value, err)
		} else if d != tc.want {
			t.Errorf("%s=%s: %+v, want %+v", tc.name, tc.value, d, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"nope", "x", `invalid input: "nope" is not a knob of test-scheme; knobs: mode, flag, region, count, side`},
		{"mode", "d", `invalid input: knob mode: value "d" is not one of [a, b, c]`},
		{"flag", "true", `invalid input: knob flag: value "true" is not one of [off, on]`},
		{"side", "", `invalid input: knob side: value "" is not one of [none, both]`},
		{"count", "x", `invalid input: knob count: value "x" is not a number`},
	} {
		var d dialect
		err := table.Set(&d, "test-scheme", tc.name, tc.value)
		if !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%s=%s: %v, want ErrInvalidInput", tc.name, tc.value, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%s=%s:\n got %s\nwant %s", tc.name, tc.value, err, tc.want)
		}
		if d != (dialect{}) {
			t.Errorf("%s=%s: failed set changed the dialect: %+v", tc.name, tc.value, d)
		}
	}
}

func TestKnobs(t *testing.T) {
	ks := table.Knobs()
	if len(ks) != len(table) {
		t.Fatalf("%d knobs, want %d", len(ks), len(table))
	}
	if ks[0].Name != "mode" || ks[0].Doc != "the mode" || len(ks[0].Values) != 3 || ks[0].Mistakes[0] != "X01" {
		t.Errorf("first knob = %+v", ks[0])
	}
	if ks[2].Values != nil {
		t.Errorf("free-form knob has values %q", ks[2].Values)
	}
	ks[0].Values[0] = "changed"
	ks[0].Mistakes[0] = "changed"
	if again := table.Knobs(); again[0].Values[0] != "a" || again[0].Mistakes[0] != "X01" {
		t.Errorf("changing the listed knobs changed the table: %+v", again[0])
	}
}
