// Package tencent signs, verifies and explains Tencent Cloud API requests with the two
// signature methods of Tencent Cloud API 3.0:
//
//   - [TC3] is TC3-HMAC-SHA256 ("签名方法 v3", https://www.tencentcloud.com/document/api/213/33224):
//     a canonical request (method, URI, query, the signed headers with lower-cased names and
//     values, the SHA-256 of the payload or of the text UNSIGNED-PAYLOAD), a string to sign
//     with the credential scope date/service/tc3_request, and a key chain from "TC3"+secret.
//     The X-TC-Action, X-TC-Version, X-TC-Timestamp, X-TC-Region, X-TC-Token and X-TC-Language
//     headers are set from the signer's fields, its clock and the credentials. Bodies are hashed
//     through GetBody or an io.Seeker, so large requests (the reason v1 callers must move to
//     TC3) never need to be buffered.
//   - [V1] is API signature v1 ("签名方法", https://www.tencentcloud.com/document/api/213/31575):
//     METHOD + host + path + "?" + the parameters sorted by key with raw values, HmacSHA1 (the
//     default) or HmacSHA256 chosen by SignatureMethod, base64 of the digest, placed in the
//     query of a GET (percent-encoded) or the form body of a POST. Nonce and Timestamp come from
//     an injected NonceSource and Clock.
//
// Both verify like Tencent's API gateway: the failure codes are Tencent's
// (AuthFailure.SignatureFailure, AuthFailure.SignatureExpire, AuthFailure.SecretIdNotFound,
// AuthFailure.InvalidAuthorization, MissingParameter), the timestamp window is five minutes, a
// V1 nonce is accepted once, [ErrorBody] renders any verification error as Tencent's JSON
// error response, and [WriteError] answers with it (as [apisig.MiddlewareOptions.OnError]).
//
// Published examples reproduced (testdata/vectors, copied from the team's shared vectors with
// their sources): the TC3 CVM DescribeInstances example of the English page (signature
// 72e494ea...), the current Chinese page's example with x-tc-action signed, computed with its
// masked key (signature 10b1a37a..., with the intermediate keys SecretDate, SecretService and
// SecretSigning), and the v1 CVM DescribeInstances HmacSHA1 example (EliP9YW3pW28FpsEdkXt/+WcGeI=).
// The conformance module checks both methods byte for byte against tencentcloud-sdk-go.
//
// Each signer's dialect knobs ([TC3.Knobs], [V1.Knobs]) reproduce the mistakes catalogued for
// Tencent (E01 scope date in Beijing time, E03 secrets with spaces or extra fields, E04 a host
// signed with a trailing '/', and the v1 mistakes: signature not URL-encoded, hex digest,
// sorting k=v strings, host or path missing, wrong method).
package tencent
