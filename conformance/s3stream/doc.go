// Package s3stream checks apisig's aws-chunked signer and S3 POST-policy signer against
// minio-go's (pkg/signer StreamingSignV4 and PostPresignSignatureV4), byte for byte, and
// benchmarks the streaming signer side by side with minio-go and with the floor, raw
// crypto/sha256 over the same bytes. Results are recorded in BENCHMARKS.md.
//
// minio-go is a test oracle only: it is imported by this package's _test.go files, in the
// conformance module, never by apisig.
package s3stream
