package aws

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

// Error codes SigV4 verification reports, as S3 names them.
const (
	CodeSignatureDoesNotMatch        = "SignatureDoesNotMatch"
	CodeRequestTimeTooSkewed         = "RequestTimeTooSkewed"
	CodeAuthorizationHeaderMalformed = codeHeaderMalformed
	CodeAuthorizationQueryError      = codeQueryMalformed
	CodeAccessDenied                 = "AccessDenied"
	CodeInvalidAccessKeyID           = "InvalidAccessKeyId"
	CodeContentSHA256Mismatch        = "XAmzContentSHA256Mismatch"
	CodeMissingSecurityHeader        = "MissingSecurityHeader"
)

// Verify checks a request signed with SigV4, in the Authorization header or presigned in the
// query. It looks the secret up in s.Keys, accepts the request when any of the key's secrets
// produces the signature (compared with [hmac.Equal]), and otherwise says why, with S3's error
// code: [*apisig.MismatchError] (SignatureDoesNotMatch, with the verifier's trace),
// RequestTimeTooSkewed, AuthorizationHeaderMalformed (wrong region or service, bad header),
// AccessDenied (presign expired), InvalidAccessKeyId.
//
// When Region or Service is empty, any region or service in the credential scope is accepted.
// The body is hashed through req.GetBody when the payload hash is not given by
// X-Amz-Content-Sha256; [apisig.Middleware] sets GetBody for server requests. An aws-chunked
// upload (X-Amz-Content-Sha256 STREAMING-...) is verified as [Chunked.Verify] does: req.Body is
// replaced by a reader that checks every chunk.
func (s *SigV4) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("aws-sigv4: SigV4.Keys is nil: a verifier needs a key store")
	}
	auth := req.Header.Get(HeaderAuthorization)
	q := req.URL.Query()
	switch {
	case auth != "":
		if alg, _, _ := strings.Cut(auth, " "); alg != Algorithm {
			return nil, malformed(codeHeaderMalformed, "Authorization header algorithm", alg, "want "+Algorithm)
		}
		if strings.HasPrefix(req.Header.Get(HeaderContentSHA256), "STREAMING-") {
			// An aws-chunked body: the header signature is only the seed, and the body must be
			// checked chunk by chunk as it is read.
			return (&Chunked{SigV4: *s}).Verify(ctx, req)
		}
		return s.verifyHeader(ctx, req, auth, nil)
	case q.Has(QuerySignature) || q.Has(QueryAlgorithm) || q.Has(QueryCredential):
		return s.verifyPresign(ctx, req)
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "request",
		Problem: "has no Authorization header and no X-Amz-Signature query parameter", Kind: apisig.ErrNotSigned}
}

// matchedKey receives the secret and credential scope a signature matched with, for callers
// that keep verifying with the same key (aws-chunked chunk signatures).
type matchedKey struct {
	secret string
	cred   Credential
}

func (s *SigV4) verifyHeader(ctx context.Context, req *http.Request, auth string, mk *matchedKey) (*apisig.Verified, error) {
	a, err := ParseAuthorization(auth)
	if err != nil {
		return nil, err
	}
	dateValue := req.Header.Get(HeaderDate)
	if dateValue == "" {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "X-Amz-Date header",
			Problem: "is missing; a header-signed request must carry its signing time as YYYYMMDD'T'HHMMSS'Z'", Kind: apisig.ErrMalformed}
	}
	t, err := parseAmzDate(dateValue, "X-Amz-Date header", codeHeaderMalformed)
	if err != nil {
		return nil, err
	}
	if a.Credential.Date != dateValue[:8] {
		return nil, malformed(codeHeaderMalformed, "Authorization header Credential", a.Credential.Date,
			"scope date does not match the date of X-Amz-Date "+dateValue)
	}
	if err := s.checkScope(a.Credential, "Authorization header Credential", codeHeaderMalformed); err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	if d := now.Sub(t); d > s.maxSkew() || -d > s.maxSkew() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeRequestTimeTooSkewed, Part: "X-Amz-Date header", Value: dateValue,
			Problem: fmt.Sprintf("differs from the server time %s by %s; at most %s is allowed", now.UTC().Format(amzDateLayout), d.Abs().Round(time.Second), s.maxSkew()),
			Kind:    apisig.ErrSkewed, SignedAt: t}
	}
	payload, err := s.verifyPayload(req, false)
	if err != nil {
		return nil, err
	}
	return s.match(ctx, req, a.Credential, a.SignedHeaders, a.Signature, t, payload, false, mk)
}

func (s *SigV4) verifyPresign(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	p, err := ParsePresign(req.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkScope(p.Credential, QueryCredential, codeQueryMalformed); err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	if now.After(p.Date.Add(p.Expires)) {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "presigned URL",
			Problem: fmt.Sprintf("request has expired: signed at %s for %s, server time %s", p.Date.Format(amzDateLayout), p.Expires, now.UTC().Format(amzDateLayout)),
			Kind:    apisig.ErrExpired, SignedAt: p.Date}
	}
	if p.Date.Sub(now) > s.maxSkew() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: QueryDate, Value: p.Date.Format(amzDateLayout),
			Problem: fmt.Sprintf("request is not valid yet: signed for a time more than %s after the server time %s", s.maxSkew(), now.UTC().Format(amzDateLayout)),
			Kind:    apisig.ErrSkewed, SignedAt: p.Date}
	}
	payload, err := s.verifyPayload(req, true)
	if err != nil {
		return nil, err
	}
	return s.match(ctx, req, p.Credential, p.SignedHeaders, p.Signature, p.Date, payload, true, nil)
}

