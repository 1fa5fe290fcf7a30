package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

// sign signs req in the Authorization header, recording each stage in tr when it is not nil.
func (s *SigV4) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := s.checkInput(req, creds); err != nil {
		return err
	}
	t := apisig.Now(s.Clock).UTC()
	date := amzDate(t)
	setHeader(req.Header, HeaderDate, date)

	token := creds.SessionToken.Reveal()
	placement := s.SessionToken
	if placement == TokenAuto {
		placement = TokenSignedHeader
	}
	if token != "" {
		switch placement {
		case TokenSignedHeader:
			setHeader(req.Header, HeaderSecurityToken, token)
		case TokenSignedQuery:
			setQueryParam(req, QuerySecurityToken, token)
		default:
			req.Header.Del(HeaderSecurityToken)
		}
	}

	sc := getScratch()
	defer putScratch(sc)
	payload, err := s.payloadHash(req, false, sc)
	if err != nil {
		return err
	}
	if s.ContentSHA256.resolve(s.isS3()) {
		setHeader(req.Header, HeaderContentSHA256, payload)
	}
	if s.isS3() && s.Dialect.PathEncoding == PathEncodingAuto && s.Dialect == (Dialect{}) {
		// Send the path exactly as it is signed: Go would leave '+', '$', ',' ... literal, and
		// S3 would then sign something else (a '+' in a path is a space to some S3 servers).
		setRawPath(req)
	}

	sig, lay, sc2, err := s.compute(&canonicalInput{req: req, host: s.hostOf(req), payloadHash: payload}, date, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return err
	}
	_ = sc2
	sep := s.separator()
	sh := sc.buf[lay.signedHeaders[0]:lay.signedHeaders[1]]
	sco := s.scopeFor(date)
	var b strings.Builder
	b.Grow(len(Algorithm) + len(" Credential=") + len(creds.AccessKeyID) + 1 + len(sco.date) + len(sco.region) + len(sco.service) + 16 +
		2*len(sep) + len("SignedHeaders=") + len(sh) + len("Signature=") + len(sig))
	b.WriteString(Algorithm)
	b.WriteString(" Credential=")
	b.WriteString(creds.AccessKeyID)
	b.WriteByte('/')
	b.WriteString(sco.date)
	b.WriteByte('/')
	b.WriteString(sco.region)
	b.WriteByte('/')
	b.WriteString(sco.service)
	b.WriteString("/aws4_request")
	b.WriteString(sep)
	b.WriteString("SignedHeaders=")
	b.Write(sh)
	b.WriteString(sep)
	b.WriteString("Signature=")
	b.Write(sig)
	auth := b.String()
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)

	if token != "" {
		switch placement {
		case TokenUnsignedHeader:
			setHeader(req.Header, HeaderSecurityToken, token)
			tr.Add(apisig.StepPlacement, "X-Amz-Security-Token header (unsigned)", apisig.Redacted)
		case TokenUnsignedQuery:
			setQueryParam(req, QuerySecurityToken, token)
			tr.Add(apisig.StepPlacement, "X-Amz-Security-Token query parameter (unsigned)", apisig.Redacted)
		}
	}
	return nil
}

// compute builds the canonical request, the string to sign and the signature. The signature is
// hex in sc.sig.
func (s *SigV4) compute(in *canonicalInput, date, secret string, sc *scratch, tr *apisig.Trace) ([]byte, layout, *scratch, error) {
	lay, err := s.buildCanonical(in, sc)
	if err != nil {
		return nil, lay, sc, err
	}
	sco := s.scopeFor(date)
	if tr != nil {
		tr.Add(apisig.StepInput, "signing time (X-Amz-Date)", date)
		tr.Add(apisig.StepInput, "credential scope", string(sco.append(nil)))
		tr.Add(apisig.StepInput, "canonical URI", string(sc.buf[lay.uri[0]:lay.uri[1]]))
		tr.Add(apisig.StepInput, "canonical query string", string(sc.buf[lay.query[0]:lay.query[1]]))
		tr.Add(apisig.StepInput, "canonical headers", string(sc.buf[lay.headers[0]:lay.headers[1]]))
		tr.Add(apisig.StepInput, "signed headers", string(sc.buf[lay.signedHeaders[0]:lay.signedHeaders[1]]))
		tr.Add(apisig.StepInput, "payload hash", in.payloadHash)
		tr.Add(apisig.StepCanonicalRequest, "canonical request", string(sc.buf))
	}
	sc.h.Reset()
	sc.h.Write(sc.buf)
	crHash := sc.h.Sum(sc.sum[:0])
	sc.tmp = sco.append(sc.tmp[:0])
	sc.sts = appendStringToSign(sc.sts[:0], date, sc.tmp, crHash)
	tr.Add(apisig.StepStringToSign, "string to sign", string(sc.sts))

	id := keyID{secret: secret, date: sco.date, region: sco.region, service: sco.service, chain: s.Dialect.KeyDerivation}
	if tr != nil {
		deriveKey(id, tr)
	}
	sig := macHex(derivedKeys.get(id), sc.sts, sc)
	tr.Add(apisig.StepSignature, "signature = hex(HMAC(kSigning, string to sign))", string(sig))
	return sig, lay, sc, nil
}

