package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
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
	sc := getScratch()
	defer putScratch(sc)
	m := collectHeaders(req.Header, sc)
	m.set(req.Header, managedDate, date)

	token := creds.SessionToken.Reveal()
	placement := s.SessionToken
	if placement == TokenAuto {
		placement = TokenSignedHeader
	}
	if token != "" {
		switch placement {
		case TokenSignedHeader:
			m.set(req.Header, managedToken, token)
		case TokenSignedQuery:
			setQueryParam(req, QuerySecurityToken, token)
		default:
			m.del(req.Header, managedToken)
		}
	}

	var claimed string
	if v := m.values[managedContentSHA256]; len(v) > 0 {
		claimed = v[0]
	}
	payload, err := s.payloadHash(req, claimed, false, sc)
	if err != nil {
		return err
	}
	if s.ContentSHA256.resolve(s.isS3()) {
		m.set(req.Header, managedContentSHA256, payload)
	}
	if s.isS3() && s.Dialect.wireEncoding() {
		// Send the path exactly as it is signed: Go would leave '+', '$', ',' ... literal, and
		// S3 would then sign something else (a '+' in a path is a space to some S3 servers).
		setRawPath(req)
	}

	// The managed headers, as now set, join the ones collected from the request.
	for i, v := range m.values[:managedAuthorization] {
		if len(v) > 0 {
			sc.headers = append(sc.headers, headerRef{name: managedHeaders[i], values: v})
		}
	}
	in := canonicalInput{req: req, host: s.hostOf(req), payloadHash: payload, token: token, collected: true}
	sig, lay, err := s.compute(&in, date, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return err
	}
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
	m.set(req.Header, managedAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)

	if token != "" {
		switch placement {
		case TokenUnsignedHeader:
			m.set(req.Header, managedToken, token)
			tr.Add(apisig.StepPlacement, "X-Amz-Security-Token header (unsigned)", apisig.Redacted)
		case TokenUnsignedQuery:
			setQueryParam(req, QuerySecurityToken, token)
			tr.Add(apisig.StepPlacement, "X-Amz-Security-Token query parameter (unsigned)", apisig.Redacted)
		}
	}
	return nil
}

// addRedacted records a step, hiding the session token in it (plain and percent-encoded) if
// it appears.
func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
	if r := redactToken(v, token); r != v {
		tr.AddRedacted(kind, name, r, apisig.NewSecret(v))
		return
	}
	tr.Add(kind, name, v)
}

