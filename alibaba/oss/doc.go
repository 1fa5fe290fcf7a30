// Package oss signs, presigns, verifies and explains Alibaba Cloud Object Storage Service (OSS)
// requests, with both of OSS's signature versions:
//
//   - [V1]: "OSS AccessKeyId:Signature" in the Authorization header, or OSSAccessKeyId, Expires
//     and Signature in the URL; base64 HMAC-SHA1 over VERB, Content-MD5, Content-Type, Date (or
//     Expires), the canonicalized x-oss-* headers and the canonicalized resource with its
//     sub-resources. Spec: OSS API reference "Include signatures in the Authorization header"
//     (help.aliyun.com/document_detail/31951) and "Include a signature in a URL"
//     (help.aliyun.com/document_detail/31952), and the signature FAQ (a header signature is never
//     URL-encoded, a URL signature always is).
//   - [V4]: OSS4-HMAC-SHA256 in the Authorization header or in x-oss-* query parameters; hex
//     HMAC-SHA256 with a key derived from "aliyun_v4"+secret, the date, the region, the product
//     ("oss") and "aliyun_v4_request", over a canonical request of method, escaped
//     /bucket/key, canonical query, x-oss-*/Content-Type/Content-MD5 and additional headers,
//     and the payload hash (UNSIGNED-PAYLOAD). Spec: OSS "Signature Version 4 (recommended)".
//
// Reproduced published examples (copies under testdata/vectors, each with its source): the
// PUT-object example of the Authorization-header page, the Python example of the URL page (whose
// signature is EwaNTn1erJGkimiJ9WmXgwnANLc=, not the one the page prints, which was copied from
// Amazon's S3 documentation), and the V1 and V4 header and query cases of aliyun-oss-go-sdk's
// conn_test.go (sub-resources, version id, additional headers, security token, query keys with
// '+' and '|').
//
// Verification behaves like OSS: a mismatch is an [*Error] with Code SignatureDoesNotMatch,
// the server's StringToSign (rendered also as StringToSignBytes; for V4 the CanonicalRequest),
// SignatureProvided and the EC code; an expired URL is AccessDenied "Request has expired."; an
// unknown key is InvalidAccessKeyId. [ErrorResponse] renders any verification error as OSS's
// XML body, so an emulator can serve it ([ErrorHandler] does so for [apisig.Middleware]);
// [ParseErrorBody] reads a real server's body back, StringToSignBytes decoded exactly. [Both]
// verifies either version, dispatching as an OSS endpoint does.
//
// Addressing: the bucket is read from a virtual-hosted host (bucket.oss-cn-hangzhou.aliyuncs.com),
// from the path for OSS endpoints, IP addresses and other hosts, or from V1.Bucket / V4.Bucket for
// a custom domain (CNAME). The object key is the decoded path after the bucket; the signers send
// it escaped as they sign it, so '+' goes out as %2B.
//
// Both signers carry dialect knobs ([V1.Knobs], [V4.Knobs]) that reproduce the OSS mistakes
// catalogued in MISTAKES.md section 1.4 (D01-D11), so the diagnosis engine can name them.
package oss
