// Package alibabaconf checks apisig's Alibaba Cloud API signers (package
// github.com/apisig/apisig/alibaba) against the official SDKs, byte for byte, over generated
// requests with awkward characters (unicode, space, + * ~ % / = &), the time and the nonce
// injected:
//
//   - RPC (HMAC-SHA1): alibabacloud-go/openapi-util GetRPCSignature, and
//     alibaba-cloud-sdk-go sdk/auth.Sign (its Timestamp and SignatureNonce are read back and
//     given to apisig);
//   - ACS3-HMAC-SHA256: openapi-util GetAuthorization;
//   - ROA (HMAC-SHA1 header): openapi-util GetStringToSign and GetROASignature, and
//     alibaba-cloud-sdk-go auth.Sign (its Date and headers given to apisig, nonce knob "omitted").
//
// Documented disagreements, left out of the generators: openapi-util's ACS3 GetAuthorization
// writes query names unencoded (apisig encodes them, as the V3 specification says), and its ROA
// GetStringToSign strings.TrimLeft(s, "&")s away the leading '&'s of the first parameter name;
// alibaba-cloud-sdk-go adds RegionId to the query even when the caller sent it in the form.
//
// The SDKs are imported by the _test.go files only. bench_test.go runs apisig and the SDKs side
// by side; BENCHMARKS.md records one run.
package alibabaconf
