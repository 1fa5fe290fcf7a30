// Conformance tests of apisig against the official SDKs. Every requirement below except
// apisig itself is a test oracle, imported only by _test.go files of this module; none of them
// may appear in apisig's own go.mod (see doc.go).
module github.com/apisig/apisig/conformance

go 1.26.0

replace github.com/apisig/apisig => ../

require (
	github.com/apisig/apisig v0.0.0-00010101000000-000000000000
	github.com/aws/aws-sdk-go-v2 v1.47.7
	github.com/aws/smithy-go v1.28.8
	github.com/aws/smithy-go/aws-http-auth v1.1.3
	github.com/google/go-cmp v0.7.0
	github.com/minio/minio-go/v7 v7.4.1
	golang.org/x/net v0.60.0
)

require (
	github.com/klauspost/cpuid/v2 v2.4.0 // indirect
	github.com/minio/md5-simd v1.1.2 // indirect
	golang.org/x/sys v0.48.0 // indirect
	golang.org/x/text v0.42.0 // indirect
)
