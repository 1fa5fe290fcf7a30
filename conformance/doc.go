// Package conformance checks apisig against the official SDKs of the providers it signs for.
//
// It is a separate Go module (conformance/go.mod, with a replace directive pointing at the
// apisig module in the parent directory) for one reason: the SDKs are test oracles only. They
// are imported by the _test.go files of this module and nowhere else, so aws-sdk-go-v2,
// smithy-go aws-http-auth, minio-go and their transitive dependencies never appear in apisig's
// own go.mod, and no SDK code is ever linked into, or copied into, a program that uses apisig.
// CI runs `go test ./...` at the repository root and again in this directory.
//
// What is here:
//
//   - gen_test.go: a deterministic random request generator (math/rand/v2, PCG, seeded) of
//     neutral request descriptions (Case): ordinary requests and hostile ones (unicode, spaces,
//     +*~% and dot segments in paths, repeated, empty and valueless query keys, folded and
//     padded header values, multi-value headers, S3 and other services, header and presign
//     mode, session tokens, bodies and X-Amz-Content-Sha256 / UNSIGNED-PAYLOAD).
//   - awssdk_test.go: adapters that sign a Case with aws-sdk-go-v2 aws/signer/v4, smithy-go
//     aws-http-auth/sigv4 and minio-go pkg/signer, returning the Authorization header or the
//     presigned URL; apisig_test.go does the same with apisig's aws.SigV4.
//   - classes_test.go: the documented disagreement classes, each with a predicate and a fix
//     (a dialect knob where apisig has one); examples_test.go proves each on a minimal
//     example; rules_test.go checks the models of the SDKs' header rules against the SDKs.
//   - aws_test.go: TestSigV4AgainstSDKs, the differential test: apisig must equal each SDK byte
//     for byte, and where it does not, the case must fall in a documented class whose fix makes
//     apisig reproduce the SDK. fuzz_test.go: FuzzSigV4AgainstSDK, the same property driven by
//     the fuzzer (seed corpus in testdata/fuzz/).
//   - bench_test.go: side-by-side benchmarks of apisig, the SDK signers and the crypto floor;
//     results in BENCHMARKS.md.
//
// SDK-NOTES.md records, with file:line references into the SDK sources, exactly how each SDK
// canonicalises a request, and the table of disagreement classes with counts.
package conformance
