// Package webhook checks apisig's webhook presets against the providers' own Go libraries, on
// 10,000 generated deliveries per provider (bodies with raw and escaped unicode, every kind of
// whitespace, CRLF, bytes that are not UTF-8; one to three secrets for rotation; timestamps
// inside, at and beyond the tolerance window in both directions; tampered bodies, secrets and
// signatures):
//
//   - Stripe: github.com/stripe/stripe-go/v85/webhook (GenerateTestSignedPayload signs,
//     ValidatePayloadWithTolerance verifies; ConstructEvent decodes 2,000 more signed events).
//     Stripe-Signature headers are byte-identical.
//   - Standard Webhooks: the reference library github.com/standard-webhooks/standard-webhooks/
//     libraries/go (Webhook.Sign, Webhook.Verify). webhook-signature values are byte-identical.
//   - GitHub: github.com/google/go-github/v84/github (ValidatePayload, ValidateSignature), which
//     verifies only: it accepts every X-Hub-Signature-256 and X-Hub-Signature apisig writes.
//   - Slack: github.com/slack-go/slack v0.35 (NewSecretsVerifier; Slack publishes no Go SDK),
//     which verifies only.
//
// In every case both verifiers reach the same verdict (accepted, outside the tolerance,
// signature mismatch). The oracles read the wall clock; the tests run them inside a
// testing/synctest bubble whose clock is set to the verification time, and give apisig the
// same time through apisig.FixedClock. Shopify publishes no Go library: not covered here.
//
// Files: gen_test.go generates deliveries (math/rand/v2, seeded PCG); webhook_test.go is the
// differential test; event_test.go drives ConstructEvent; mutate_test.go compares verdicts on
// 5,000 rewritten Stripe-Signature and webhook-signature headers each; edge_test.go pins the
// documented disagreements on hand-made headers; bench_test.go is the side-by-side benchmarks
// (numbers and the disagreements in BENCHMARKS.md).
package webhook
