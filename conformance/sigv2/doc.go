// Package sigv2 checks apisig's S3 SigV2 (aws/sigv2) against minio-go's pkg/signer SignV2 and
// PreSignV2, used as test oracles only (imported by _test.go files).
//
// SigV2 is deterministic, so on generated requests (awkward keys, sub-resources and ordinary
// query parameters, x-amz-* headers, Content-Type and Content-MD5) the Authorization header and
// the presigned Signature must be equal byte for byte; where minio-go departs from the S3
// guide (it signs header values untrimmed, and any header starting "x-amz", x-amzn-* included),
// the case must fall in that documented class and apisig's knob or request fix must reproduce
// minio-go. minio-go reads the clock itself, so it runs inside a testing/synctest bubble whose
// fake clock is moved to the case's time.
package sigv2