func (s *SigV4) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, SchemeID)
	case !creds.Valid():
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	case s.Region == "":
		return &apisig.RequestError{Scheme: SchemeID, Part: "region", Problem: "is empty; set SigV4.Region (e.g. \"us-east-1\")", Kind: apisig.ErrInvalidInput}
	case s.Service == "":
		return &apisig.RequestError{Scheme: SchemeID, Part: "service", Problem: "is empty; set SigV4.Service to the service's signing name (e.g. \"s3\")", Kind: apisig.ErrInvalidInput}
	case strings.Contains(creds.AccessKeyID, "/"):
		return &apisig.RequestError{Scheme: SchemeID, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains '/', which would break the credential scope", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return nil
}

// payloadHash returns the payload hash to sign.
func (s *SigV4) payloadHash(req *http.Request, presign bool, sc *scratch) (string, error) {
	switch s.Payload {
	case PayloadUnsigned:
		return UnsignedPayload, nil
	case PayloadEmptyHash:
		return EmptyPayloadHash, nil
	case PayloadAuto:
		if v := headerValue(req.Header, HeaderContentSHA256); v != "" {
			return v, nil
		}
		if presign && s.isS3() {
			return UnsignedPayload, nil
		}
	case PayloadHashed:
	default:
		return "", fmt.Errorf("%w: %s: unknown PayloadMode %d", apisig.ErrInvalidInput, SchemeID, s.Payload)
	}
	if req.Body == nil || req.Body == http.NoBody {
		return EmptyPayloadHash, nil
	}
	h := sha256.New()
	if err := bodyhash.Write(h, req); err != nil {
		return "", fmt.Errorf("%s: payload hash: %w", SchemeID, err)
	}
	return hex.EncodeToString(h.Sum(sc.sum[:0])), nil
}

// headerValue returns the first value of a header, looked up by its canonical key and, failing
// that, case-insensitively (callers build requests with lower-case keys too).
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

// setHeader sets a header to one value, reusing the slice it had, and removes any spelling of
// the same name in another case so the request never carries two.
func setHeader(h http.Header, name, value string) {
	for k := range h {
		if k != name && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = append(h[name][:0], value)
}

// setQueryParam replaces a query parameter in the request's raw query, keeping the others as sent.
func setQueryParam(req *http.Request, key, value string) {
	req.URL.RawQuery = withParam(req.URL.RawQuery, key, value)
}

func withParam(raw, key, value string) string {
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		if seg == "" {
			continue
		}
		k, _, _ := strings.Cut(seg, "=")
		if dk, err := canon.Unescape(k, true); err == nil && dk == key {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	enc := canon.Encoding{Set: canon.Unreserved}
	b.WriteString(enc.Escape(key))
	b.WriteByte('=')
	b.WriteString(enc.Escape(value))
	return b.String()
}

// setRawPath makes the request send its path escaped exactly as S3's canonical URI escapes it.
func setRawPath(req *http.Request) {
	p := req.URL.Path
	enc := canon.Encoding{Set: canon.Unreserved}
	if enc.Escape(strings.ReplaceAll(p, "/", "")) == strings.ReplaceAll(p, "/", "") {
		req.URL.RawPath = ""
		return
	}
	req.URL.RawPath = string(enc.AppendPath(nil, p))
}

// Presign signs req into its URL for expires. It returns the URL, the headers the holder must
// send (every signed header but Host) and the expiry; req itself is not modified.
func (s *SigV4) Presign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	return s.presign(req, creds, expires, nil)
}

// ExplainPresign presigns as [SigV4.Presign] does and returns the trace of every stage.
func (s *SigV4) ExplainPresign(_ context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: SchemeID}
	p, err := s.presign(req, creds, expires, tr)
	return p, tr, err
}