// checkScope rejects a scope for another region or service than the verifier's.
func (s *SigV4) checkScope(c Credential, part, code string) error {
	if s.Region != "" && c.Region != s.Region {
		return malformed(code, part, c.Region, "the region is wrong; expecting "+s.Region)
	}
	if s.Service != "" && c.Service != s.Service {
		return malformed(code, part, c.Service, "the service is wrong; expecting "+s.Service)
	}
	return nil
}

// verifyPayload returns the payload hash to verify with. A hex X-Amz-Content-Sha256 must match
// the body actually received.
func (s *SigV4) verifyPayload(req *http.Request, presign bool) (string, error) {
	claimed := req.Header.Get(HeaderContentSHA256)
	switch {
	case claimed == "" && s.Payload == PayloadUnsigned:
		return UnsignedPayload, nil // a verifier set to a client's dialect, as diagnose does
	case claimed == "" && s.Payload == PayloadEmptyHash:
		return EmptyPayloadHash, nil
	case claimed == "":
		if presign && s.isS3() {
			return UnsignedPayload, nil
		}
		if s.isS3() && !presign {
			return "", &apisig.RequestError{Scheme: SchemeID, Code: "InvalidRequest", Part: "X-Amz-Content-Sha256 header",
				Problem: "is missing; S3 requires it on every header-signed request", Kind: apisig.ErrMalformed}
		}
		return bodySHA256(req)
	case strings.HasPrefix(claimed, "STREAMING-") && presign:
		// Verify sends a header-signed aws-chunked request to Chunked; a presigned one would
		// have its chunks passed on unchecked.
		return "", &apisig.RequestError{Scheme: SchemeID, Code: "InvalidRequest", Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "an aws-chunked upload is signed in the Authorization header, not presigned: its chunks could not be checked", Kind: apisig.ErrMalformed}
	case claimed == UnsignedPayload || strings.HasPrefix(claimed, "STREAMING-"):
		return claimed, nil
	case len(claimed) != 64 || !isLowerHex(claimed):
		return "", &apisig.RequestError{Scheme: SchemeID, Code: "InvalidArgument", Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or 64 lower-case hex digits", Kind: apisig.ErrMalformed}
	}
	actual, err := bodySHA256(req)
	if err != nil {
		return "", err
	}
	if actual != claimed {
		return "", &apisig.RequestError{Scheme: SchemeID, Code: CodeContentSHA256Mismatch, Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "does not match the SHA-256 of the body received, " + actual, Kind: apisig.ErrMismatch}
	}
	return claimed, nil
}

func bodySHA256(req *http.Request) (string, error) {
	h := sha256.New()
	if err := bodyhash.Write(h, req); err != nil {
		return "", fmt.Errorf("%s: hashing the body to verify it: %w", SchemeID, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// match recomputes the signature with each secret of the key and compares in constant time.
func (s *SigV4) match(ctx context.Context, req *http.Request, c Credential, signed []string, provided string, t time.Time, payload string, presign bool, mk *matchedKey) (*apisig.Verified, error) {
	secrets, err := s.Keys.Secrets(ctx, c.AccessKeyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeInvalidAccessKeyID, Part: "access key id", Value: c.AccessKeyID,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up access key id %q: %w", SchemeID, c.AccessKeyID, err)
	}
	v := *s
	v.Region, v.Service = c.Region, c.Service
	v.Dialect.ScopeRegion, v.Dialect.ScopeService, v.Dialect.ScopeDate = "", "", ""
	token := req.Header.Get(HeaderSecurityToken)
	if token == "" {
		token = req.URL.Query().Get(QuerySecurityToken)
	}
	in := &canonicalInput{req: req, host: v.hostOf(req), signed: signed, payloadHash: payload, dropSignature: presign, token: token,
		dropToken: !presign && s.SessionToken == TokenUnsignedQuery}
	date := t.UTC().Format(amzDateLayout)
	want := []byte(provided)
	sc := getScratch()
	defer putScratch(sc)
	for _, secret := range secrets {
		sig, _, err := v.compute(in, date, secret.Reveal(), sc, nil)
		if err != nil {
			return nil, err
		}
		if hmac.Equal(sig, want) {
			if mk != nil {
				mk.secret, mk.cred = secret.Reveal(), c
			}
			return &apisig.Verified{Scheme: SchemeID, AccessKeyID: c.AccessKeyID, SignedAt: t, Presigned: presign, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: SchemeID}
	if len(secrets) > 0 {
		if _, _, err := v.compute(in, date, secrets[0].Reveal(), sc, tr); err != nil {
			return nil, err
		}
	}
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: c.AccessKeyID, Provided: provided, Trace: tr}
}

// StreamsBody reports whether the request's body is an aws-chunked stream, which Verify checks
// chunk by chunk as it is read: [apisig.Middleware] then hands it over unbuffered.
func (s *SigV4) StreamsBody(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get(HeaderContentSHA256), "STREAMING-")
}
