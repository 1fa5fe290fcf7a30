package sigv4a

import (
	"fmt"
	"slices"
	"strings"

	"github.com/apisig/apisig"
)

// notForV4a are the SigV4 knobs that do not apply to SigV4a: its scope has no region, its key
// is derived otherwise, and its session token is always a signed header or query parameter.
var notForV4a = []string{"scope-region", "key-derivation", "session-token"}

// Knobs lists SigV4a's dialect knobs: SigV4's canonical-request knobs, which SigV4a shares.
func (s *SigV4a) Knobs() []apisig.Knob {
	var out []apisig.Knob
	for _, k := range s.v4().Knobs() {
		if !slices.Contains(notForV4a, k.Name) {
			out = append(out, k)
		}
	}
	return out
}

// SetKnob sets one dialect knob by name. Unknown knobs and values are errors wrapping
// [apisig.ErrInvalidInput] that list what is allowed.
func (s *SigV4a) SetKnob(name, value string) error {
	if slices.Contains(notForV4a, name) {
		return fmt.Errorf("%w: knob %s does not apply to %s", apisig.ErrInvalidInput, name, SchemeID)
	}
	v := s.v4()
	if err := v.SetKnob(name, value); err != nil {
		if !slices.ContainsFunc(s.Knobs(), func(k apisig.Knob) bool { return k.Name == name }) {
			names := make([]string, 0, 16)
			for _, k := range s.Knobs() {
				names = append(names, k.Name)
			}
			return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, SchemeID, strings.Join(names, ", "))
		}
		return err
	}
	s.Dialect, s.Payload = v.Dialect, v.Payload
	return nil
}
