package sigv4a

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

func (s *SigV4a) checkInput(req *http.Request, creds apisig.Credentials) (string, error) {
	switch {
	case req == nil || req.URL == nil:
		return "", fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, SchemeID)
	case !creds.Valid():
		return "", &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	case s.Service == "":
		return "", &apisig.RequestError{Scheme: SchemeID, Part: "service", Problem: "is empty; set SigV4a.Service to the service's signing name (e.g. \"s3\")", Kind: apisig.ErrInvalidInput}
	case len(s.RegionSet) == 0:
		return "", &apisig.RequestError{Scheme: SchemeID, Part: "region set", Problem: "is empty; set SigV4a.RegionSet (e.g. [\"us-east-1\"], or [\"*\"] for every region)", Kind: apisig.ErrInvalidInput}
	case strings.Contains(creds.AccessKeyID, "/"):
		return "", &apisig.RequestError{Scheme: SchemeID, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains '/', which would break the credential scope", Kind: apisig.ErrInvalidInput}
	}
	for _, r := range s.RegionSet {
		if r == "" || strings.ContainsAny(r, ", \t") {
			return "", &apisig.RequestError{Scheme: SchemeID, Part: "region set", Value: r, Problem: "a region must be non-empty, without ',' or spaces", Kind: apisig.ErrInvalidInput}
		}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return strings.Join(s.RegionSet, ","), nil
}

// scope returns YYYYMMDD/service/aws4_request, changed by the scope knobs.
func (s *SigV4a) scope(amzDate string) string {
	date, service := amzDate[:8], s.Service
	if s.Dialect.ScopeDate != "" {
		date = s.Dialect.ScopeDate
	}
	if s.Dialect.ScopeService != "" {
		service = s.Dialect.ScopeService
	}
	return date + "/" + service + "/aws4_request"
}

func (s *SigV4a) sign(req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	regionSet, err := s.checkInput(req, creds)
	if err != nil {
		return err
	}
	v := s.v4()
	date := apisig.Now(s.Clock).UTC().Format(amzDateLayout)
	setHeader(req.Header, aws.HeaderDate, date)
	setHeader(req.Header, HeaderRegionSet, regionSet)
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(req.Header, aws.HeaderSecurityToken, token)
	}
	payload, err := s.payloadHash(req, v, headerValue(req.Header, aws.HeaderContentSHA256), false)
	if err != nil {
		return err
	}
	if resolve(s.ContentSHA256, v.S3Rules()) {
		setHeader(req.Header, aws.HeaderContentSHA256, payload)
	}
	v.SetWirePath(req)
	cr, signed, err := v.AppendCanonicalRequest(nil, aws.CanonicalInput{Request: req, PayloadHash: payload})
	if err != nil {
		return err
	}
	scope := s.scope(date)
	sig, err := s.compute(cr, date, scope, regionSet, creds, token, tr)
	if err != nil {
		return err
	}
	auth := Algorithm + " Credential=" + creds.AccessKeyID + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + sig
	setHeader(req.Header, aws.HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// compute hashes the canonical request into the string to sign and signs that with ECDSA.
func (s *SigV4a) compute(cr []byte, date, scope, regionSet string, creds apisig.Credentials, token string, tr *apisig.Trace) (string, error) {
	sts := stringToSign(cr, date, scope)
	secret := creds.Secret.Reveal()
	if tr != nil {
		tr.Add(apisig.StepInput, "signing time (X-Amz-Date)", date)
		tr.Add(apisig.StepInput, "credential scope (no region)", scope)
		tr.Add(apisig.StepInput, "region set (X-Amz-Region-Set)", regionSet)
		addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(cr), token)
		tr.Add(apisig.StepStringToSign, "string to sign", string(sts))
		if _, err := deriveKey(creds.AccessKeyID, secret, tr); err != nil {
			return "", err
		}
	}
	priv, err := derivedKeys.get(creds.AccessKeyID, secret)
	if err != nil {
		return "", err
	}
	digest := sha256.Sum256(sts)
	var random = rand.Reader
	if s.Deterministic {
		random = nil // RFC 6979
	}
	der, err := priv.Sign(random, digest[:], crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("%s: ECDSA signing: %w", SchemeID, err)
	}
	sig := hex.EncodeToString(der)
	if tr != nil {
		name := "signature = hex(DER(ECDSA-P256(d, SHA-256(string to sign)))), randomised"
		if s.Deterministic {
			name = "signature = hex(DER(ECDSA-P256(d, SHA-256(string to sign)))), RFC 6979"
		}
		tr.Add(apisig.StepSignature, name, sig)
	}
	return sig, nil
}

// stringToSign builds
//
//	AWS4-ECDSA-P256-SHA256 \n YYYYMMDD'T'HHMMSS'Z' \n YYYYMMDD/service/aws4_request \n hex(SHA-256(canonical request))
func stringToSign(cr []byte, date, scope string) []byte {
	h := sha256.Sum256(cr)
	b := make([]byte, 0, len(Algorithm)+len(date)+len(scope)+3+64)
	b = append(b, Algorithm...)
	b = append(b, '\n')
	b = append(b, date...)
	b = append(b, '\n')
	b = append(b, scope...)
	b = append(b, '\n')
	return hex.AppendEncode(b, h[:])
}

// verifySignature checks a hex DER signature of the string to sign against a public key.
func verifySignature(pub *ecdsa.PublicKey, sts []byte, sigHex string) bool {
	der, err := hex.DecodeString(sigHex)
	if err != nil {
		return false
	}
	digest := sha256.Sum256(sts)
	return ecdsa.VerifyASN1(pub, digest[:], der)
}

func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
	if token == "" {
		tr.Add(kind, name, v)
		return
	}
	enc := canon.Encoding{Set: canon.Unreserved}.Escape(token)
	r := strings.ReplaceAll(strings.ReplaceAll(v, enc, apisig.Redacted), token, apisig.Redacted)
	if r == v {
		tr.Add(kind, name, v)
		return
	}
	tr.AddRedacted(kind, name, r, apisig.NewSecret(v))
}

