package oss

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

// Verify checks a request signed with V1, in the Authorization header or in the URL. It looks
// the secret up in s.Keys, accepts the request when any of the key's secrets produces the
// signature (compared with [hmac.Equal]), and otherwise returns an [*Error] with OSS's code:
// SignatureDoesNotMatch (wrapping an [*apisig.MismatchError] with the verifier's trace, and
// carrying StringToSign), AccessDenied "Request has expired." for a URL past its Expires,
// RequestTimeTooSkewed for a Date more than MaxSkew away, InvalidAccessKeyId, and InvalidDigest
// when a Content-MD5 does not match the body.
func (s *V1) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("aliyun-oss-v1: V1.Keys is nil: a verifier needs a key store")
	}
	if err := checkFIPS(); err != nil {
		return nil, err
	}
	if err := s.Dialect.check(); err != nil {
		return nil, err
	}
	tgt, err := resolveTarget(IDV1, req, s.Bucket, s.Addressing)
	if err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	auth := getHeader(req.Header, HeaderAuthorization)
	q := req.URL.Query()
	if err := checkJSONEscapedQuery(IDV1, req); err != nil {
		return nil, err
	}
	in := v1Input{req: req, tgt: tgt, token: getHeader(req.Header, HeaderSecurityToken)}
	var id, provided string
	var signedAt time.Time
	switch {
	case auth != "":
		a, err := ParseAuthorizationV1(auth)
		if err != nil {
			return nil, err
		}
		id, provided = a.AccessKeyID, a.Signature
		in.dateLine = getHeader(req.Header, HeaderDate)
		clock := in.dateLine
		part := HeaderDate + " header"
		if d := getHeader(req.Header, HeaderOSSDate); d != "" {
			clock, part = d, HeaderOSSDate+" header"
		}
		if clock == "" {
			return nil, requestError(IDV1, 403, CodeAccessDenied, "", "Date header", "", "is missing; a header-signed request must carry its time as an HTTP-date in GMT", apisig.ErrMalformed)
		}
		signedAt, err = http.ParseTime(clock)
		if err != nil && part != HeaderDate+" header" {
			signedAt, err = time.Parse(v4DateLayout, clock) // x-oss-date may be ISO 8601, as V4 writes it
		}
		if err != nil {
			return nil, requestError(IDV1, 403, CodeAccessDenied, "", part, clock, "is not an HTTP-date in GMT, e.g. \"Sun, 22 Nov 2026 08:30:00 GMT\"", apisig.ErrMalformed)
		}
		if d := now.Sub(signedAt); d > s.maxSkew() || -d > s.maxSkew() {
			return nil, timeError(IDV1, CodeRequestTimeTooSkewed, ECTimeTooSkewed, part, clock,
				fmt.Sprintf("The difference between the request time and the current time is too large: %s from the server time %s, at most %s is allowed", d.Abs().Round(time.Second), httpDate(now), s.maxSkew()),
				apisig.ErrSkewed, signedAt)
		}
	case q.Has(QuerySignature) || q.Has(QueryAccessKeyID) || q.Has(QueryExpires):
		p, err := ParsePresignV1(q)
		if err != nil {
			return nil, err
		}
		id, provided, signedAt = p.AccessKeyID, p.Signature, p.Expires
		in.dateLine, in.presign = p.ExpiresRaw, true
		in.token = q.Get(QuerySecurityToken)
		if now.After(p.Expires) {
			// A V1 URL claims no signing time; it was valid at its Expires.
			e := timeError(IDV1, CodeAccessDenied, ECURLExpired, QueryExpires, p.ExpiresRaw,
				fmt.Sprintf("request has expired: Expires %s is before the server time %s", p.Expires.Format(time.RFC3339), now.UTC().Format(time.RFC3339)), apisig.ErrExpired, p.Expires)
			e.Message = "Request has expired."
			return nil, e
		}
	default:
		return nil, requestError(IDV1, 403, CodeAccessDenied, "", "request", "", "has no Authorization header and no Signature query parameter", apisig.ErrNotSigned)
	}
	if err := checkContentMD5(IDV1, req); err != nil {
		return nil, err
	}
	secrets, err := lookup(ctx, s.Keys, IDV1, id)
	if err != nil {
		return nil, err
	}
	sc := getScratch()
	defer putScratch(sc)
	for _, secret := range secrets {
		sig, err := s.compute(&in, secret.Reveal(), sc, nil)
		if err != nil {
			return nil, asMalformed(err)
		}
		if hmac.Equal(sig, []byte(provided)) {
			return &apisig.Verified{Scheme: IDV1, AccessKeyID: id, SignedAt: signedAt, Presigned: in.presign, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: IDV1}
	if _, err := s.compute(&in, secrets[0].Reveal(), sc, tr); err != nil {
		return nil, err
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	return nil, &Error{Status: 403, Code: CodeSignatureDoesNotMatch, Message: msgSignatureDoesNotMatch, AccessKeyID: id, SignatureProvided: provided,
		StringToSign: sts, EC: ECSignatureMismatch,
		Err: &apisig.MismatchError{Scheme: IDV1, Code: CodeSignatureDoesNotMatch, AccessKeyID: id, Provided: provided, Trace: tr}}
}

// lookup returns the secrets of id, turning an unknown key into OSS's InvalidAccessKeyId.
func lookup(ctx context.Context, keys apisig.KeyStore, scheme, id string) ([]apisig.Secret, error) {
	secrets, err := keys.Secrets(ctx, id)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			e := requestError(scheme, 403, CodeInvalidAccessKeyID, "", "access key id", id, "The OSS Access Key Id you provided does not exist in our records.", apisig.ErrUnknownKey)
			return nil, e
		}
		return nil, fmt.Errorf("%s: looking up access key id %q: %w", scheme, id, err)
	}
	if len(secrets) == 0 {
		return nil, requestError(scheme, 403, CodeInvalidAccessKeyID, "", "access key id", id, "has no secrets in the key store", apisig.ErrUnknownKey)
	}
	return secrets, nil
}

