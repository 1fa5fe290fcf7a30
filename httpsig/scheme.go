package httpsig

import (
	"fmt"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// NewScheme describes RFC 9421 for an [apisig.Registry]. Credentials carry the key: the
// access key id is the keyid, the secret a shared secret or a PEM private key. The verifier
// reads keys from the config's key store (secrets are PEM public keys or shared secrets, see
// [StoreKeys]) and claims nonces in its replay store.
func NewScheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "RFC 9421 HTTP Message Signatures (Signature-Input / Signature), HMAC, Ed25519, ECDSA, RSA",
		Params: []apisig.Param{
			{Name: "algorithm", Doc: "rsa-pss-sha512, rsa-v1_5-sha256, hmac-sha256, ecdsa-p256-sha256, ecdsa-p384-sha384 or ed25519; empty: from the key"},
			{Name: "components", Doc: "covered components, space-separated, e.g. \"@method @authority @path @query content-digest\"", Default: strings.Join(DefaultComponents, " ")},
			{Name: "label", Doc: "the signature label", Default: DefaultLabel},
			{Name: "expires", Doc: "signature lifetime as a Go duration (adds expires); empty: none"},
			{Name: "nonce", Doc: "\"true\" adds a nonce from the config's nonce source", Default: "false"},
			{Name: "tag", Doc: "the tag parameter; empty: none"},
			{Name: "max-age", Doc: "verifier: the oldest created accepted, as a Go duration; empty: no limit"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		p := &Profile{Clock: cfg.Clock, Replay: cfg.Replay, Label: cfg.Param(s, "label"), Tag: cfg.Param(s, "tag")}
		if a := cfg.Param(s, "algorithm"); a != "" {
			p.Algorithm = Algorithm(a)
			if !p.Algorithm.valid() {
				return nil, fmt.Errorf("%w: %s: parameter algorithm: %q is not an RFC 9421 algorithm", apisig.ErrInvalidInput, SchemeID, a)
			}
		}
		p.Components = strings.Fields(cfg.Param(s, "components"))
		for _, id := range p.Components {
			if _, err := ParseComponent(id); err != nil {
				return nil, fmt.Errorf("%w: %s: parameter components: %q: %v", apisig.ErrInvalidInput, SchemeID, id, err)
			}
		}
		for _, d := range []struct {
			name string
			to   *time.Duration
		}{{"expires", &p.Expires}, {"max-age", &p.Policy.MaxAge}} {
			if v := cfg.Param(s, d.name); v != "" {
				dur, err := time.ParseDuration(v)
				if err != nil || dur <= 0 {
					return nil, fmt.Errorf("%w: %s: parameter %s: %q is not a positive Go duration", apisig.ErrInvalidInput, SchemeID, d.name, v)
				}
				*d.to = dur
			}
		}
		switch n := cfg.Param(s, "nonce"); n {
		case "true":
			p.Nonce = cfg.Nonce
			if p.Nonce == nil {
				p.Nonce = apisig.RandomNonce
			}
		case "false":
		default:
			return nil, fmt.Errorf("%w: %s: parameter nonce: %q is not true or false", apisig.ErrInvalidInput, SchemeID, n)
		}
		if cfg.Keys != nil {
			p.Keys = StoreKeys{Store: cfg.Keys, Algorithm: p.Algorithm}
		}
		return p, nil
	}
	return s
}