// payloadHash returns the payload hash to sign, by the rules of aws.PayloadMode.
func (s *SigV4a) payloadHash(req *http.Request, v *aws.SigV4, claimed string, presign bool) (string, error) {
	switch s.Payload {
	case aws.PayloadUnsigned:
		return aws.UnsignedPayload, nil
	case aws.PayloadEmptyHash:
		return aws.EmptyPayloadHash, nil
	case aws.PayloadAuto:
		if claimed != "" {
			return claimed, nil
		}
		if presign && v.S3Rules() {
			return aws.UnsignedPayload, nil
		}
	case aws.PayloadHashed:
	default:
		return "", fmt.Errorf("%w: %s: unknown PayloadMode %d", apisig.ErrInvalidInput, SchemeID, s.Payload)
	}
	return bodySHA256(req)
}

func bodySHA256(req *http.Request) (string, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return aws.EmptyPayloadHash, nil
	}
	h := sha256.New()
	if err := bodyhash.Write(h, req); err != nil {
		return "", fmt.Errorf("%s: payload hash: %w", SchemeID, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func resolve(t aws.Toggle, auto bool) bool {
	switch t {
	case aws.On:
		return true
	case aws.Off:
		return false
	}
	return auto
}

// presign signs req into its URL.
func (s *SigV4a) presign(req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	regionSet, err := s.checkInput(req, creds)
	if err != nil {
		return nil, err
	}
	if expires <= 0 || expires > aws.MaxPresignExpiry || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: aws.QueryExpires, Value: expires.String(),
			Problem: "must be a whole number of seconds from 1 to 604800 (7 days)", Kind: apisig.ErrInvalidInput}
	}
	v := s.v4()
	t := apisig.Now(s.Clock).UTC()
	date := t.Format(amzDateLayout)
	token := creds.SessionToken.Reveal()
	view := *req
	u := new(url.URL)
	*u = *req.URL
	view.URL = u
	u.RawQuery = withoutAuthParams(u.RawQuery)
	v.SetWirePath(&view)
	payload, err := s.payloadHash(&view, v, headerValue(req.Header, aws.HeaderContentSHA256), true)
	if err != nil {
		return nil, err
	}
	// A first pass finds the signed-headers list, which goes into the query.
	_, signed, err := v.AppendCanonicalRequest(nil, aws.CanonicalInput{Request: &view, Presign: true, PayloadHash: payload})
	if err != nil {
		return nil, err
	}
	scope := s.scope(date)
	extra := []canon.Pair{
		{Key: aws.QueryAlgorithm, Value: Algorithm},
		{Key: aws.QueryCredential, Value: creds.AccessKeyID + "/" + scope},
		{Key: aws.QueryDate, Value: date},
		{Key: aws.QueryExpires, Value: strconv.FormatInt(int64(expires/time.Second), 10)},
		{Key: aws.QuerySignedHeaders, Value: signed},
		{Key: QueryRegionSet, Value: regionSet},
	}
	if token != "" {
		extra = append(extra, canon.Pair{Key: aws.QuerySecurityToken, Value: token})
	}
	cr, _, err := v.AppendCanonicalRequest(nil, aws.CanonicalInput{Request: &view, Presign: true, PayloadHash: payload, Query: extra})
	if err != nil {
		return nil, err
	}
	sig, err := s.compute(cr, date, scope, regionSet, creds, token, tr)
	if err != nil {
		return nil, err
	}
	lines := bytes.SplitN(cr, []byte("\n"), 4)
	u.RawQuery = string(lines[2]) + "&" + aws.QuerySignature + "=" + sig
	if u.Host == "" {
		u.Host = req.Host
	}
	if tr != nil {
		placed := u.String()
		if token != "" {
			placed = strings.ReplaceAll(placed, canon.Encoding{Set: canon.Unreserved}.Escape(token), apisig.Redacted)
		}
		tr.Add(apisig.StepPlacement, "presigned URL", placed)
	}
	var hdr http.Header
	for k, vals := range req.Header {
		if strings.EqualFold(k, "host") || strings.EqualFold(k, aws.HeaderDate) || strings.EqualFold(k, "authorization") || strings.EqualFold(k, "user-agent") {
			continue
		}
		if hdr == nil {
			hdr = make(http.Header, len(req.Header))
		}
		hdr[k] = vals
	}
	return &apisig.Presigned{Method: req.Method, URL: u, Header: hdr, Expires: t.Add(expires)}, nil
}

// withoutAuthParams removes the X-Amz-* signing parameters from a raw query.
func withoutAuthParams(raw string) string {
	if !strings.Contains(raw, "X-Amz-") {
		return raw
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		k, _, _ := strings.Cut(seg, "=")
		switch k {
		case aws.QueryAlgorithm, aws.QueryCredential, aws.QueryDate, aws.QueryExpires, aws.QuerySignedHeaders,
			aws.QuerySecurityToken, aws.QuerySignature, QueryRegionSet, "":
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// setHeader sets a header to one value, replacing every other spelling of its name.
func setHeader(h http.Header, name, value string) {
	for k := range h {
		if k != name && len(k) == len(name) && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	if v := h[name]; len(v) == 1 {
		v[0] = value // re-signing: reuse the slice
		return
	}
	h[name] = []string{value}
}

// headerValue returns the first value of a header in any spelling.
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && len(k) == len(name) && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}
