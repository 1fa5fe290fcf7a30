package diagnose

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// candidate is one knob setting to try.
type candidate struct {
	knob  apisig.Knob
	value string
}

// candidates lists every wrong value of every knob of the scheme, plus values for free-form
// knobs that the context suggests (the region the server expects, the host's region).
func (c Case) candidates(server *ServerTrace) ([]candidate, error) {
	params := maps.Clone(c.Params)
	if params == nil {
		params = map[string]string{}
	}
	for _, p := range c.Scheme.Params {
		if p.Required && params[p.Name] == "" {
			params[p.Name] = "example"
		}
	}
	sg, err := c.Scheme.Build(apisig.Config{Params: params})
	if err != nil {
		return nil, err
	}
	t, ok := sg.(apisig.Tunable)
	if !ok {
		return nil, nil
	}
	var out []candidate
	for _, k := range t.Knobs() {
		if len(k.Values) > 1 {
			for _, v := range k.Values[1:] {
				out = append(out, candidate{k, v})
			}
			continue
		}
		if strings.Contains(k.Name, "region") && server != nil && server.ExpectedRegion != "" {
			out = append(out, candidate{k, server.ExpectedRegion})
		}
	}
	return out, nil
}

// searchKnobs recomputes the verification with each candidate, then each pair of candidates
// of different knobs, and records every setting under which the request verifies: the
// mistake's signature is then exactly the one sent. Singles are reported before pairs; the
// search stops after the first level that matches.
func (c Case) searchKnobs(ctx context.Context, clock apisig.Clock, rep *Report) (bool, int, error) {
	cands, err := c.candidates(rep.Server)
	if err != nil || len(cands) == 0 {
		return false, 0, err
	}
	tried := 0
	var matches [][]candidate
	for _, cd := range cands {
		tried++
		if c.verify(ctx, clock, map[string]string{cd.knob.Name: cd.value}, c.Secret) == nil {
			matches = append(matches, []candidate{cd})
		}
	}
	if len(matches) == 0 {
		pairs := 0
	outer:
		for i, a := range cands {
			for _, b := range cands[i+1:] {
				if a.knob.Name == b.knob.Name {
					continue
				}
				if c.MaxPairs > 0 && pairs >= c.MaxPairs {
					break outer
				}
				pairs++
				tried++
				if err := ctx.Err(); err != nil {
					return false, tried, err
				}
				if c.verify(ctx, clock, map[string]string{a.knob.Name: a.value, b.knob.Name: b.value}, c.Secret) == nil {
					matches = append(matches, []candidate{a, b})
				}
			}
		}
	}
	for _, m := range matches {
		rep.Findings = append(rep.Findings, knobFinding(m, rep.Provided, len(matches)))
	}
	return len(matches) > 0, tried, nil
}

// knobFinding describes a setting that reproduces the signature sent.
func knobFinding(m []candidate, provided string, alternatives int) Finding {
	f := Finding{Method: "knob-search", Knobs: map[string]string{}}
	var causes, fixes []string
	for _, cd := range m {
		f.Knobs[cd.knob.Name] = cd.value
		for _, id := range cd.knob.Mistakes {
			if !slices.Contains(f.Mistakes, id) {
				f.Mistakes = append(f.Mistakes, id)
			}
		}
		causes = append(causes, fmt.Sprintf("%s = %s", cd.knob.Name, cd.value))
		correct := "the correct value"
		if len(cd.knob.Values) > 0 {
			correct = cd.knob.Values[0]
		}
		fix := fmt.Sprintf("%s must be %s", cd.knob.Name, correct)
		if cd.knob.Doc != "" {
			fix += " (" + cd.knob.Doc + ")"
		}
		fixes = append(fixes, fix)
	}
	f.Cause = "the request was signed with " + strings.Join(causes, " and ")
	f.Fix = strings.Join(fixes, "; ")
	f.Evidence = fmt.Sprintf("with %s, the signature is exactly the one sent", strings.Join(causes, " and "))
	if provided != "" {
		f.Evidence += ": " + provided
	}
	if alternatives > 1 {
		f.Evidence += fmt.Sprintf(" (%d settings give it for this request: the request does not tell them apart)", alternatives)
	}
	return f
}

// secretVariants tries the secret as people mangle it: with the whitespace of a file or an
// environment variable, trimmed, or cut at the first space.
func (c Case) secretVariants(ctx context.Context, clock apisig.Clock) []Finding {
	s := c.Secret.Reveal()
	variants := []struct{ value, cause string }{
		{s + "\n", "the secret used to sign ended in a newline (read from a file or a heredoc)"},
		{s + "\r\n", "the secret used to sign ended in CR LF (a file written on Windows)"},
		{strings.TrimSpace(s), "the secret you gave has surrounding whitespace that the signer did not have"},
		{" " + s, "the secret used to sign began with a space"},
		{s + " ", "the secret used to sign ended with a space"},
	}
	var out []Finding
	for _, v := range variants {
		if v.value == s {
			continue
		}
		if c.verify(ctx, clock, nil, apisig.NewSecret(v.value)) == nil {
			out = append(out, Finding{Method: "secret", Mistakes: []string{"A31", "E03"}, Cause: v.cause,
				Fix:      "strip whitespace from the secret where it is read (environment variable, file, config)",
				Evidence: "with that secret, the signature is exactly the one sent"})
		}
	}
	return out
}
