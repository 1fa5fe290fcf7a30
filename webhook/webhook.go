package webhook

import (
	"context"
	"time"

	"github.com/apisig/apisig"
)

// Provider selects a webhook preset. The zero value is not a provider: signing or verifying
// with it is an error wrapping [apisig.ErrInvalidInput].
type Provider uint8

// The providers.
const (
	// GitHub signs X-Hub-Signature-256 (sha256=<hex>).
	GitHub Provider = iota + 1
	// GitHubSHA1 signs the legacy X-Hub-Signature (sha1=<hex>), which GitHub still sends.
	GitHubSHA1
	// Stripe signs Stripe-Signature (t=<unix>,v1=<hex>).
	Stripe
	// Slack signs X-Slack-Signature (v0=<hex>) with X-Slack-Request-Timestamp.
	Slack
	// Shopify signs X-Shopify-Hmac-Sha256 (<base64>).
	Shopify
	// Standard is Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64>).
	Standard
)

// Header names, as the providers spell them.
const (
	HeaderGitHubSHA256   = "X-Hub-Signature-256"
	HeaderGitHubSHA1     = "X-Hub-Signature"
	HeaderStripe         = "Stripe-Signature"
	HeaderSlackSignature = "X-Slack-Signature"
	HeaderSlackTimestamp = "X-Slack-Request-Timestamp"
	HeaderShopify        = "X-Shopify-Hmac-Sha256"
	HeaderStandardID     = "Webhook-Id"
	HeaderStandardTime   = "Webhook-Timestamp"
	HeaderStandardSig    = "Webhook-Signature"
)

// Secrets and windows.
const (
	// StandardSecretPrefix starts Standard Webhooks (and Stripe) endpoint secrets.
	StandardSecretPrefix = "whsec_"
	// DefaultStripeTolerance is the Stripe SDKs' default: a delivery may be 300 s old.
	DefaultStripeTolerance = 300 * time.Second
	// DefaultTolerance is Slack's and Standard Webhooks' window: five minutes either way.
	DefaultTolerance = 5 * time.Minute
)

// String returns the provider's registry id ("webhook-github", ...), or "webhook-unknown".
func (p Provider) String() string {
	if s := p.spec(); s != nil {
		return s.id
	}
	return "webhook-unknown"
}

// Providers lists every provider, in a stable order.
func Providers() []Provider { return []Provider{GitHub, GitHubSHA1, Stripe, Slack, Shopify, Standard} }

// Webhook signs and verifies deliveries of one provider.
//
// The zero value is not usable: set Provider. A Webhook is safe for concurrent use once
// configured.
type Webhook struct {
	// Provider selects the preset.
	Provider Provider
	// Secrets are the endpoint's signing secrets, newest first; Verify accepts a signature made
	// with any of them. Sign uses the credentials' secret, or Secrets[0] when that is empty.
	Secrets []apisig.Secret
	// Keys, when Secrets is empty, looks the secrets up under KeyID (empty: the provider's
	// scheme id, e.g. "webhook-stripe").
	Keys  apisig.KeyStore
	KeyID string
	// Tolerance is how far the delivery's timestamp may be from the clock (Stripe: how old it
	// may be; Stripe's SDKs accept future timestamps). Zero means the provider's default (300 s
	// for Stripe, 5 minutes for Slack and Standard Webhooks); negative disables the check.
	// GitHub and Shopify deliveries carry no timestamp. A timestamp in milliseconds (more than
	// eleven digits) is rejected whatever the provider.
	Tolerance time.Duration
	// Clock tells the signing and verification time; nil means the wall clock.
	Clock apisig.Clock
	// IDs makes Standard Webhooks message ids when the request has no webhook-id header; nil
	// means "msg_" + [apisig.RandomNonce].
	IDs apisig.NonceSource
	// Replay, when set, remembers accepted deliveries (Standard Webhooks by webhook-id, the
	// others by signature) until their timestamp leaves the tolerance window, and rejects a
	// second delivery with [apisig.ErrReplayed]. Deliveries without a timestamp are remembered
	// for 24 hours.
	Replay apisig.ReplayStore
	// SignAll makes Sign sign with every secret of Secrets (after the credentials' secret, if
	// any) and send every signature, as Stripe (several v1=) and Standard Webhooks (several
	// v1,) do during a secret rotation. Other providers carry one signature: an error.
	SignAll bool
	// NoDiagnosis skips the search for the reason of a mismatch (re-serialised bodies), which
	// costs about a dozen extra HMACs of the body per failed delivery.
	NoDiagnosis bool
	// Dialect reproduces sender mistakes; its zero value is the provider's scheme.
	Dialect Dialect
}

// New returns a Webhook for p that verifies with secrets (newest first).
func New(p Provider, secrets ...string) *Webhook {
	w := &Webhook{Provider: p}
	for _, s := range secrets {
		w.Secrets = append(w.Secrets, apisig.NewSecret(s))
	}
	return w
}

func (w *Webhook) tolerance() time.Duration {
	if w.Tolerance != 0 {
		return w.Tolerance
	}
	if s := w.Provider.spec(); s != nil {
		return s.tolerance
	}
	return 0
}

func (w *Webhook) keyID() string {
	if w.KeyID != "" {
		return w.KeyID
	}
	return w.Provider.String()
}

// secrets returns the secrets to verify with.
func (w *Webhook) secrets(ctx context.Context) ([]apisig.Secret, error) {
	if len(w.Secrets) > 0 {
		return w.Secrets, nil
	}
	if w.Keys == nil {
		return nil, &apisig.RequestError{Scheme: w.Provider.String(), Part: "webhook secrets", Problem: "none configured: set Webhook.Secrets or Webhook.Keys", Kind: apisig.ErrInvalidInput}
	}
	return w.Keys.Secrets(ctx, w.keyID())
}

// Interface guards.
var (
	_ apisig.Signer   = (*Webhook)(nil)
	_ apisig.Verifier = (*Webhook)(nil)
	_ apisig.Tunable  = (*Webhook)(nil)
)