// compute builds the canonical request, the string to sign and the signature. The signature is
// hex in sc.sig.
func (s *SigV4) compute(in *canonicalInput, date, secret string, sc *scratch, tr *apisig.Trace) ([]byte, layout, error) {
	lay, err := s.buildCanonical(in, sc)
	if err != nil {
		return nil, lay, err
	}
	sco := s.scopeFor(date)
	if tr != nil {
		part := func(at [2]int) string { return string(sc.buf[at[0]:at[1]]) }
		tr.Add(apisig.StepInput, "signing time (X-Amz-Date)", date)
		tr.Add(apisig.StepInput, "credential scope", string(sco.append(nil)))
		tr.Add(apisig.StepInput, "canonical URI", part(lay.uri))
		addRedacted(tr, apisig.StepInput, "canonical query string", part(lay.query), in.token)
		addRedacted(tr, apisig.StepInput, "canonical headers", part(lay.headers), in.token)
		tr.Add(apisig.StepInput, "signed headers", part(lay.signedHeaders))
		tr.Add(apisig.StepInput, "payload hash", in.payloadHash)
		addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(sc.buf), in.token)
	}
	sc.h.Reset()
	sc.h.Write(sc.buf)
	crHash := sc.h.Sum(sc.sum[:0])
	sc.tmp = sco.append(sc.tmp[:0])
	sc.sts = appendStringToSign(sc.sts[:0], date, sc.tmp, crHash)
	if tr != nil {
		tr.Add(apisig.StepStringToSign, "string to sign", string(sc.sts))
	}

	id := keyID{secret: secret, date: sco.date, region: sco.region, service: sco.service, chain: s.Dialect.KeyDerivation}
	if tr != nil {
		if _, err := deriveKey(id, tr); err != nil {
			return nil, lay, err
		}
	}
	key, err := derivedKeys.get(id)
	if err != nil {
		return nil, lay, err
	}
	sig := macHex(key, sc.sts, sc)
	if tr != nil {
		tr.Add(apisig.StepSignature, "signature = hex(HMAC(kSigning, string to sign))", string(sig))
	}
	return sig, lay, nil
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
func (s *SigV4) payloadHash(req *http.Request, claimed string, presign bool, sc *scratch) (string, error) {
	switch s.Payload {
	case PayloadUnsigned:
		return UnsignedPayload, nil
	case PayloadEmptyHash:
		return EmptyPayloadHash, nil
	case PayloadAuto:
		if claimed != "" {
			return claimed, nil
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

// managedHeaders are the headers the signer sets, indexed by the managed* constants. Callers
// build requests with lower-case keys too; collectHeaders folds other spellings of these into
// the canonical key, so the request never carries two.
var managedHeaders = [...]string{HeaderDate, HeaderSecurityToken, HeaderContentSHA256, HeaderAuthorization}

const (
	managedDate = iota
	managedToken
	managedContentSHA256
	managedAuthorization
)

// managed holds the values of the managed headers, so each is read and set with one map access.
type managed struct {
	values [len(managedHeaders)][]string
}

// set sets header i to one value, reusing its slice.
func (m *managed) set(h http.Header, i int, v string) {
	m.values[i] = append(m.values[i][:0], v)
	h[managedHeaders[i]] = m.values[i]
}

func (m *managed) del(h http.Header, i int) {
	if m.values[i] != nil {
		delete(h, managedHeaders[i])
		m.values[i] = nil
	}
}

// collectHeaders walks the header map once: it moves any other spelling of a managed header to
// its canonical key and records its values, and records every other header that is signed (not
// host, not ignored) in sc.headers. The caller adds the managed headers once it has set them.
func collectHeaders(h http.Header, sc *scratch) managed {
	var m managed
	hs := sc.headers[:0]
next:
	for k, v := range h {
		for i, name := range managedHeaders {
			if len(k) == len(name) && strings.EqualFold(k, name) {
				if k != name {
					delete(h, k)
					v = append(h[name], v...)
					h[name] = v
				}
				m.values[i] = v
				continue next
			}
		}
		if len(k) == 4 && strings.EqualFold(k, "host") || isIgnored(k) {
			continue
		}
		hs = append(hs, headerRef{name: k, values: v})
	}
	sc.headers = hs
	return m
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
	if req.URL.Opaque != "" {
		return // sent verbatim, and signed as sent
	}
	p := req.URL.Path
	literal := true
	for i := 0; i < len(p) && literal; i++ {
		literal = p[i] == '/' || canon.Unreserved.Literal(p[i])
	}
	if literal {
		req.URL.RawPath = ""
		return
	}
	req.URL.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, p))
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
	token := creds.SessionToken.Reveal()
	placement := s.SessionToken
	if placement == TokenAuto {
		placement = TokenSignedQuery
	}
	if token != "" && placement == TokenSignedHeader {
		// Rare: the holder of the URL must send the token as a signed header.
		req = req.Clone(req.Context())
		req.Header.Set(HeaderSecurityToken, token)
	}
	// Sign a view of the request with its own URL, so req is never modified.
	view := *req
	u := new(url.URL)
	*u = *req.URL
	view.URL = u
	// Earlier presign parameters would be signed into the new signature; drop them.
	u.RawQuery = withoutAuthParams(u.RawQuery)
	if s.isS3() && s.Dialect.wireEncoding() {
		setRawPath(&view)
	}

	sc := getScratch()
	defer putScratch(sc)
	payload, err := s.payloadHash(&view, claimedContentSHA256(req.Header), true, sc)
	if err != nil {
		return nil, err
	}
	in := canonicalInput{req: &view, host: s.hostOf(&view), payloadHash: payload, presign: true, token: token}
	// The signed-headers list goes into the query, so a first pass finds it.
	lay, err := s.buildCanonical(&in, sc)
	if err != nil {
		return nil, err
	}
	signedHeaders := string(sc.buf[lay.signedHeaders[0]:lay.signedHeaders[1]])
	sco := s.scopeFor(date)
	sc.tmp = sco.append(append(append(sc.tmp[:0], creds.AccessKeyID...), '/'))
	in.extra = append(sc.extra[:0],
		canon.Pair{Key: QueryAlgorithm, Value: Algorithm},
		canon.Pair{Key: QueryCredential, Value: string(sc.tmp)},
		canon.Pair{Key: QueryDate, Value: date},
		canon.Pair{Key: QueryExpires, Value: strconv.FormatInt(int64(expires/time.Second), 10)},
		canon.Pair{Key: QuerySignedHeaders, Value: signedHeaders},
	)
	if token != "" && placement == TokenSignedQuery {
		in.extra = append(in.extra, canon.Pair{Key: QuerySecurityToken, Value: token})
	}
	sig, lay, err := s.compute(&in, date, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return nil, err
	}
	q := sc.buf[lay.query[0]:lay.query[1]]
	n := len(q) + len("&X-Amz-Signature=") + len(sig)
	if token != "" && placement == TokenUnsignedQuery {
		n += len("&X-Amz-Security-Token=") + 3*len(token)
	}
	var b strings.Builder
	b.Grow(n)
	b.Write(q)
	b.WriteString("&" + QuerySignature + "=")
	b.Write(sig)
	if token != "" && placement == TokenUnsignedQuery {
		b.WriteString("&" + QuerySecurityToken + "=")
		b.WriteString(canon.Encoding{Set: canon.Unreserved}.Escape(token))
	}
	u.RawQuery = b.String()
	if u.Host == "" {
		u.Host = view.Host
	}
	if tr != nil {
		tr.Add(apisig.StepPlacement, "presigned URL", redactToken(u.String(), token))
	}

	var hdr http.Header
	for k, v := range req.Header {
		if !isIgnored(k) && !strings.EqualFold(k, "host") && !strings.EqualFold(k, HeaderDate) {
			if hdr == nil {
				hdr = make(http.Header, len(req.Header))
			}
			hdr[k] = v
		}
	}
	return &apisig.Presigned{Method: req.Method, URL: u, Header: hdr, Expires: t.Add(expires)}, nil
}

// claimedContentSHA256 returns the X-Amz-Content-Sha256 value of h, in any spelling, without
// changing h.
func claimedContentSHA256(h http.Header) string {
	if v := h[HeaderContentSHA256]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && len(k) == len(HeaderContentSHA256) && strings.EqualFold(k, HeaderContentSHA256) {
			return v[0]
		}
	}
	return ""
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
