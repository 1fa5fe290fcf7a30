// Package apisig signs, verifies and explains HTTP API request signatures.
//
// Cloud and web APIs authenticate each request with a MAC over a canonical form of the request:
// AWS Signature V4, Alibaba Cloud, Tencent Cloud, OAuth 1.0a, webhook HMACs and others. This
// package holds the contracts every scheme implements; the schemes themselves live in one package
// per provider family ([github.com/apisig/apisig/aws], ...), and the shared canonicalisation rules
// in [github.com/apisig/apisig/canon].
//
// # The pipeline
//
// Every scheme turns a request into a signature through the same named stages:
//
//	request → canonical request → string to sign → signing key → MAC → encoding → placement
//
// A [Signer] runs them on an outgoing request and places the result; its Explain method runs the
// very same code and also records each stage's output in a [Trace]. A [Verifier] runs them on an
// incoming request, with the secret looked up by access key id in a [KeyStore], and compares the
// result in constant time. A signature that does not match is a result, not a crash: the
// returned [*MismatchError] carries the verifier's own trace, which is exactly what the client
// needs to see.
//
// # Clients and servers
//
// [Transport] is an [net/http.RoundTripper] that signs every request it sends. [Middleware]
// wraps an [net/http.Handler] and lets through only requests whose signature verifies.
//
// # Dialect knobs
//
// Each scheme lists, as [Knob] values, the places where real implementations diverge from the
// specification (percent-encoding case, '+' for a space, sort order, a path encoded twice, ...).
// The correct value is always the default; setting a knob to a wrong value makes the same signer
// compute the signature a buggy client would. This is how apisig's diagnosis names a mistake.
//
// # Secrets
//
// Secrets are held in [Secret], whose String, Format and MarshalJSON methods print a redaction
// marker. Traces keep derived keys as [Secret] too, so a trace can be printed, logged or sent
// back to a client without leaking key material.
package apisig
