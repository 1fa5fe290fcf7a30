package sigv4a

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// Verify checks a request signed with SigV4a, in the Authorization header or presigned in the
// query. It looks the secret up in s.Keys, derives the public key from it, and accepts the
// request when ECDSA verification of the string to sign succeeds for any of the key's secrets;
// otherwise it says why with S3's error code: [*apisig.MismatchError] (SignatureDoesNotMatch,
// with the verifier's trace), RequestTimeTooSkewed, AuthorizationHeaderMalformed (a region set
// that does not include s.Region, a wrong service, a bad header), AccessDenied (an expired
// presign), InvalidAccessKeyId.
//
// An aws-chunked upload (X-Amz-Content-Sha256 STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, its
// -TRAILER variant, or STREAMING-UNSIGNED-PAYLOAD-TRAILER) is verified as aws.Chunked verifies
// SigV4's: the header signature is the seed, and req.Body is replaced by an [*aws.ChunkedReader]
// that checks each chunk's ECDSA signature (and the trailer's, and its checksum) before handing
// the chunk's bytes on. Any other STREAMING- payload, and a streaming payload in a presigned
// URL, is rejected with an error wrapping [apisig.ErrMalformed].
func (s *SigV4a) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil && s.PublicKeys == nil {
		return nil, errors.New("aws-sigv4a: SigV4a.Keys and SigV4a.PublicKeys are nil: a verifier needs a key store")
	}
	auth := req.Header.Get(aws.HeaderAuthorization)
	q := req.URL.Query()
	switch {
	case auth != "":
		return s.verifyHeader(ctx, req, auth)
	case q.Has(aws.QuerySignature) || q.Has(aws.QueryAlgorithm):
		return s.verifyPresign(ctx, req)
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeAccessDenied, Part: "request",
		Problem: "has no Authorization header and no X-Amz-Signature query parameter", Kind: apisig.ErrNotSigned}
}

func (s *SigV4a) verifyHeader(ctx context.Context, req *http.Request, auth string) (*apisig.Verified, error) {
	a, err := ParseAuthorization(auth)
	if err != nil {
		return nil, err
	}
	dateValue := req.Header.Get(aws.HeaderDate)
	t, err := time.Parse(amzDateLayout, dateValue)
	if err != nil || len(dateValue) != len(amzDateLayout) {
		return nil, malformed(codeHeaderMalformed, "X-Amz-Date header", dateValue, "is missing or not YYYYMMDD'T'HHMMSS'Z'")
	}
	if a.Credential.Date != dateValue[:8] {
		return nil, malformed(codeHeaderMalformed, "Authorization header Credential", a.Credential.Date, "scope date does not match the date of X-Amz-Date "+dateValue)
	}
	if !slices.Contains(a.SignedHeaders, "x-amz-region-set") {
		return nil, malformed(codeHeaderMalformed, "Authorization header SignedHeaders", strings.Join(a.SignedHeaders, ";"), "does not include x-amz-region-set, which SigV4a must sign")
	}
	rs, err := ParseRegionSet(req.Header.Get(HeaderRegionSet), "X-Amz-Region-Set header", codeHeaderMalformed)
	if err != nil {
		return nil, err
	}
	if err := s.checkScope(a.Credential, rs, "X-Amz-Region-Set header", codeHeaderMalformed); err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	if d := now.Sub(t); d > s.maxSkew() || -d > s.maxSkew() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeRequestTimeTooSkewed, Part: "X-Amz-Date header", Value: dateValue,
			Problem: fmt.Sprintf("differs from the server time %s by %s; at most %s is allowed", now.UTC().Format(amzDateLayout), d.Abs().Round(time.Second), s.maxSkew()),
			Kind:    apisig.ErrSkewed}
	}
	payload, err := s.verifyPayload(req, false)
	if err != nil {
		return nil, err
	}
	var pub *ecdsa.PublicKey
	v, err := s.match(ctx, req, a.Credential, a.SignedHeaders, a.Signature, t, payload, false, strings.Join(rs, ","), &pub)
	if err != nil || !strings.HasPrefix(payload, "STREAMING-") {
		return v, err
	}
	if err := s.wrapStream(req, a.Credential, dateValue, a.Signature, pub); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *SigV4a) verifyPresign(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	p, err := ParsePresign(req.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkScope(p.Credential, p.RegionSet, QueryRegionSet, codeQueryMalformed); err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	if now.After(p.Date.Add(p.Expires)) {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeAccessDenied, Part: "presigned URL",
			Problem: fmt.Sprintf("request has expired: signed at %s for %s, server time %s", p.Date.Format(amzDateLayout), p.Expires, now.UTC().Format(amzDateLayout)),
			Kind:    apisig.ErrExpired}
	}
	if p.Date.Sub(now) > s.maxSkew() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeAccessDenied, Part: aws.QueryDate, Value: p.Date.Format(amzDateLayout),
			Problem: "request is not valid yet: signed for a time after the server time " + now.UTC().Format(amzDateLayout), Kind: apisig.ErrSkewed}
	}
	payload, err := s.verifyPayload(req, true)
	if err != nil {
		return nil, err
	}
	return s.match(ctx, req, p.Credential, p.SignedHeaders, p.Signature, p.Date, payload, true, strings.Join(p.RegionSet, ","), nil)
}

