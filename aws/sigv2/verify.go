package sigv2

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

// Verify checks a request signed with SigV2, in the Authorization header ("AWS AKID:sig") or
// presigned in the query (AWSAccessKeyId, Expires, Signature). It looks the secret up in
// s.Keys, accepts the request when any of the key's secrets produces the signature (compared
// with [hmac.Equal] on the decoded bytes), and otherwise says why with S3's error code:
// [*apisig.MismatchError] (SignatureDoesNotMatch, with the verifier's trace, whose string to
// sign is what S3 returns as StringToSign), RequestTimeTooSkewed, AccessDenied (no date,
// expired presign), InvalidAccessKeyId, InvalidArgument (a malformed header), BadDigest (a
// Content-MD5 that does not match the body: SigV2 signs that header, not the body).
//
// The signed resource is the path as received (req.URL.EscapedPath), prefixed with the bucket
// of a virtual-hosted-style request (Bucket, or read from the host when Domain is set).
func (s *SigV2) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("aws-sigv2-s3: SigV2.Keys is nil: a verifier needs a key store")
	}
	if err := checkFIPS(); err != nil {
		return nil, err
	}
	if err := checkContentMD5(req); err != nil {
		return nil, err
	}
	auth := req.Header.Get(HeaderAuthorization)
	q := req.URL.Query()
	switch {
	case auth != "":
		return s.verifyHeader(ctx, req, auth)
	case q.Has(QuerySignature) || q.Has(QueryAccessKeyID):
		return s.verifyPresign(ctx, req, q)
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "request",
		Problem: "has no Authorization header and no Signature query parameter", Kind: apisig.ErrNotSigned}
}

// CodeBadDigest is S3's code for a Content-MD5 that does not match the body received.
const CodeBadDigest = "BadDigest"

// checkContentMD5 checks a Content-MD5 header against the body, as S3 does: SigV2 signs the
// header, not the body, so the header is what ties the body to the signature.
func checkContentMD5(req *http.Request) error { return bodyhash.CheckContentMD5(req, SchemeID) }

// dateLayouts are the forms of an HTTP date S3 accepts: IMF-fixdate, RFC 1123 with a numeric
// zone (the S3 guide's examples), RFC 850 and asctime.
var dateLayouts = []string{http.TimeFormat, time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC}

func parseDate(v string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *SigV2) verifyHeader(ctx context.Context, req *http.Request, auth string) (*apisig.Verified, error) {
	a, err := ParseAuthorization(auth)
	if err != nil {
		return nil, err
	}
	part, dateValue := "X-Amz-Date header", req.Header.Get(HeaderAmzDate)
	if dateValue == "" {
		part, dateValue = "Date header", req.Header.Get(HeaderDate)
	}
	if dateValue == "" {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "Date header",
			Problem: "is missing: AWS authentication requires a valid Date or x-amz-date header", Kind: apisig.ErrMalformed}
	}
	t, ok := parseDate(strings.TrimSpace(dateValue))
	if !ok {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: part, Value: dateValue,
			Problem: "is not an HTTP date such as \"Tue, 27 Mar 2007 19:36:42 GMT\"", Kind: apisig.ErrMalformed}
	}
	now := apisig.Now(s.Clock)
	if d := now.Sub(t); d > s.maxSkew() || -d > s.maxSkew() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeRequestTimeTooSkewed, Part: part, Value: dateValue,
			Problem: fmt.Sprintf("differs from the server time %s by %s; at most %s is allowed", now.UTC().Format(http.TimeFormat), d.Abs().Round(time.Second), s.maxSkew()),
			Kind:    apisig.ErrSkewed}
	}
	in := stsInput{method: req.Method, header: req.Header, path: req.URL.EscapedPath(), rawQuery: req.URL.RawQuery, bucket: s.bucketOf(req)}
	s.dialectPath(&in, req)
	return s.match(ctx, &in, a.AccessKeyID, a.Signature, t, false, req.Header.Get(HeaderSecurityToken))
}

func (s *SigV2) verifyPresign(ctx context.Context, req *http.Request, q map[string][]string) (*apisig.Verified, error) {
	p, err := ParsePresign(q)
	if err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	if now.After(p.Expires) {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "presigned URL",
			Problem: fmt.Sprintf("request has expired: Expires %s, server time %s", p.Expires.Format(http.TimeFormat), now.UTC().Format(http.TimeFormat)),
			Kind:    apisig.ErrExpired}
	}
	in := stsInput{method: req.Method, header: req.Header, path: req.URL.EscapedPath(), rawQuery: req.URL.RawQuery, expires: p.ExpiresRaw, bucket: s.bucketOf(req)}
	s.dialectPath(&in, req)
	token := ""
	if v := q[QuerySecurityToken]; len(v) > 0 {
		token = v[0]
		in.extraAmz = []canon.Pair{{Key: QuerySecurityToken, Value: token}}
	}
	return s.match(ctx, &in, p.AccessKeyID, p.Signature, p.Expires, true, token)
}

// match recomputes the signature with each secret of the key and compares in constant time.
func (s *SigV2) match(ctx context.Context, in *stsInput, akid, provided string, t time.Time, presign bool, token string) (*apisig.Verified, error) {
	secrets, err := s.Keys.Secrets(ctx, akid)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeInvalidAccessKeyID, Part: "access key id", Value: akid,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up access key id %q: %w", SchemeID, akid, err)
	}
	// A verifier with knobs set verifies as a client of that dialect signs (diagnose relies on
	// it); the zero Dialect, a verifier's default, is the specification.
	v := *s
	want, decErr := base64.StdEncoding.DecodeString(provided)
	sc := getScratch()
	defer putScratch(sc)
	if decErr == nil {
		for _, secret := range secrets {
			if _, err := v.compute(in, secret.Reveal(), token, sc, nil); err != nil {
				return nil, err
			}
			if hmac.Equal(sc.sum[:], want) {
				return &apisig.Verified{Scheme: SchemeID, AccessKeyID: akid, SignedAt: t, Presigned: presign, Signature: provided}, nil
			}
		}
	}
	tr := &apisig.Trace{Scheme: SchemeID}
	if len(secrets) > 0 {
		if _, err := v.compute(in, secrets[0].Reveal(), token, sc, tr); err != nil {
			return nil, err
		}
	}
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: akid, Provided: provided, Trace: tr}
}

// dialectPath makes a verifier whose knobs escape the path differently from the wire (lower-case
// hex, '+' for a space) re-escape the decoded path as such a client signs it.
func (s *SigV2) dialectPath(in *stsInput, req *http.Request) {
	if !s.Dialect.wireEncoding() {
		in.path, in.decodedPath = "", req.URL.Path
	}
}
