package apisig_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/google/go-cmp/cmp"
)

// plainSigner is a Signer with no knobs.
type plainSigner struct{ cfg apisig.Config }

func (plainSigner) Sign(context.Context, *http.Request, apisig.Credentials) error { return nil }
func (plainSigner) Explain(context.Context, *http.Request, apisig.Credentials) (*apisig.Trace, error) {
	return &apisig.Trace{}, nil
}

// knobSigner is a Tunable signer that records every SetKnob call.
type knobSigner struct {
	plainSigner
	calls []string
}

var errBadKnob = errors.New("bad knob")

func (k *knobSigner) Knobs() []apisig.Knob {
	return []apisig.Knob{{Name: "alpha", Values: []string{"a", "b"}}, {Name: "beta"}, {Name: "gamma"}}
}

func (k *knobSigner) SetKnob(name, value string) error {
	k.calls = append(k.calls, name+"="+value)
	if value == "bad" {
		return fmt.Errorf("%w: knob %s: value %q", errBadKnob, name, value)
	}
	return nil
}

var (
	_ apisig.Signer  = plainSigner{}
	_ apisig.Tunable = (*knobSigner)(nil)
)

func newPlain(cfg apisig.Config) (apisig.Signer, error) { return plainSigner{cfg: cfg}, nil }

// mustPanic runs f and returns the panic message, failing when f does not panic.
func mustPanic(t *testing.T, f func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("did not panic")
		}
		msg = fmt.Sprint(r)
	}()
	f()
	return ""
}

