// Package httpsig implements RFC 9421 HTTP Message Signatures for requests and responses.
//
// It builds the signature base (§2.5) from every derived component (@method, @target-uri,
// @authority, @scheme, @request-target, @path, @query, @query-param, @status; @signature-params
// last) and from fields with the component parameters sf, key, bs, req and tr (§2.1); reads and
// writes Signature-Input and Signature with its own strict RFC 8941 Structured Field parser and
// serialiser (no dependency; fuzzed); signs and verifies with hmac-sha256, ed25519,
// ecdsa-p256-sha256, ecdsa-p384-sha384 (r||s), rsa-pss-sha512 (salt 64) and rsa-v1_5-sha256,
// with the created, expires, nonce, alg, keyid and tag parameters; adds and checks
// Content-Digest (RFC 9530, sha-256 and sha-512). A verifier ([Profile]) finds keys by keyid in
// a key directory ([Keys], [KeyMap], or an [apisig.KeyStore] through [StoreKeys]), enforces a
// [Policy] (required components, maximum age, required parameters, tag, algorithms), and
// claims nonces in an [apisig.ReplayStore].
//
// Published examples reproduced (testdata/vectors, from RFC 9421 Appendix B and the draft
// source in httpwg/http-extensions): the signature bases of B.2.1–B.2.6, B.3 (TLS-terminating
// proxy) and B.4 (transformations); the deterministic signatures byte for byte (B.2.5
// hmac-sha256, B.2.6 and B.4 ed25519, and §4.3's proxy signature in rsa-v1_5-sha256); the
// randomised ones (B.2.1–B.2.3 and §3.1 rsa-pss-sha512, B.2.4, B.3 and §2.4's signed response
// ecdsa-p256-sha256) verified with the published public keys; every component example of §2.1
// and §2.2. The client signature of §2.4/§4.3 verifies only with created=1618884473, not the
// 1618884475 printed (MISTAKES.md R06). The knobs reproduce the catalogued RFC 9421 mistakes
// R01–R05 (../shared/MISTAKES.md).
package httpsig
