// Package webhook signs and verifies webhook deliveries of five providers with one verifier and
// a preset per provider:
//
//   - GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>, and the legacy
//     X-Hub-Signature: sha1=<hex HMAC-SHA1> (docs.github.com, "Validating webhook deliveries").
//   - Stripe: Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>, with
//     several v1 entries during a secret rotation and a tolerance on t (stripe.com/docs/webhooks,
//     "Verify manually"). The whole whsec_ string is the HMAC key.
//   - Slack: X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + ts + ":" + body)> with
//     X-Slack-Request-Timestamp (api.slack.com, "Verifying requests from Slack").
//   - Shopify: X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(secret, body)>.
//   - Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature: space-separated
//     v1,<base64 HMAC-SHA256(key, id + "." + ts + "." + body)> entries, where key is the base64
//     after the whsec_ prefix (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md).
//
// Verification is over the raw body bytes, accepts any of several secrets (rotation), checks
// the provider's tolerance window against an injected [apisig.Clock], and compares MACs with
// [hmac.Equal]. A delivery that does not verify yields an error wrapping the apisig sentinel
// ([apisig.ErrMismatch], [apisig.ErrSkewed], [apisig.ErrNotSigned], [apisig.ErrMalformed]) and,
// through [*Failure], the reasons found: a body that was re-serialised (the signature matches the
// body with other whitespace, key order, unicode escapes or trailing newline), a secret of the
// wrong type (Stripe sk_/pk_/rk_ where whsec_ is due), another provider's header, a timestamp
// outside the tolerance (or sent in milliseconds). [CompareBodies] names what changed between
// the raw body and the bytes some code hashed instead.
//
// Published examples reproduced (testdata/vectors): GitHub's "Hello, World!" example
// (X-Hub-Signature-256), octokit/webhooks-methods' sha1 and sha256 examples, Slack's
// walk-through example, stripe-dotnet's EventUtilityTest fixture (t=1533204620), Standard
// Webhooks' reference Go library TestWebhookSign, and a Shopify-format example from SQLPage's
// tests (hex and base64 of the same MAC).
package webhook
