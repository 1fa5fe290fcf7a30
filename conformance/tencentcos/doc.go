// Package tencentcos checks apisig's COS signer (package tencent/cos) against the official
// cos-go-sdk-v5 (v0.7.70, pinned in this module's go.mod), which is a test oracle only: it is
// imported by the _test.go files here and nowhere else.
//
//   - gen_test.go: a deterministic random generator (math/rand/v2, PCG, seeded) of COS
//     requests, awkward ones included: object keys with unicode, spaces, + % ~ * / ! ' ( ) ;
//     and repeated slashes; query keys in mixed case (COS lower-cases them, so "A" and "a"
//     merge), repeated, empty and valueless, values with the same bytes, written with '+' or
//     %20 and either hex case; signed and unsigned headers, several values, names in
//     non-canonical case; session tokens; any sign time and expiry.
//   - cos_test.go: TestAgainstSDK signs 12,000 generated requests with apisig and with the
//     SDK's AddAuthorizationHeader (direct: it takes the AuthTime), and requires the two
//     Authorization values to be byte-identical; TestPresignAgainstSDK does the same for
//     presigned URLs against ObjectService.GetPresignedURL, and GetPresignedURL2 for session
//     tokens (with PresignedURLOptions.AuthTime).
//     TestDefaultHeaderSet compares apisig's DefaultSignedHeaders with the SDK's
//     NeedSignHeaders.
//     TestVerifySDKSigned checks that apisig's verifier accepts what the SDK signs.
//     TestKnownDifferences pins, each on one request, the four places where apisig and the SDK
//     disagree on purpose (SDK-NOTES.md).
//   - bench_test.go: side-by-side benchmarks; results in BENCHMARKS.md.
//
// The SDK's header set, NeedSignHeaders, is a process-global map: nothing here changes it.
package tencentcos
