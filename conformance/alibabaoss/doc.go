// Package alibabaoss checks apisig's OSS signers (package alibaba/oss) against Alibaba's two Go
// OSS SDKs, used as test oracles only:
//
//   - alibabacloud-oss-go-sdk-v2 oss/signer SignerV1 and SignerV4, driven directly (they take
//     the signing time; a V4 presign reads the clock, so it runs in a synctest bubble);
//   - aliyun-oss-go-sdk (v3.0.2, the "v1" SDK), driven through its client: Conn.Do for
//     header signatures and Bucket.SignURL for URLs, inside a synctest bubble whose fake clock
//     is the case's time, with an http.RoundTripper that captures the signed request.
//
// gen_test.go generates the requests (seeded, deterministic): object keys with unicode, spaces,
// '+', '%', '~', '*', "//" and a trailing '/'; sub-resources and other query parameters with
// awkward values; Content-Type, Content-MD5, x-oss-* and other headers; STS tokens; V4
// additional headers; header and URL signatures. Each differential test runs at least 10,000
// of them (-short: 1,000) and requires byte-identical output. bench_test.go benchmarks apisig
// beside both SDKs; the numbers are in BENCHMARKS.md.
package alibabaoss