func TestNewRegistryPanics(t *testing.T) {
	tests := []struct {
		name    string
		schemes []apisig.Scheme
		want    []string // substrings of the panic message
	}{
		{"duplicate id", []apisig.Scheme{{ID: "fake", New: newPlain}, {ID: "other", New: newPlain}, {ID: "fake", New: newPlain}}, []string{"duplicate", `"fake"`}},
		{"upper case", []apisig.Scheme{{ID: "AWS", New: newPlain}}, []string{"invalid", `"AWS"`}},
		{"underscore", []apisig.Scheme{{ID: "aws_sigv4", New: newPlain}}, []string{"invalid", `"aws_sigv4"`}},
		{"empty", []apisig.Scheme{{ID: "", New: newPlain}}, []string{"invalid", `""`}},
		{"leading hyphen", []apisig.Scheme{{ID: "-x", New: newPlain}}, []string{"invalid", `"-x"`}},
		{"trailing hyphen", []apisig.Scheme{{ID: "x-", New: newPlain}}, []string{"invalid", `"x-"`}},
		{"double hyphen", []apisig.Scheme{{ID: "a--b", New: newPlain}}, []string{"invalid", `"a--b"`}},
		{"space", []apisig.Scheme{{ID: "aws sigv4", New: newPlain}}, []string{"invalid"}},
		{"dot", []apisig.Scheme{{ID: "aws.sigv4", New: newPlain}}, []string{"invalid"}},
		{"non-ASCII", []apisig.Scheme{{ID: "sïgv4", New: newPlain}}, []string{"invalid"}},
		{"trailing newline", []apisig.Scheme{{ID: "aws\n", New: newPlain}}, []string{"invalid"}},
		{"nil New", []apisig.Scheme{{ID: "fake"}}, []string{"no constructor", `"fake"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := mustPanic(t, func() { apisig.NewRegistry(tt.schemes...) })
			if !strings.HasPrefix(msg, "apisig: ") {
				t.Errorf("panic %q; want the apisig: prefix", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic %q; want it to contain %q", msg, w)
				}
			}
		})
	}

	// Register panics the same way on an existing registry.
	r := apisig.NewRegistry(apisig.Scheme{ID: "fake", New: newPlain})
	mustPanic(t, func() { r.Register(apisig.Scheme{ID: "fake", New: newPlain}) })
	if diff := cmp.Diff([]string{"fake"}, r.IDs()); diff != "" {
		t.Errorf("IDs() after a refused Register (-want +got):\n%s", diff)
	}
}

func TestRegistryValidIDs(t *testing.T) {
	ids := []string{"aws-sigv4", "oauth1", "a", "0", "hmac-sha256-v2", "tencent-tc3-hmac-sha256"}
	var schemes []apisig.Scheme
	for _, id := range ids {
		schemes = append(schemes, apisig.Scheme{ID: id, New: newPlain})
	}
	r := apisig.NewRegistry(schemes...)
	if diff := cmp.Diff(ids, r.IDs()); diff != "" {
		t.Errorf("IDs() not in registration order (-want +got):\n%s", diff)
	}
	got := r.IDs()
	got[0] = "mutated"
	if r.IDs()[0] != ids[0] {
		t.Error("IDs() returned the registry's own slice: changing it changed the registry")
	}
	if empty := apisig.NewRegistry(); len(empty.IDs()) != 0 {
		t.Errorf("NewRegistry().IDs() = %v; want none", empty.IDs())
	}
}

func TestRegistryLookup(t *testing.T) {
	r := apisig.NewRegistry(
		apisig.Scheme{ID: "zeta", Summary: "last letter", New: newPlain},
		apisig.Scheme{ID: "alpha", Summary: "first letter", New: newPlain},
	)
	tests := []struct {
		name        string
		id          string
		wantSummary string
		wantErr     bool
	}{
		{"known", "alpha", "first letter", false},
		{"known, registered first", "zeta", "last letter", false},
		{"unknown", "aws-sigv4", "", true},
		{"case differs", "Alpha", "", true},
		{"empty", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := r.Lookup(tt.id)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Lookup(%q) error = %v; want error %v", tt.id, err, tt.wantErr)
			}
			if !tt.wantErr {
				if s.ID != tt.id || s.Summary != tt.wantSummary || s.New == nil {
					t.Errorf("Lookup(%q) = {ID:%q Summary:%q New:%v}; want {ID:%q Summary:%q New:set}", tt.id, s.ID, s.Summary, s.New != nil, tt.id, tt.wantSummary)
				}
				return
			}
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Errorf("Lookup(%q) error does not wrap ErrInvalidInput: %v", tt.id, err)
			}
			var re *apisig.RequestError
			if !errors.As(err, &re) || re.Value != tt.id {
				t.Errorf("Lookup(%q) error = %#v; want a *RequestError with Value %q", tt.id, err, tt.id)
			}
			if !strings.Contains(err.Error(), "zeta, alpha") {
				t.Errorf("Lookup(%q) error = %q; want it to list the known schemes \"zeta, alpha\"", tt.id, err)
			}
			if s.ID != "" || s.New != nil {
				t.Errorf("Lookup(%q) returned a scheme %q with its error", tt.id, s.ID)
			}
		})
	}
}

func TestSchemeBuild(t *testing.T) {
	params := []apisig.Param{
		{Name: "region", Doc: "the AWS region", Required: true},
		{Name: "service", Doc: "the signing name", Default: "s3", Required: true},
		{Name: "endpoint", Doc: "optional endpoint"},
	}
	var built *knobSigner
	tunable := apisig.Scheme{ID: "tunable", Params: params, New: func(cfg apisig.Config) (apisig.Signer, error) {
		built = &knobSigner{plainSigner: plainSigner{cfg: cfg}}
		return built, nil
	}}
	plain := apisig.Scheme{ID: "plain", Params: params, New: newPlain}
	errNew := errors.New("constructor failed")
	failing := apisig.Scheme{ID: "failing", New: func(apisig.Config) (apisig.Signer, error) { return nil, errNew }}

	tests := []struct {
		name      string
		scheme    apisig.Scheme
		cfg       apisig.Config
		wantErr   error    // nil: success
		wantText  []string // substrings of the error text
		wantCalls []string // SetKnob calls, in order
	}{
		{
			name:    "required param missing",
			scheme:  plain,
			cfg:     apisig.Config{},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"plain", "parameter region", "is required", "the AWS region"},
		},
		{
			name:    "required param given empty",
			scheme:  plain,
			cfg:     apisig.Config{Params: map[string]string{"region": ""}},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"parameter region"},
		},
		{
			name:    "required param with default given empty",
			scheme:  plain,
			cfg:     apisig.Config{Params: map[string]string{"region": "us-east-1", "service": ""}},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"parameter service"},
		},
		{
			name:   "required param satisfied by its default",
			scheme: plain,
			cfg:    apisig.Config{Params: map[string]string{"region": "us-east-1"}},
		},
		{
			name:    "unknown param",
			scheme:  plain,
			cfg:     apisig.Config{Params: map[string]string{"region": "us-east-1", "regoin": "x"}},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"parameter regoin", "[region, service, endpoint]"},
		},
		{
			name:    "param for a scheme that takes none",
			scheme:  apisig.Scheme{ID: "noparams", New: newPlain},
			cfg:     apisig.Config{Params: map[string]string{"region": "x"}},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"parameter region", "[]"},
		},
		{
			name:    "constructor error is returned",
			scheme:  failing,
			cfg:     apisig.Config{},
			wantErr: errNew,
		},
		{
			name:      "knobs applied in sorted order",
			scheme:    tunable,
			cfg:       apisig.Config{Params: map[string]string{"region": "r"}, Knobs: map[string]string{"gamma": "3", "alpha": "b", "beta": "2"}},
			wantCalls: []string{"alpha=b", "beta=2", "gamma=3"},
		},
		{
			name:      "knob error stops and is returned",
			scheme:    tunable,
			cfg:       apisig.Config{Params: map[string]string{"region": "r"}, Knobs: map[string]string{"gamma": "3", "beta": "bad", "alpha": "a"}},
			wantErr:   errBadKnob,
			wantText:  []string{"beta"},
			wantCalls: []string{"alpha=a", "beta=bad"},
		},
		{
			name:   "no knobs, tunable",
			scheme: tunable,
			cfg:    apisig.Config{Params: map[string]string{"region": "r"}},
		},
		{
			name:    "knobs for a non-Tunable signer",
			scheme:  plain,
			cfg:     apisig.Config{Params: map[string]string{"region": "r"}, Knobs: map[string]string{"alpha": "a"}},
			wantErr: apisig.ErrInvalidInput, wantText: []string{"plain", "knobs"},
		},
		{
			name:   "empty knob map for a non-Tunable signer",
			scheme: plain,
			cfg:    apisig.Config{Params: map[string]string{"region": "r"}, Knobs: map[string]string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			built = nil
			sg, err := tt.scheme.Build(tt.cfg)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Build() error = %v; want nil", err)
				}
				if sg == nil {
					t.Fatal("Build() returned a nil Signer and no error")
				}
			} else {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Build() error = %v; want one wrapping %v", err, tt.wantErr)
				}
				if sg != nil {
					t.Errorf("Build() returned a Signer %T with its error", sg)
				}
				for _, w := range tt.wantText {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("Build() error = %q; want it to contain %q", err, w)
					}
				}
			}
			var calls []string
			if built != nil {
				calls = built.calls
			}
			if diff := cmp.Diff(tt.wantCalls, calls); diff != "" {
				t.Errorf("SetKnob calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchemeBuildPassesConfig(t *testing.T) {
	clock := apisig.FixedClock(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	keys := apisig.StaticKeys{"AK": apisig.NewSecret("s")}
	var got apisig.Config
	s := apisig.Scheme{ID: "fake", Params: []apisig.Param{{Name: "region", Default: "us-east-1"}}, New: func(cfg apisig.Config) (apisig.Signer, error) {
		got = cfg
		return plainSigner{}, nil
	}}
	if _, err := s.Build(apisig.Config{Clock: clock, Keys: keys}); err != nil {
		t.Fatal(err)
	}
	if got.Clock == nil || !got.Clock.Now().Equal(clock.Now()) {
		t.Errorf("New got Clock %v; want the configured clock", got.Clock)
	}
	if got.Keys == nil {
		t.Error("New got no Keys")
	}
	if p := got.Param(s, "region"); p != "us-east-1" {
		t.Errorf("cfg.Param(region) = %q; want the default us-east-1", p)
	}
}

// The error for unknown parameters must not depend on map iteration order: the CLI's golden
// tests and users' scripts see it.
func TestSchemeBuildUnknownParamsDeterministic(t *testing.T) {
	s := apisig.Scheme{ID: "fake", Params: []apisig.Param{{Name: "region"}}, New: newPlain}
	cfg := apisig.Config{Params: map[string]string{"zone": "1", "bucket": "2", "account": "3"}}
	seen := map[string]bool{}
	for range 50 {
		_, err := s.Build(cfg)
		if err == nil {
			t.Fatal("Build() with unknown params succeeded")
		}
		seen[err.Error()] = true
	}
	if len(seen) != 1 {
		msgs := make([]string, 0, len(seen))
		for m := range seen {
			msgs = append(msgs, m)
		}
		slices.Sort(msgs)
		t.Errorf("Build() with unknown params %v gave %d different errors over 50 runs; want 1:\n%s",
			[]string{"account", "bucket", "zone"}, len(seen), strings.Join(msgs, "\n"))
	}
}

func TestConfigParam(t *testing.T) {
	s := apisig.Scheme{ID: "fake", Params: []apisig.Param{{Name: "region", Default: "us-east-1"}, {Name: "service"}}}
	tests := []struct {
		name   string
		params map[string]string
		param  string
		want   string
	}{
		{"given", map[string]string{"region": "eu-west-1"}, "region", "eu-west-1"},
		{"given empty overrides default", map[string]string{"region": ""}, "region", ""},
		{"default", nil, "region", "us-east-1"},
		{"no default", nil, "service", ""},
		{"not a param", nil, "zone", ""},
		{"given but not a param", map[string]string{"zone": "z"}, "zone", "z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (apisig.Config{Params: tt.params}).Param(s, tt.param); got != tt.want {
				t.Errorf("Param(%q) = %q; want %q", tt.param, got, tt.want)
			}
		})
	}
}
