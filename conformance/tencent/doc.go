// Package tencent checks apisig's tencent package against tencentcloud-sdk-go's common
// package (v1.3.210), the official Go SDK, used only as a test oracle.
//
// The SDK signs inside Client.Send, so the tests run it in capture mode: a RoundTripper
// records the request the SDK would send and answers a canned 200. For TC3 the signing time is
// fixed with the X-TC-Timestamp header (the SDK merges request headers over its own); for v1
// the Nonce and Timestamp the SDK chose are read back from the captured parameters and given to
// apisig through its NonceSource and Clock.
//
//   - gen_test.go: a deterministic generator (math/rand/v2 PCG, seeded) of SDK requests: random
//     services, actions, versions, regions, languages, endpoints (regional, custom hosts with
//     ports, endpoints with a path), GET and POST, typed parameters with unicode, spaces and
//     URL metacharacters, nested filters, large values (bodies and queries up to ~180 KB),
//     session tokens, unsigned payloads, timestamps near UTC midnight.
//   - tc3_test.go: TestTC3AgainstSDK — over 10,000 generated requests, apisig's Authorization
//     equals the SDK's byte for byte, and apisig's verifier accepts the SDK's request.
//   - v1_test.go: TestV1AgainstSDK — the same for API signature v1 (HmacSHA1 and HmacSHA256,
//     GET and POST), comparing the Signature parameter; common.Sign over apisig's string to
//     sign checks the MAC step directly.
//   - fuzz_test.go: FuzzAgainstSDK, both properties driven by the fuzzer (corpus in testdata/fuzz).
//   - errors_test.go: the SDK's own error parser reads apisig's rendered error bodies;
//     server_test.go: the real SDK client, over HTTP, against apisig.Middleware with
//     tencent.WriteError — signed calls pass, a wrong secret comes back as the SDK error
//     AuthFailure.SignatureFailure.
//   - bench_test.go: side-by-side benchmarks; results in BENCHMARKS.md.
//
// SDK-NOTES.md records, with line references into the SDK, how it signs and where it differs
// from the documentation.
//
// One documented disagreement class: for an endpoint configured with a path
// ("host/some/path"), the SDK sends the path but signs the canonical URI "/"; apisig signs the
// path as sent, and its knob canonical-uri=root reproduces the SDK.
package tencent
