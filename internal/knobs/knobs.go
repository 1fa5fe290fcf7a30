// Package knobs builds a scheme's dialect knobs from a table: each knob pairs its
// [apisig.Knob] documentation with the code that sets it on a value of type D (a Dialect, or
// the signer itself when a knob reaches outside the dialect). It gives every scheme the same
// lookup and the same error wording: an unknown knob lists the known ones, a bad value lists
// the allowed ones, and both wrap [apisig.ErrInvalidInput].
package knobs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// Knob pairs a knob's documentation with the code that sets it on a D.
type Knob[D any] struct {
	apisig.Knob
	set func(d *D, v string) error
}

// Table is a scheme's list of knobs, in the order [Table.Knobs] lists them.
type Table[D any] []Knob[D]

// Enum builds a knob whose values map, in order, onto the constants of T: values[0] sets
// T(0), the correct behaviour.
func Enum[D any, T ~uint8](name, doc string, mistakes []string, field func(*D) *T, values ...string) Knob[D] {
	return Choice(name, doc, mistakes, func(d *D, i int) { *field(d) = T(i) }, values...)
}

// Bool builds a two-valued knob: right sets the field to false (the default), wrong to true.
func Bool[D any](name, doc string, mistakes []string, field func(*D) *bool, right, wrong string) Knob[D] {
	return Choice(name, doc, mistakes, func(d *D, i int) { *field(d) = i == 1 }, right, wrong)
}

// Choice builds a knob with a fixed list of values whose setter receives the index of the
// value chosen; use it when setting the knob does more than store one field.
func Choice[D any](name, doc string, mistakes []string, set func(d *D, i int), values ...string) Knob[D] {
	return Knob[D]{
		Knob: apisig.Knob{Name: name, Doc: doc, Values: values, Mistakes: mistakes},
		set: func(d *D, v string) error {
			i := slices.Index(values, v)
			if i < 0 {
				return BadValue(name, v, values)
			}
			set(d, i)
			return nil
		},
	}
}

// Free builds a free-form knob that stores its value as given (the empty string: the correct
// behaviour).
func Free[D any](name, doc string, mistakes []string, field func(*D) *string) Knob[D] {
	return Parse(name, doc, mistakes, func(d *D, v string) error { *field(d) = v; return nil })
}

// Parse builds a free-form knob whose value set parses and checks; set's errors should wrap
// [apisig.ErrInvalidInput] and say what form the value takes.
func Parse[D any](name, doc string, mistakes []string, set func(d *D, v string) error) Knob[D] {
	return Knob[D]{Knob: apisig.Knob{Name: name, Doc: doc, Mistakes: mistakes}, set: set}
}

// BadValue is the error for a value of the knob name that is not one of values.
func BadValue(name, value string, values []string) error {
	return fmt.Errorf("%w: knob %s: value %q is not one of [%s]", apisig.ErrInvalidInput, name, value, strings.Join(values, ", "))
}

// Knobs lists the knobs' documentation. The slices are copies: a caller may change them
// without changing the table.
func (t Table[D]) Knobs() []apisig.Knob {
	out := make([]apisig.Knob, len(t))
	for i, k := range t {
		out[i] = k.Knob
		out[i].Values = slices.Clone(k.Values)
		out[i].Mistakes = slices.Clone(k.Mistakes)
	}
	return out
}

// Set sets the knob called name on d. An unknown name is an error naming scheme and listing
// the knobs; a bad value is an error listing the allowed ones; both wrap
// [apisig.ErrInvalidInput].
func (t Table[D]) Set(d *D, scheme, name, value string) error {
	for _, k := range t {
		if k.Name == name {
			return k.set(d, value)
		}
	}
	names := make([]string, len(t))
	for i, k := range t {
		names[i] = k.Name
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, scheme, strings.Join(names, ", "))
}
