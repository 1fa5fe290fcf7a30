package webhook

import (
	"crypto/fips140"
	"encoding/base64"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// encoding is how a provider writes the MAC.
type encoding uint8

const (
	encHex encoding = iota
	encBase64
)

// spec is one provider's rules, as data.
type spec struct {
	id, name string
	// sigHeader carries the signature; tsHeader the timestamp (Slack, Standard); idHeader the
	// message id (Standard). Stripe carries its timestamp inside the signature header.
	sigHeader, tsHeader, idHeader string
	sha1                          bool
	enc                           encoding
	// prefix is written before each encoded MAC ("sha256=", "v0=", "v1,").
	prefix string
	// tolerance is the default window; futureOK accepts timestamps ahead of the clock (Stripe).
	tolerance time.Duration
	futureOK  bool
	timed     bool
}

var specs = [...]spec{
	GitHub:     {id: "webhook-github", name: "GitHub", sigHeader: HeaderGitHubSHA256, prefix: "sha256="},
	GitHubSHA1: {id: "webhook-github-sha1", name: "GitHub (legacy SHA-1)", sigHeader: HeaderGitHubSHA1, prefix: "sha1=", sha1: true},
	Stripe:     {id: "webhook-stripe", name: "Stripe", sigHeader: HeaderStripe, prefix: "v1=", tolerance: DefaultStripeTolerance, futureOK: true, timed: true},
	Slack:      {id: "webhook-slack", name: "Slack", sigHeader: HeaderSlackSignature, tsHeader: HeaderSlackTimestamp, prefix: "v0=", tolerance: DefaultTolerance, timed: true},
	Shopify:    {id: "webhook-shopify", name: "Shopify", sigHeader: HeaderShopify, enc: encBase64},
	Standard:   {id: "webhook-standard", name: "Standard Webhooks", sigHeader: HeaderStandardSig, tsHeader: HeaderStandardTime, idHeader: HeaderStandardID, prefix: "v1,", enc: encBase64, tolerance: DefaultTolerance, timed: true},
}

func (p Provider) spec() *spec {
	if p == 0 || int(p) >= len(specs) {
		return nil
	}
	return &specs[p]
}

// checkProvider returns the provider's spec or an error for an unknown provider or, for SHA-1,
// a FIPS-only process.
func (w *Webhook) checkProvider() (*spec, error) {
	s := w.Provider.spec()
	if s == nil {
		return nil, &apisig.RequestError{Scheme: "webhook", Part: "Webhook.Provider", Value: w.Provider.String(),
			Problem: "is not a provider; use GitHub, GitHubSHA1, Stripe, Slack, Shopify or Standard", Kind: apisig.ErrInvalidInput}
	}
	if s.sha1 && fips140.Enforced() {
		return nil, &apisig.RequestError{Scheme: s.id, Part: "algorithm", Value: "HMAC-SHA1",
			Problem: "is not allowed in FIPS 140-only mode; verify X-Hub-Signature-256 instead", Kind: apisig.ErrInvalidInput}
	}
	return s, nil
}

// signedPrefix returns the bytes MACed before the body: "t." (Stripe), "v0:t:" (Slack),
// "id.t." (Standard), nothing (GitHub, Shopify).
func (s *spec) signedPrefix(id, ts string) string {
	switch s.id {
	case specs[Stripe].id:
		return ts + "."
	case specs[Slack].id:
		return "v0:" + ts + ":"
	case specs[Standard].id:
		return id + "." + ts + "."
	}
	return ""
}

// keyedMAC returns the pre-keyed HMAC of a secret: the secret's bytes, except for Standard
// Webhooks, whose key is the base64 after "whsec_" (the reference libraries accept it without
// the prefix too). rawStandard is the knob that uses the whsec_ string itself.
func (s *spec) keyedMAC(secret apisig.Secret, rawStandard bool) (*keyedMAC, error) {
	v := secret.Reveal()
	switch {
	case s.sha1:
		return cachedMAC(modeSHA1, v, func() ([]byte, error) { return []byte(v), nil })
	case s.id != specs[Standard].id || rawStandard:
		return cachedMAC(modeSHA256, v, func() ([]byte, error) { return []byte(v), nil })
	}
	return cachedMAC(modeStandard, v, func() ([]byte, error) {
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(v, StandardSecretPrefix))
		if err != nil {
			return nil, &apisig.RequestError{Scheme: s.id, Part: "signing secret",
				Problem: "is not whsec_ followed by base64 (the Standard Webhooks key is the decoded bytes): " + err.Error(), Kind: apisig.ErrInvalidInput}
		}
		return key, nil
	})
}

// hmacKey returns the key bytes keyedMAC uses, for the trace.
func (s *spec) hmacKey(secret apisig.Secret, rawStandard bool) string {
	v := secret.Reveal()
	if s.id == specs[Standard].id && !rawStandard {
		if key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(v, StandardSecretPrefix)); err == nil {
			return string(key)
		}
	}
	return v
}

// encode writes a MAC as the provider sends it, without the prefix.
func encodeMAC(e encoding, mac []byte) string {
	if e == encBase64 {
		return base64.StdEncoding.EncodeToString(mac)
	}
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(mac))
	for i, b := range mac {
		out[2*i], out[2*i+1] = digits[b>>4], digits[b&15]
	}
	return string(out)
}
