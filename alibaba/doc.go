// Package alibaba signs, verifies and explains Alibaba Cloud API requests (the OSS schemes are
// in package [github.com/apisig/apisig/alibaba/oss]):
//
//   - [RPC]: RPC-style APIs, signature version 1.0, HMAC-SHA1 ("Request syntax and signature
//     method V2 for RPC APIs", help.aliyun.com/en/sdk/product-overview/rpc-mechanism): the
//     Signature query parameter over METHOD&%2F&percentEncode(sorted query). GET, POST with the
//     parameters in the query, POST with a form body; STS SecurityToken; signed URLs.
//   - [ACS3]: the V3 signature ACS3-HMAC-SHA256 ("V3 request structure and signature",
//     help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature), for RPC- and
//     ROA-style APIs, in the Authorization header.
//   - [ROA]: ROA-style APIs' HMAC-SHA1 header signature (Authorization: acs AccessKeyId:Signature).
//   - [OpenSearch]: OpenSearch API v3's header signature (Authorization: OPENSEARCH
//     AccessKeyId:Signature). OpenSearch API v2 is the RPC signature over a path: use [RPC].
//
// It reproduces the published examples: RPC "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" (DescribeRegions)
// and the old ECS example "CT9X0VtwR86fNWSnsc6v8YGOjuE=" (which needs the timestamp-name knob:
// it was computed with a parameter spelled TimeStamp), and the V3 RunInstances example
// "06563a9e...83c0" (testdata/vectors, copied from the team's shared vectors with their sources).
// The OpenSearch v3 search example "Mv5FyQxr6myxxnwMPqJ6f6F9+9Y=" is checked as a cross-check
// taken from a public repository's test, pending confirmation against the documentation.
// The conformance module checks RPC, ACS3 and ROA byte for byte against the official SDKs.
//
// Verifiers behave like Alibaba Cloud's gateway: they fail with an [*Error] whose Code and
// Message are the gateway's (SignatureDoesNotMatch with "Specified signature is not matched
// with our calculation. server string to sign is:...", SignatureNonceUsed through an
// [apisig.ReplayStore], InvalidTimeStamp.Expired outside a 15-minute window), and which wraps
// apisig's sentinel errors and, for a mismatch, an [*apisig.MismatchError] with the trace.
//
// Every place where clients go wrong is a knob (MISTAKES.md §1.3): the key's "&", the digest
// form, Ruby's trailing newline, the encoder's handling of space, '*', '~' and hex case, the
// sort, the Timestamp parameter's spelling, a Signature encoded twice in the URL.
//
// HMAC-SHA1 schemes return an error, not a panic, in FIPS 140-only mode.
package alibaba
