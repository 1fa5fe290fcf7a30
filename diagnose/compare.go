package diagnose

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/apisig/apisig"
)

// Divergence is the first stage at which two requests' computations differ.
type Divergence struct {
	// Step is the name of the first step whose values differ; empty when every step is equal.
	Step string `json:"step,omitempty"`
	// Line and Column locate the first difference inside the step (from 1).
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Yours  string `json:"yours,omitempty"`
	Good   string `json:"good,omitempty"`
}

// Compare computes the verifier's steps for two requests of the same operation (the user's
// and a known-good one, e.g. captured from the official CLI) and returns the first step at
// which they differ. No secret is needed: both are computed with a placeholder key, whose
// steps are redacted and ignored.
func Compare(ctx context.Context, s apisig.Scheme, params map[string]string, yours, good *http.Request) (*Divergence, error) {
	ta, err := traceOf(ctx, s, params, yours)
	if err != nil {
		return nil, fmt.Errorf("your request: %w", err)
	}
	tb, err := traceOf(ctx, s, params, good)
	if err != nil {
		return nil, fmt.Errorf("the good request: %w", err)
	}
	for _, a := range ta.Steps {
		if a.Kind == apisig.StepKey || a.Kind == apisig.StepSignature || a.Kind == apisig.StepPlacement {
			continue
		}
		b, ok := stepNamed(tb, a.Name)
		if !ok {
			return &Divergence{Step: a.Name, Yours: a.Value, Good: "(no such step)"}, nil
		}
		if a.Value != b.Value {
			line, col, x, y := firstDifference(a.Value, b.Value)
			return &Divergence{Step: a.Name, Line: line, Column: col, Yours: x, Good: y}, nil
		}
	}
	return &Divergence{}, nil
}

func stepNamed(tr *apisig.Trace, name string) (apisig.Step, bool) {
	for _, s := range tr.Steps {
		if s.Name == name {
			return s, true
		}
	}
	return apisig.Step{}, false
}

// placeholder is the key traces are computed with: the steps that do not depend on the key are
// the ones compared.
var placeholder = apisig.NewSecret("apisig-compare-placeholder-key")

// traceOf returns the verifier's trace for a request, forcing a mismatch with the placeholder
// key and a clock at the request's own time.
func traceOf(ctx context.Context, s apisig.Scheme, params map[string]string, r *http.Request) (*apisig.Trace, error) {
	c := Case{Request: r, Scheme: s, Params: params, Secret: placeholder}
	err := c.verify(ctx, nil, nil, placeholder)
	var re *apisig.RequestError
	if (errors.Is(err, apisig.ErrSkewed) || errors.Is(err, apisig.ErrExpired)) && errors.As(err, &re) && !re.SignedAt.IsZero() {
		err = c.verify(ctx, apisig.FixedClock(re.SignedAt), nil, placeholder)
	}
	var me *apisig.MismatchError
	if errors.As(err, &me) && me.Trace != nil {
		return me.Trace, nil
	}
	if err == nil {
		return nil, errors.New("it verifies with a placeholder key, so its steps cannot be shown")
	}
	return nil, err
}