// checkScope rejects a service other than the verifier's, and a region set that does not
// include the verifier's region.
func (s *SigV4a) checkScope(c Credential, regionSet []string, part, code string) error {
	if s.Service != "" && c.Service != s.Service {
		return malformed(code, "Credential", c.Service, "the service is wrong; expecting "+s.Service)
	}
	if s.Region == "" {
		return nil
	}
	for _, r := range regionSet {
		if ok, err := path.Match(r, s.Region); err == nil && ok {
			return nil
		}
	}
	return malformed(code, part, strings.Join(regionSet, ","), "does not include this endpoint's region "+s.Region)
}

// verifyPayload returns the payload hash to verify with; a hex X-Amz-Content-Sha256 must match
// the body received.
func (s *SigV4a) verifyPayload(req *http.Request, presign bool) (string, error) {
	v := s.v4()
	claimed := req.Header.Get(aws.HeaderContentSHA256)
	switch {
	case claimed == "":
		if presign && v.S3Rules() {
			return aws.UnsignedPayload, nil
		}
		return bodySHA256(req)
	case strings.HasPrefix(claimed, "STREAMING-"):
		return claimed, checkStreaming(claimed, presign)
	case claimed == aws.UnsignedPayload:
		return claimed, nil
	}
	actual, err := bodySHA256(req)
	if err != nil {
		return "", err
	}
	if actual != claimed {
		return "", &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeContentSHA256Mismatch, Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "does not match the SHA-256 of the body received, " + actual, Kind: apisig.ErrMismatch}
	}
	return claimed, nil
}

// match rebuilds the string to sign and verifies the ECDSA signature with each secret's key; the
// key that verified it goes to matched when that is not nil.
func (s *SigV4a) match(ctx context.Context, req *http.Request, c Credential, signed []string, provided string, t time.Time, payload string, presign bool, regionSet string, matched **ecdsa.PublicKey) (*apisig.Verified, error) {
	pubs, err := s.publicKeys(ctx, c.AccessKeyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: aws.CodeInvalidAccessKeyID, Part: "access key id", Value: c.AccessKeyID,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up access key id %q: %w", SchemeID, c.AccessKeyID, err)
	}
	// The verifier follows the specification: the client's mistakes are not its dialect.
	v := &aws.SigV4{Region: "-", Service: c.Service, Rules: s.Rules}
	cr, _, err := v.AppendCanonicalRequest(nil, aws.CanonicalInput{Request: req, SignedHeaders: signed, PayloadHash: payload, DropSignature: presign})
	if err != nil {
		return nil, err
	}
	date := t.UTC().Format(amzDateLayout)
	scope := c.Date + "/" + c.Service + "/aws4_request"
	sts := stringToSign(cr, date, scope)
	for _, pub := range pubs {
		if verifySignature(pub, sts, provided) {
			if matched != nil {
				*matched = pub
			}
			return &apisig.Verified{Scheme: SchemeID, AccessKeyID: c.AccessKeyID, SignedAt: t, Presigned: presign, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: SchemeID}
	token := req.Header.Get(aws.HeaderSecurityToken)
	if token == "" {
		token = req.URL.Query().Get(aws.QuerySecurityToken)
	}
	tr.Add(apisig.StepInput, "signing time (X-Amz-Date)", date)
	tr.Add(apisig.StepInput, "credential scope (no region)", scope)
	tr.Add(apisig.StepInput, "region set (X-Amz-Region-Set)", regionSet)
	addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(cr), token)
	tr.Add(apisig.StepStringToSign, "string to sign", string(sts))
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: aws.CodeSignatureDoesNotMatch, AccessKeyID: c.AccessKeyID, Provided: provided, Trace: tr}
}

// publicKeys returns the public keys to verify with: from PublicKeys, or derived from the
// secrets in Keys.
func (s *SigV4a) publicKeys(ctx context.Context, akid string) ([]*ecdsa.PublicKey, error) {
	if s.PublicKeys != nil {
		return s.PublicKeys.PublicKeys(ctx, akid)
	}
	secrets, err := s.Keys.Secrets(ctx, akid)
	if err != nil {
		return nil, err
	}
	pubs := make([]*ecdsa.PublicKey, 0, len(secrets))
	for _, secret := range secrets {
		priv, err := derivedKeys.get(akid, secret.Reveal())
		if err != nil {
			return nil, err
		}
		pubs = append(pubs, &priv.PublicKey)
	}
	return pubs, nil
}
