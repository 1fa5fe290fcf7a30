package oauth1

import (
	"fmt"
	"slices"

	"github.com/apisig/apisig"
)

// Scheme describes OAuth 1.0a for an [apisig.Registry]. The credentials' AccessKeyID is the
// consumer key, Secret the consumer secret (or, for RSA-SHA1, the PEM private key) and
// SessionToken the token secret; the token is the "token" parameter. The config's key store
// holds, for verification, consumer secrets by consumer key and token secrets by token.
func Scheme() apisig.Scheme {
	s := apisig.Scheme{
		ID:      SchemeID,
		Summary: "OAuth 1.0a (RFC 5849): HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT; Authorization header, query or form body",
		Params: []apisig.Param{
			{Name: "method", Doc: "signature method: HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT", Default: "HMAC-SHA1"},
			{Name: "placement", Doc: "where the oauth_ parameters go: header, query, form", Default: "header"},
			{Name: "token", Doc: "oauth_token (its secret is the session token); empty for a temporary-credentials request"},
			{Name: "realm", Doc: "realm of the Authorization header (never signed)"},
			{Name: "callback", Doc: "oauth_callback, for a temporary-credentials request"},
			{Name: "verifier", Doc: "oauth_verifier, for a token request"},
			{Name: "version", Doc: "oauth_version: 1.0, or omit to leave it out", Default: "1.0"},
		},
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		m, err := ParseMethod(cfg.Param(s, "method"))
		if err != nil {
			return nil, err
		}
		pl := cfg.Param(s, "placement")
		i := slices.Index(placementNames[:], pl)
		if i < 0 {
			return nil, fmt.Errorf("%w: %s: parameter placement: %q is not one of [header, form, query]", apisig.ErrInvalidInput, SchemeID, pl)
		}
		sg := &Signer{
			Method:       m,
			Placement:    Placement(i),
			Token:        cfg.Param(s, "token"),
			Realm:        cfg.Param(s, "realm"),
			Callback:     cfg.Param(s, "callback"),
			Verifier:     cfg.Param(s, "verifier"),
			Clock:        cfg.Clock,
			Nonce:        cfg.Nonce,
			Keys:         cfg.Keys,
			TokenSecrets: cfg.Keys,
			Replay:       cfg.Replay,
		}
		switch v := cfg.Param(s, "version"); v {
		case "1.0":
		case "omit":
			sg.OmitVersion = true
		default:
			return nil, fmt.Errorf("%w: %s: parameter version: %q is not one of [1.0, omit]", apisig.ErrInvalidInput, SchemeID, v)
		}
		return sg, nil
	}
	return s
}