func (s *SigV4) presign(req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	if err := s.checkInput(req, creds); err != nil {
		return nil, err
	}
	if expires <= 0 || expires > MaxPresignExpiry || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: QueryExpires, Value: expires.String(),
			Problem: "must be a whole number of seconds from 1 to 604800 (7 days)", Kind: apisig.ErrInvalidInput}
	}
	t := apisig.Now(s.Clock).UTC()
	date := amzDate(t)
	out := req.Clone(req.Context())
	// Earlier presign parameters would be signed into the new signature; drop them.
	out.URL.RawQuery = withoutAuthParams(out.URL.RawQuery)
	out.Header.Del(HeaderAuthorization)
	out.Header.Del(HeaderDate)

	sc := getScratch()
	defer putScratch(sc)
	payload, err := s.payloadHash(out, true, sc)
	if err != nil {
		return nil, err
	}
	if s.isS3() && s.Dialect == (Dialect{}) {
		setRawPath(out)
	}
	token := creds.SessionToken.Reveal()
	placement := s.SessionToken
	if placement == TokenAuto {
		placement = TokenSignedQuery
	}
	if token != "" && placement == TokenSignedHeader {
		setHeader(out.Header, HeaderSecurityToken, token)
	}
	host := s.hostOf(out)

	// The signed headers are chosen as for header signing; the list goes into the query, so
	// compute it first from a canonical pass without the extra parameters.
	in := &canonicalInput{req: out, host: host, payloadHash: payload}
	lay, err := s.buildCanonical(in, sc)
	if err != nil {
		return nil, err
	}
	signedHeaders := string(sc.buf[lay.signedHeaders[0]:lay.signedHeaders[1]])
	sco := s.scopeFor(date)
	credential := creds.AccessKeyID + "/" + string(sco.append(nil))
	in.extra = []canon.Pair{
		{Key: QueryAlgorithm, Value: Algorithm},
		{Key: QueryCredential, Value: credential},
		{Key: QueryDate, Value: date},
		{Key: QueryExpires, Value: strconv.FormatInt(int64(expires/time.Second), 10)},
		{Key: QuerySignedHeaders, Value: signedHeaders},
	}
	if token != "" && placement == TokenSignedQuery {
		in.extra = append(in.extra, canon.Pair{Key: QuerySecurityToken, Value: token})
	}
	sig, lay, _, err := s.compute(in, date, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return nil, err
	}
	q := string(sc.buf[lay.query[0]:lay.query[1]]) + "&" + QuerySignature + "=" + string(sig)
	if token != "" && placement == TokenUnsignedQuery {
		q += "&" + QuerySecurityToken + "=" + canon.Encoding{Set: canon.Unreserved}.Escape(token)
	}
	out.URL.RawQuery = q
	u := *out.URL
	if u.Host == "" {
		u.Host = out.Host
	}
	tr.Add(apisig.StepPlacement, "presigned URL", redactToken(u.String(), token))

	hdr := make(http.Header)
	for k, v := range out.Header {
		if !isIgnored(k) && !strings.EqualFold(k, "host") {
			hdr[k] = v
		}
	}
	return &apisig.Presigned{Method: out.Method, URL: &u, Header: hdr, Expires: t.Add(expires)}, nil
}

// withoutAuthParams removes X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
// -Security-Token and -Signature from a raw query.
func withoutAuthParams(raw string) string {
	if !strings.Contains(raw, "X-Amz-") {
		return raw
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		k, _, _ := strings.Cut(seg, "=")
		switch k {
		case QueryAlgorithm, QueryCredential, QueryDate, QueryExpires, QuerySignedHeaders, QuerySecurityToken, QuerySignature:
			continue
		}
		if seg == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	return b.String()
}

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	enc := canon.Encoding{Set: canon.Unreserved}.Escape(token)
	return strings.ReplaceAll(strings.ReplaceAll(s, enc, apisig.Redacted), token, apisig.Redacted)
}
