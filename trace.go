package apisig

import (
	"encoding/json"
	"fmt"
	"strings"
)

// StepKind says which stage of the signing pipeline a [Step] records.
type StepKind int

// The stages, in pipeline order.
const (
	StepInput            StepKind = iota + 1 // a value read from the request or the configuration
	StepCanonicalRequest                     // the canonical request (or its parts)
	StepStringToSign                         // the exact bytes that are MACed
	StepKey                                  // a step of the key derivation; its value is a Secret
	StepSignature                            // the MAC, encoded as the scheme sends it
	StepPlacement                            // where the signature goes: a header or query value
)

var stepKindNames = [...]string{
	StepInput:            "input",
	StepCanonicalRequest: "canonical-request",
	StepStringToSign:     "string-to-sign",
	StepKey:              "key",
	StepSignature:        "signature",
	StepPlacement:        "placement",
}

// String returns the kind's stable name, as used in JSON.
func (k StepKind) String() string {
	if k > 0 && int(k) < len(stepKindNames) {
		return stepKindNames[k]
	}
	return "unknown"
}

// MarshalText encodes the kind's name.
func (k StepKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a kind's name, so a trace's JSON can be read back (secrets stay
// redacted: they were never written).
func (k *StepKind) UnmarshalText(b []byte) error {
	for i, name := range stepKindNames {
		if name != "" && name == string(b) {
			*k = StepKind(i)
			return nil
		}
	}
	return fmt.Errorf("apisig: unknown step kind %q", b)
}

// Step is one recorded stage of a signature computation.
type Step struct {
	Kind StepKind `json:"kind"`
	// Name says what the value is, e.g. "canonical query string" or "kDate = HMAC(\"AWS4\"+secret, date)".
	Name string `json:"name"`
	// Value is the stage's output, exactly as used (no trailing newline added). Empty for a
	// key step; for a step whose text contains secret material, the text with that material
	// replaced by [Redacted].
	Value string `json:"value,omitempty"`
	// Secret holds the output of a key step, or the full text of a redacted step: it prints
	// redacted. See [Step.Reveal].
	Secret Secret `json:"secret,omitzero"`
}

// Trace is the ordered record of every stage of one signature computation. Derived keys are
// held as [Secret], so a trace may be printed or sent to a client as it is.
type Trace struct {
	// Scheme is the id of the scheme that produced the trace.
	Scheme string `json:"scheme"`
	Steps  []Step `json:"steps"`
}

// Add appends a public step. It does nothing on a nil trace, so code paths can record
// unconditionally and pay nothing when no trace was asked for.
func (t *Trace) Add(kind StepKind, name, value string) {
	if t == nil {
		return
	}
	t.Steps = append(t.Steps, Step{Kind: kind, Name: name, Value: value})
}

// AddSecret appends a step whose value is key material.
func (t *Trace) AddSecret(kind StepKind, name string, value Secret) {
	if t == nil {
		return
	}
	t.Steps = append(t.Steps, Step{Kind: kind, Name: name, Secret: value})
}

// AddRedacted appends a public step whose full text contains secret material (a session token
// inside a canonical request): Value holds the text with the material replaced by [Redacted],
// Secret the full text.
func (t *Trace) AddRedacted(kind StepKind, name, redacted string, full Secret) {
	if t == nil {
		return
	}
	t.Steps = append(t.Steps, Step{Kind: kind, Name: name, Value: redacted, Secret: full})
}

// Reveal returns the step's full value: its Secret when it has one, else its Value. Call it
// only where the user explicitly asked to see secrets, or to compare exact bytes in tests.
func (s Step) Reveal() string {
	if !s.Secret.IsZero() {
		return s.Secret.Reveal()
	}
	return s.Value
}

// Step returns the first step of the kind, and whether there is one.
func (t *Trace) Step(kind StepKind) (Step, bool) {
	if t == nil {
		return Step{}, false
	}
	for _, s := range t.Steps {
		if s.Kind == kind {
			return s, true
		}
	}
	return Step{}, false
}

// Find returns the value of the first step of the kind, and whether there is one.
func (t *Trace) Find(kind StepKind) (string, bool) {
	if t == nil {
		return "", false
	}
	for _, s := range t.Steps {
		if s.Kind == kind {
			return s.Value, true
		}
	}
	return "", false
}

// Lookup returns the value of the step with the name, and whether there is one.
func (t *Trace) Lookup(name string) (string, bool) {
	if t == nil {
		return "", false
	}
	for _, s := range t.Steps {
		if s.Name == name {
			return s.Value, true
		}
	}
	return "", false
}

// String renders the trace as text, each stage under a banner, secrets redacted.
func (t *Trace) String() string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("scheme: ")
	b.WriteString(t.Scheme)
	b.WriteByte('\n')
	for _, s := range t.Steps {
		b.WriteString("---[ ")
		b.WriteString(s.Name)
		b.WriteString(" ]---\n")
		if s.Value == "" {
			b.WriteString(s.Secret.String())
		} else {
			b.WriteString(s.Value)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// MarshalJSON encodes the trace with secrets redacted.
func (t *Trace) MarshalJSON() ([]byte, error) {
	type plain Trace
	return json.Marshal((*plain)(t))
}