// checkContentMD5 compares a Content-MD5 header with the MD5 of the body received, as OSS
// does (400 InvalidDigest).
func checkContentMD5(scheme string, req *http.Request) error {
	claimed := getHeader(req.Header, HeaderContentMD5)
	if claimed == "" || req.Body == nil && req.GetBody == nil {
		return nil
	}
	h := md5.New()
	if err := bodyhash.Write(h, req); err != nil {
		return fmt.Errorf("%s: hashing the body to check Content-MD5: %w", scheme, err)
	}
	if actual := base64.StdEncoding.EncodeToString(h.Sum(nil)); actual != claimed {
		return requestError(scheme, 400, CodeInvalidDigest, "", "Content-MD5 header", claimed,
			"The Content-MD5 you specified was invalid: the body received has MD5 "+actual, apisig.ErrMismatch)
	}
	return nil
}

// asMalformed turns a canonicalisation error about the request (a malformed escape, a repeated
// sub-resource) into OSS's 400 InvalidArgument, wrapping [apisig.ErrMalformed]: for a verifier
// the request is malformed, not the caller's input invalid.
func asMalformed(err error) error {
	var re *apisig.RequestError
	if !errors.As(err, &re) {
		return err
	}
	c := *re
	c.Kind = apisig.ErrMalformed
	if c.Code == "" {
		c.Code = CodeInvalidArgument
	}
	return &Error{Status: http.StatusBadRequest, Code: c.Code, Message: c.Part + " " + c.Problem, Err: &c}
}

// checkJSONEscapedQuery reports a URL whose '&' were escaped as \u0026 by a JSON encoder (Go's
// encoding/json does so by default) on its way to the client (D07): the parameters run together
// and the signature parameters look missing.
func checkJSONEscapedQuery(scheme string, req *http.Request) error {
	raw := req.URL.RawQuery
	if !strings.Contains(raw, `\u0026`) && !strings.Contains(raw, `%5Cu0026`) && !strings.Contains(raw, `%5cu0026`) {
		return nil
	}
	return malformed(scheme, CodeInvalidArgument, "", "query", prefix(raw),
		`contains \u0026: the URL's '&' were escaped by a JSON encoder (Go's encoding/json does by default); send them as '&'`)
}
