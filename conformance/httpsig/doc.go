// Package httpsig checks apisig's RFC 9421 implementation (package httpsig of the root module)
// against http-message-signatures 1.0.6, the most used JavaScript implementation of RFC 9421
// (npm; run by node from oracle/, pinned by oracle/package-lock.json). No RFC 9421 Go
// implementation resolves through the Go module proxy these machines use (yaronf/httpsign,
// remitly-oss/httpsig-go and five others are refused): see NOTES.md.
//
// TestDifferential generates 2,500 requests and responses (responses bound to their request
// with ;req) across hmac-sha256, ed25519, ecdsa-p256-sha256, ecdsa-p384-sha384,
// rsa-pss-sha512 and rsa-v1_5-sha256, covering every derived component, fields with ;sf, ;key, ;bs and ;req,
// repeated, empty and padded fields, Content-Digest, and the created, expires, keyid, alg,
// nonce and tag parameters. For each it checks that the library's signature base for apisig's
// Signature-Input equals apisig's, that each verifies the other's signature, and that both
// write the same Signature-Input and (hmac-sha256, ed25519, rsa-v1_5-sha256) the same
// Signature. Every disagreement must be one of the classes of NOTES.md, recognised from the
// values themselves; anything else fails.
//
// TestHeaderMutations rewrites the Signature-Input or Signature of 1,001 signed messages
// fourteen ways (white space, labels, repeated and extra members, tokens for strings,
// reordered parameters, unpadded or unwrapped byte sequences) and requires both verifiers to
// reach the verdict RFC 8941 and RFC 9421 give.
//
// The test runs `npm ci` in oracle/ when node_modules is missing, and skips when node is not
// installed.
package httpsig
