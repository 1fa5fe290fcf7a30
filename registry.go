package apisig

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Knob is a named place where real implementations of a scheme diverge. Values[0] is the
// correct behaviour and the default; every other value reproduces a mistake that real clients
// make. A free-form knob (a region, a date) takes any value, and its empty value means "correct".
type Knob struct {
	// Name is the knob's stable identifier, lower-case with hyphens: "space-encoding".
	Name string
	// Doc says what the knob changes and why implementations get it wrong.
	Doc string
	// Values lists the allowed values, the correct one first. Nil for a free-form knob.
	Values []string
	// Mistakes lists the ids of the catalogued mistakes the wrong values reproduce (A14, ...).
	Mistakes []string
}

// Tunable is implemented by signers whose dialect knobs can be set by name.
type Tunable interface {
	// Knobs lists the knobs, in a stable order.
	Knobs() []Knob
	// SetKnob sets one knob. An unknown knob or value is an error that lists the allowed ones.
	SetKnob(name, value string) error
}

// Param is a configuration parameter a scheme needs to be built (a region, a service name).
type Param struct {
	Name     string
	Doc      string
	Default  string
	Required bool
}

// Config is what a [Scheme] is built from: the CLI, the servers and the tests fill it.
type Config struct {
	// Params holds the scheme's parameters by name; see [Scheme.Params].
	Params map[string]string
	// Knobs holds dialect knob settings by name; missing knobs keep the correct value.
	Knobs map[string]string
	// Clock tells the signing time; nil means the wall clock.
	Clock Clock
	// Nonce makes nonces for schemes that need them; nil means [RandomNonce].
	Nonce NonceSource
	// Keys looks up secrets for verification; nil means the scheme cannot verify.
	Keys KeyStore
	// Replay remembers nonces for verifiers of schemes that carry one; nil means the scheme's
	// verifier keeps its own [MemoryReplay].
	Replay ReplayStore
}

// Param returns the named parameter or the scheme's default for it.
func (c Config) Param(s Scheme, name string) string {
	if v, ok := c.Params[name]; ok {
		return v
	}
	for _, p := range s.Params {
		if p.Name == name {
			return p.Default
		}
	}
	return ""
}

// Scheme describes one signature scheme for the registry.
type Scheme struct {
	// ID is the scheme's stable identifier, lower-case with hyphens: "aws-sigv4".
	ID string
	// Summary is one line for listings.
	Summary string
	// Params lists the configuration the scheme needs.
	Params []Param
	// New builds a signer from cfg. The value it returns may also implement [Verifier],
	// [Presigner] and [Tunable].
	New func(cfg Config) (Signer, error)
}

// Build checks cfg against the scheme's parameters, builds the signer and sets cfg's knobs.
func (s Scheme) Build(cfg Config) (Signer, error) {
	if s.New == nil {
		return nil, &RequestError{Scheme: s.ID, Part: "scheme", Problem: "has no constructor (was it looked up in a registry?)", Kind: ErrInvalidInput}
	}
	for _, p := range s.Params {
		if p.Required && cfg.Param(s, p.Name) == "" {
			problem := "is required"
			if p.Doc != "" {
				problem += ": " + p.Doc
			}
			return nil, &RequestError{Scheme: s.ID, Part: "parameter " + p.Name, Problem: problem, Kind: ErrInvalidInput}
		}
	}
	for _, name := range sortedKeys(cfg.Params) {
		if !slices.ContainsFunc(s.Params, func(p Param) bool { return p.Name == name }) {
			return nil, &RequestError{Scheme: s.ID, Part: "parameter " + name, Problem: "is not a parameter of this scheme; it takes " + paramNames(s.Params), Kind: ErrInvalidInput}
		}
	}
	sg, err := s.New(cfg)
	if err != nil {
		return nil, err
	}
	if len(cfg.Knobs) > 0 {
		t, ok := sg.(Tunable)
		if !ok {
			return nil, &RequestError{Scheme: s.ID, Part: "knobs", Problem: "this scheme has no dialect knobs", Kind: ErrInvalidInput}
		}
		for _, name := range sortedKeys(cfg.Knobs) {
			if err := t.SetKnob(name, cfg.Knobs[name]); err != nil {
				return nil, fmt.Errorf("%s: %w", s.ID, err)
			}
		}
	}
	return sg, nil
}

func paramNames(ps []Param) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return "[" + strings.Join(names, ", ") + "]"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var schemeID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Registry lists the schemes a program offers. It is an explicit value, built by the program
// (see package [github.com/apisig/apisig/schemes] for the standard set), never filled by init
// functions.
type Registry struct {
	byID  map[string]Scheme
	order []string
}

// NewRegistry returns a registry of the schemes. It panics on a scheme with an invalid id, no
// constructor, or an id already registered: those are programming errors.
func NewRegistry(schemes ...Scheme) *Registry {
	r := &Registry{byID: make(map[string]Scheme, len(schemes))}
	for _, s := range schemes {
		r.Register(s)
	}
	return r
}

// Register adds a scheme. It panics as [NewRegistry] does. The zero Registry is empty and
// ready to use.
func (r *Registry) Register(s Scheme) {
	if r.byID == nil {
		r.byID = make(map[string]Scheme)
	}
	switch {
	case !schemeID.MatchString(s.ID):
		panic(fmt.Sprintf("apisig: invalid scheme id %q: want lower-case words joined by '-'", s.ID))
	case s.New == nil:
		panic(fmt.Sprintf("apisig: scheme %q has no constructor", s.ID))
	}
	if _, dup := r.byID[s.ID]; dup {
		panic(fmt.Sprintf("apisig: duplicate scheme %q", s.ID))
	}
	r.byID[s.ID] = s
	r.order = append(r.order, s.ID)
}

// Lookup returns the scheme with the id. An unknown id is an error that lists the known ones.
func (r *Registry) Lookup(id string) (Scheme, error) {
	if s, ok := r.byID[id]; ok {
		return s, nil
	}
	known := "none are registered"
	if len(r.order) > 0 {
		known = "known schemes: " + strings.Join(r.order, ", ")
	}
	return Scheme{}, &RequestError{Part: "scheme", Value: id, Problem: "is not known; " + known, Kind: ErrInvalidInput}
}

// IDs returns the registered ids in registration order.
func (r *Registry) IDs() []string { return slices.Clone(r.order) }
