package webhook

import (
	"fmt"
	"time"

	"github.com/apisig/apisig"
)

// Scheme describes provider p's webhook signature for an [apisig.Registry]. Its parameters are
// the tolerance and the key id under which the verifier looks the secrets up in the config's
// key store; the signer it builds also verifies and takes knobs. The config's Nonce makes
// Standard Webhooks message ids, its Replay remembers accepted deliveries.
func Scheme(p Provider) apisig.Scheme {
	sp := p.spec()
	if sp == nil {
		panic("webhook: Scheme of an unknown provider")
	}
	s := apisig.Scheme{
		ID:      sp.id,
		Summary: sp.name + " webhook signature (" + sp.sigHeader + ")",
		Params: []apisig.Param{
			{Name: "tolerance", Doc: "how far the delivery's timestamp may be from the clock, as a Go duration (300s, 5m); -1s disables the check; empty: the provider's default"},
			{Name: "key-id", Doc: "the key store id of the endpoint's secrets", Default: sp.id},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		w := &Webhook{Provider: p, Keys: cfg.Keys, KeyID: cfg.Param(s, "key-id"), Clock: cfg.Clock, IDs: cfg.Nonce, Replay: cfg.Replay}
		if t := cfg.Param(s, "tolerance"); t != "" {
			d, err := time.ParseDuration(t)
			if err != nil || d == 0 {
				return nil, fmt.Errorf("%w: %s: parameter tolerance: %q is not a non-zero Go duration (300s, 5m, -1s)", apisig.ErrInvalidInput, sp.id, t)
			}
			w.Tolerance = d
		}
		return w, nil
	}
	return s
}
