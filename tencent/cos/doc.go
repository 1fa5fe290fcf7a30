// Package cos signs, presigns, verifies and explains Tencent Cloud Object Storage (COS) XML API
// requests with the q-sign-algorithm=sha1 request signature.
//
// # Specification
//
// The algorithm is the one of COS's "Request Signature" page (腾讯云 COS 请求签名,
// https://cloud.tencent.com/document/product/436/7778; English:
// https://www.tencentcloud.com/document/product/436/7778), in these stages:
//
//	KeyTime        = StartTimestamp;EndTimestamp (Unix seconds)
//	SignKey        = lower-case hex of HMAC-SHA1(SecretKey, KeyTime)
//	UrlParamList   = the query keys, percent-encoded (RFC 3986 unreserved bytes literal) and
//	                 lower-cased, sorted, joined by ';'
//	HttpParameters = key=value pairs (key as above, value percent-encoded, not lower-cased),
//	                 sorted, joined by '&'
//	HeaderList     = the signed header names, encoded and lower-cased alike, sorted, ';'
//	HttpHeaders    = name=value pairs of the signed headers, sorted, joined by '&'
//	HttpString     = lower(method) \n decoded path \n HttpParameters \n HttpHeaders \n
//	StringToSign   = sha1 \n q-sign-time \n hex(SHA1(HttpString)) \n
//	Signature      = lower-case hex of HMAC-SHA1(SignKey as hex text, StringToSign)
//
// and the result is sent as the Authorization header
//
//	q-sign-algorithm=sha1&q-ak=SecretId&q-sign-time=KeyTime&q-key-time=KeyTime&q-header-list=HeaderList&q-url-param-list=UrlParamList&q-signature=Signature
//
// or, presigned, as the same parameters in the query string (each value percent-encoded, as
// cos-go-sdk-v5's GetPresignedURL writes them), with a session token in x-cos-security-token.
//
// # Details the documentation leaves open
//
//   - The path in HttpString is the DECODED path (/exampleobject(腾讯云), not
//     /exampleobject(%E8%85%BE...)). COS decodes a '+' in the request path as a space (its
//     FormatString for a key sent as "resume-zh+en" reads "resume-zh en", Molunerfinn/PicGo#638),
//     so the signer sends every byte outside the unreserved set and '/' percent-encoded,
//     '+' as %2B (keeping a RawPath the caller set when it encodes the same path and has no
//     literal '+'), and the verifier decodes the path as COS does. A space sent as '+' is
//     therefore harmless; a '+' sent literally is not (MISTAKES.md F01, knob wire-path).
//   - Values of one query key or header are sorted by their decoded value, and every value is
//     listed: "a=1&a=2" gives the list "a;a" (cos-go-sdk-v5's valuesSignMap).
//   - Which headers are signed is the signer's choice; COS checks those listed. The default,
//     [DefaultSignedHeaders], is cos-go-sdk-v5's NeedSignHeaders (host, content-type,
//     content-length, content-md5, range, cache-control, ..., not date), plus every header
//     whose name starts with x-cos- or x-ci-. Content-Length is signed only when the request
//     carries it as a header, or with [Signer.SignContentLength]. Strict-signature buckets
//     reject requests whose list leaves out Content-Type or Content-Length (MISTAKES.md F03);
//     see [Signer.RequireSigned].
//   - Header values are signed as the server receives them: trimmed of leading and trailing
//     whitespace (which HTTP drops), inner spaces kept (COS does not collapse them, F06).
//   - The string to sign carries q-sign-time and the key is derived from q-key-time, as COS's
//     signing tool (https://cos5.cloud.tencent.com/static/cos-sign/) shows. apisig signs with
//     both equal, as the SDKs' default AuthTime does; cos-go-sdk-v5 puts q-key-time into the
//     string to sign, which differs only for a hand-made AuthTime.
//   - The signature does not cover the body; Content-MD5 does, and the verifier checks it.
//
// # Published examples reproduced
//
// Both examples of the signature page (shared vectors tencent-cos): "上传对象" (PUT with a UTF-8
// object name, Content-MD5, x-cos-acl, x-cos-grant-read; signature 3b8851a1...) and "下载对象"
// (GET with response-content-type and response-cache-control; signature 01681b8c...). The
// English page's HttpString for the first shows the object name translated to
// "/exampleobject(tencentcloud)", which does not give the published signature; the Chinese page
// is right.
//
// The verifier reproduces, byte for byte, the FormatString and StringToSign of a published
// SignatureDoesNotMatch body (Molunerfinn/PicGo#638, testdata/errors), whose StringToSign hash is
// the SHA-1 of its FormatString.
//
// # Verification
//
// [Signer.Verify] checks requests as COS does and reports failures with COS's codes:
// SignatureDoesNotMatch (a [*apisig.MismatchError] whose trace holds the server's FormatString
// and StringToSign), AccessDenied "Request has expired", InvalidAccessKeyId. [ErrorResponse]
// renders any of them as COS's XML error body, [WriteError] sends it (it fits
// [apisig.MiddlewareOptions].OnError), and [ParseError] reads one back. With knobs set, the
// verifier recomputes as the mistaken client did, which is how package diagnose names the
// mistake.
package cos
