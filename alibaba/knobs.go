package alibaba

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// knob pairs a Knob's documentation with the code that sets it on a dialect D.
type knob[D any] struct {
	apisig.Knob
	set func(d *D, v string) error
}

// enumKnob builds a knob whose values map, in order, onto the constants of T.
func enumKnob[D any, T ~uint8](name, doc string, mistakes []string, field func(*D) *T, values ...string) knob[D] {
	return knob[D]{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: values, Mistakes: mistakes},
		set: func(d *D, v string) error {
			i := slices.Index(values, v)
			if i < 0 {
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, v, strings.Join(values, ", "))
			}
			*field(d) = T(i)
			return nil
		},
	}
}

// boolKnob builds a two-valued knob: right (false, the default) or wrong (true).
func boolKnob[D any](name, doc string, mistakes []string, field func(*D) *bool, right, wrong string) knob[D] {
	return knob[D]{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: []string{right, wrong}, Mistakes: mistakes},
		set: func(d *D, v string) error {
			switch v {
			case right:
				*field(d) = false
			case wrong:
				*field(d) = true
			default:
				return fmt.Errorf("%w: knob %s: value %q is not one of [%s, %s]", apisig.ErrInvalidInput, name, v, right, wrong)
			}
			return nil
		},
	}
}

func knobList[D any](ks []knob[D]) []apisig.Knob {
	out := make([]apisig.Knob, len(ks))
	for i, k := range ks {
		out[i] = k.Knob
	}
	return out
}

func setKnob[D any](scheme string, ks []knob[D], d *D, name, value string) error {
	for _, k := range ks {
		if k.Name == name {
			return k.set(d, value)
		}
	}
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Name
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, scheme, strings.Join(names, ", "))
}
