// Package sigv2 implements Amazon S3's legacy signature, AWS Signature Version 2 for S3
// (HMAC-SHA1), as the S3 Developer Guide's "Signing and authenticating REST requests"
// (RESTAuthentication) specifies it:
//
//	Authorization = "AWS" + " " + AWSAccessKeyId + ":" + Signature
//	Signature     = Base64(HMAC-SHA1(SecretAccessKey, UTF-8(StringToSign)))
//	StringToSign  = HTTP-Verb + "\n" + Content-MD5 + "\n" + Content-Type + "\n" +
//	                Date + "\n" + CanonicalizedAmzHeaders + CanonicalizedResource
//
// in the Authorization header, or in the query of a presigned URL (AWSAccessKeyId, Expires,
// Signature; the Date line is then the Expires time in Unix seconds). CanonicalizedResource is
// the bucket of a virtual-hosted request, the path as sent, and the sub-resources (acl,
// uploadId, versionId, response-* overrides, ...) sorted by name; ordinary query parameters are
// not signed. With an x-amz-date header the Date line is empty and x-amz-date is signed among
// the x-amz-* headers.
//
// It reproduces the published examples of that page (object GET and PUT, list, ACL fetch, list
// all buckets, the DELETE example — whose x-amz-date rule the page contradicts, reproduced by
// the date-line knob — and query-string authentication, from the page's 2017 version; see
// testdata/vectors), and is checked against minio-go's SignV2/PreSignV2 and a real MinIO server
// in the conformance module.
//
// SigV2 is deprecated by AWS (new regions accept only SigV4) and uses SHA-1: under FIPS 140-only
// mode (GODEBUG=fips140=only) signing and verifying return an error wrapping
// [apisig.ErrInvalidInput] instead of panicking.
package sigv2

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Names as S3 spells them.
const (
	// SchemeID is the registry id of S3 SigV2.
	SchemeID = "aws-sigv2-s3"

	HeaderAuthorization = "Authorization"
	HeaderDate          = "Date"
	HeaderAmzDate       = "X-Amz-Date"
	HeaderSecurityToken = "X-Amz-Security-Token"

	QueryAccessKeyID   = "AWSAccessKeyId"
	QueryExpires       = "Expires"
	QuerySignature     = "Signature"
	QuerySecurityToken = "x-amz-security-token"

	// AuthPrefix starts the Authorization header value.
	AuthPrefix = "AWS "

	// DefaultMaxSkew is how far Date / x-amz-date may be from the verifier's clock: 15
	// minutes, as S3 allows.
	DefaultMaxSkew = 15 * time.Minute
)

// DateHeader selects the header that carries the signing time.
type DateHeader uint8

const (
	// DateHeaderDate sets Date, and removes any X-Amz-Date (which would otherwise take its
	// place in the string to sign).
	DateHeaderDate DateHeader = iota
	// DateHeaderAmzDate sets X-Amz-Date: the Date line is then empty and x-amz-date is signed
	// among the x-amz-* headers (for clients whose HTTP library overwrites Date).
	DateHeaderAmzDate
)

// SigV2 signs and verifies S3 requests with AWS Signature Version 2, in the Authorization
// header or presigned into the URL.
//
// The zero value signs path-style requests (/bucket/key) with a Date header. A SigV2 is safe for
// concurrent use.
type SigV2 struct {
	// Bucket is the bucket of a virtual-hosted-style request (bucket.s3.amazonaws.com/key): it
	// is prefixed, as "/bucket", to the signed resource. Empty: path-style, where the path
	// already starts with the bucket.
	Bucket string
	// Domain is the endpoint's domain for virtual-hosted-style requests, e.g.
	// "s3.amazonaws.com" or "s3.us-west-1.amazonaws.com": a request to
	// bucket.s3.amazonaws.com is then signed (and verified) with "/bucket" prefixed, as S3 reads
	// the bucket from the host. Bucket, when set, takes precedence.
	Domain string
	// DateHeader selects Date or X-Amz-Date for the signing time; zero is Date.
	DateHeader DateHeader
	// DateFormat is the layout of the signing time; empty means RFC 7231's IMF-fixdate
	// (http.TimeFormat, "Tue, 27 Mar 2007 19:36:42 GMT"). The S3 guide's examples use
	// "Mon, 02 Jan 2006 15:04:05 -0700"; any RFC 1123 form is accepted when verifying.
	DateFormat string
	// Clock tells the signing time, and the verification time; nil means the wall clock.
	Clock apisig.Clock
	// Dialect reproduces client mistakes; its zero value is correct SigV2.
	Dialect Dialect

	// Keys looks up secrets when verifying. Required by Verify.
	Keys apisig.KeyStore
	// MaxSkew is how far a header-signed request's date may be from the verifier's clock;
	// zero means [DefaultMaxSkew].
	MaxSkew time.Duration
}

// Sign signs req in place with SigV2 in the Authorization header. It sets Date (or X-Amz-Date),
// X-Amz-Security-Token when the credentials carry a session token, and Authorization,
// overwriting earlier values. It also sets req.URL.RawPath to the escaping it signs, so that
// what is sent is what was signed.
func (s *SigV2) Sign(_ context.Context, req *http.Request, creds apisig.Credentials) error {
	return s.sign(req, creds, nil)
}

// Explain signs req as [SigV2.Sign] does and returns every stage: the string to sign and its
// parts, the key (redacted), the signature and its placement.
func (s *SigV2) Explain(_ context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	err := s.sign(req, creds, tr)
	return tr, err
}

// Presign signs req into its URL (AWSAccessKeyId, Expires, Signature) for expires. It returns
// the URL, the headers the holder must send (Content-Type, Content-MD5 and x-amz-* headers,
// which are signed) and the expiry; req itself is not modified.
func (s *SigV2) Presign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(req, creds, expires, nil)
}

// ExplainPresign presigns as [SigV2.Presign] does and returns the trace of every stage.
func (s *SigV2) ExplainPresign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	p, err := s.presign(req, creds, expires, tr)
	return p, tr, err
}

// bucketOf returns the bucket a virtual-hosted request names: Bucket, or the host's first label
// when the rest of the host (without its port) is Domain.
func (s *SigV2) bucketOf(req *http.Request) string {
	if s.Bucket != "" || s.Domain == "" {
		return s.Bucket
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if b, ok := strings.CutSuffix(strings.ToLower(host), "."+strings.ToLower(s.Domain)); ok && b != "" {
		return b
	}
	return ""
}

func (s *SigV2) maxSkew() time.Duration {
	if s.MaxSkew == 0 {
		return DefaultMaxSkew
	}
	return s.MaxSkew
}

func (s *SigV2) dateFormat() string {
	if s.DateFormat == "" {
		return http.TimeFormat
	}
	return s.DateFormat
}

// Interface guards.
var (
	_ apisig.Signer    = (*SigV2)(nil)
	_ apisig.Presigner = (*SigV2)(nil)
	_ apisig.Verifier  = (*SigV2)(nil)
	_ apisig.Tunable   = (*SigV2)(nil)
)
