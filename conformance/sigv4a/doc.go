// Package sigv4a checks apisig's SigV4a (aws/sigv4a) against smithy-go's aws-http-auth/sigv4a,
// AWS's own Go implementation, used as a test oracle only (imported by _test.go files).
//
// ECDSA signatures are randomised, so the two cannot be compared byte for byte. Instead, on
// thousands of generated requests (S3 and other services, header and presigned, awkward paths,
// queries and headers, session tokens): apisig's verifier must accept every smithy-go
// signature, which it can only do if both built the same string to sign and derived the same
// key; and apisig's signature must carry the same credential, signed-header list, date and
// region set as smithy-go's. The benchmarks put the two signers side by side.
package sigv4a
