package oss

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// Verify checks a request signed with V4, in the Authorization header or in the URL, as
// [V1.Verify] does: SignatureDoesNotMatch carries the verifier's StringToSign and
// CanonicalRequest; a URL past x-oss-date + x-oss-expires is AccessDenied "Request has
// expired."; a header-signed request needs x-oss-date within MaxSkew and
// x-oss-content-sha256. When Region is empty any region is accepted; so is any product when
// Product is empty.
func (s *V4) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("aliyun-oss-v4: V4.Keys is nil: a verifier needs a key store")
	}
	if err := s.Dialect.check(); err != nil {
		return nil, err
	}
	tgt, err := resolveTarget(IDV4, req, s.Bucket, s.Addressing)
	if err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	auth := getHeader(req.Header, HeaderAuthorization)
	q := req.URL.Query()
	if err := checkJSONEscapedQuery(IDV4, req); err != nil {
		return nil, err
	}
	in := v4Input{req: req, tgt: tgt, token: getHeader(req.Header, HeaderSecurityToken)}
	var cred CredentialV4
	var provided string
	var signedAt time.Time
	presigned := false
	switch {
	case auth != "":
		a, err := ParseAuthorizationV4(auth)
		if err != nil {
			return nil, err
		}
		cred, provided, in.additional = a.Credential, a.Signature, a.AdditionalHeaders
		in.datetime = getHeader(req.Header, HeaderOSSDate)
		if in.datetime == "" {
			return nil, requestError(IDV4, 403, CodeAccessDenied, "", "x-oss-date header", "", "is missing; a V4 header signature needs its time as YYYYMMDD'T'HHMMSS'Z'", apisig.ErrMalformed)
		}
		if signedAt, err = parseISODate(in.datetime, "x-oss-date header"); err != nil {
			return nil, err
		}
		if cred.Date != in.datetime[:8] {
			return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header Credential", cred.Date, "scope date does not match the date of x-oss-date "+in.datetime)
		}
		if d := now.Sub(signedAt); d > s.maxSkew() || -d > s.maxSkew() {
			return nil, timeError(IDV4, CodeRequestTimeTooSkewed, ECTimeTooSkewed, "x-oss-date header", in.datetime,
				fmt.Sprintf("The difference between the request time and the current time is too large: %s from the server time %s, at most %s is allowed", d.Abs().Round(time.Second), isoDate(now), s.maxSkew()),
				apisig.ErrSkewed, signedAt)
		}
		if getHeader(req.Header, HeaderContentSHA256) == "" {
			return nil, malformed(IDV4, CodeInvalidArgument, "", "x-oss-content-sha256 header", "", "is missing; a V4 header signature must send it (UNSIGNED-PAYLOAD)")
		}
	case q.Has(QuerySignatureV4) || q.Has(QuerySignatureVersion) || q.Has(QueryCredential):
		p, err := ParsePresignV4(q)
		if err != nil {
			return nil, err
		}
		cred, provided, in.additional, signedAt = p.Credential, p.Signature, p.AdditionalHeaders, p.Date
		in.datetime, in.verifyQuery, presigned = p.Date.Format(v4DateLayout), true, true
		in.token = q.Get(QuerySecurityTokenV4)
		if now.After(p.Date.Add(p.Expires)) {
			e := timeError(IDV4, CodeAccessDenied, ECURLExpired, "presigned URL", "",
				fmt.Sprintf("request has expired: signed at %s for %s, server time %s", in.datetime, p.Expires, isoDate(now)), apisig.ErrExpired, p.Date)
			e.Message = "Request has expired."
			return nil, e
		}
		if p.Date.Sub(now) > s.maxSkew() {
			return nil, timeError(IDV4, CodeAccessDenied, ECURLNotYetValid, QueryDate, in.datetime,
				fmt.Sprintf("is more than %s after the server time %s: the URL is not valid yet", s.maxSkew(), isoDate(now)), apisig.ErrSkewed, p.Date)
		}
	default:
		return nil, requestError(IDV4, 403, CodeAccessDenied, "", "request", "", "has no Authorization header and no x-oss-signature query parameter", apisig.ErrNotSigned)
	}
	if s.Region != "" && cred.Region != s.Region {
		return nil, malformed(IDV4, CodeInvalidArgument, "", "credential region", cred.Region, "is wrong; expecting "+s.Region)
	}
	if s.Product != "" && cred.Product != s.Product {
		return nil, malformed(IDV4, CodeInvalidArgument, "", "credential product", cred.Product, "is wrong; expecting "+s.Product)
	}
	for _, h := range in.additional {
		if headerValue(req, h) == "" {
			return nil, malformed(IDV4, CodeInvalidArgument, "", "additional header", h, "is listed in AdditionalHeaders but the request does not carry it")
		}
	}
	if err := checkContentMD5(IDV4, req); err != nil {
		return nil, err
	}
	secrets, err := lookup(ctx, s.Keys, IDV4, cred.AccessKeyID)
	if err != nil {
		return nil, err
	}
	v := *s
	v.Region, v.Product = cred.Region, cred.Product
	v.Dialect.ScopeRegion, v.Dialect.ScopeProduct = "", ""
	sc := getScratch()
	defer putScratch(sc)
	for _, secret := range secrets {
		sig, err := v.compute(&in, secret.Reveal(), sc, nil)
		if err != nil {
			return nil, asMalformed(err)
		}
		if hmac.Equal(sig, []byte(provided)) {
			return &apisig.Verified{Scheme: IDV4, AccessKeyID: cred.AccessKeyID, SignedAt: signedAt, Presigned: presigned, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: IDV4}
	if _, err := v.compute(&in, secrets[0].Reveal(), sc, tr); err != nil {
		return nil, err
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	cr, _ := tr.Find(apisig.StepCanonicalRequest)
	return nil, &Error{Status: 403, Code: CodeSignatureDoesNotMatch, Message: msgSignatureDoesNotMatch, AccessKeyID: cred.AccessKeyID, SignatureProvided: provided,
		StringToSign: sts, CanonicalRequest: cr, EC: ECSignatureMismatch,
		Err: &apisig.MismatchError{Scheme: IDV4, Code: CodeSignatureDoesNotMatch, AccessKeyID: cred.AccessKeyID, Provided: provided, Trace: tr}}
}
