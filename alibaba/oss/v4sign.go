package oss

import (
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// v4Input is what a V4 canonical request is built from, beyond the request.
type v4Input struct {
	req        *http.Request
	tgt        target
	datetime   string // YYYYMMDD'T'HHMMSS'Z'
	additional []string
	// verifyQuery leaves x-oss-signature out of the canonical query.
	verifyQuery bool
	token       string
	// parsed says the query is in pairs (decoded), not to be read from the request's URL.
	parsed bool
	pairs  []canon.Pair
}

func (s *V4) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return &apisig.RequestError{Scheme: IDV4, Part: "request", Problem: "request or its URL is nil", Kind: apisig.ErrInvalidInput}
	case !creds.Valid():
		return &apisig.RequestError{Scheme: IDV4, Part: "credentials", Problem: "AccessKeyId and AccessKeySecret are both required", Kind: apisig.ErrNoCredentials}
	case strings.ContainsAny(creds.AccessKeyID, "/, \t\r\n"):
		return &apisig.RequestError{Scheme: IDV4, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains '/', ',' or white space, which would break the credential", Kind: apisig.ErrInvalidInput}
	case s.Region == "":
		return &apisig.RequestError{Scheme: IDV4, Part: "region", Problem: "is empty; set V4.Region (e.g. \"cn-hangzhou\")", Kind: apisig.ErrInvalidInput}
	}
	return s.Dialect.check()
}

// additionalFor returns the sorted, lower-case additional headers to sign: those configured
// that the request carries with a non-empty value, leaving out the ones always signed.
func (s *V4) additionalFor(req *http.Request) []string {
	if len(s.AdditionalHeaders) == 0 {
		return nil
	}
	var out []string
	for _, name := range s.AdditionalHeaders {
		low := strings.ToLower(name)
		if isDefaultSignedV4(low) || slices.Contains(out, low) {
			continue
		}
		if s.Dialect.AdditionalHeaders == AdditionalListed || headerValue(req, low) != "" {
			out = append(out, low)
		}
	}
	slices.Sort(out)
	return out
}

func isDefaultSignedV4(low string) bool {
	return strings.HasPrefix(low, "x-oss-") || low == "content-type" || low == "content-md5"
}

// headerValue returns a header's first value; "host" is the request's host.
func headerValue(req *http.Request, low string) string {
	if low == "host" {
		if req.Host != "" {
			return req.Host
		}
		return req.URL.Host
	}
	return getHeader(req.Header, low)
}

func (s *V4) signHeader(req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := s.checkInput(req, creds); err != nil {
		return err
	}
	tgt, err := resolveTarget(IDV4, req, s.Bucket, s.Addressing)
	if err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	t := apisig.Now(s.Clock)
	datetime := isoDate(t)
	setHeader(req.Header, HeaderOSSDate, datetime)
	setHeader(req.Header, HeaderDate, httpDate(t))
	setHeader(req.Header, HeaderContentSHA256, UnsignedPayload)
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(req.Header, HeaderSecurityToken, token)
	}
	if s.Dialect.URISlash == URISlashKept {
		setRawPath(req)
	}
	in := v4Input{req: req, tgt: tgt, datetime: datetime, additional: s.additionalFor(req), token: token}
	sc := getScratch()
	defer putScratch(sc)
	sig, err := s.compute(&in, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return err
	}
	region, product := s.scope()
	var b strings.Builder
	b.Grow(len(AlgorithmV4) + 64 + len(creds.AccessKeyID) + len(region) + len(product) + len(scopeTerminator) + 20*len(in.additional) + len(sig))
	b.WriteString(AlgorithmV4)
	b.WriteString(" Credential=")
	b.WriteString(creds.AccessKeyID)
	b.WriteByte('/')
	b.WriteString(datetime[:8])
	b.WriteByte('/')
	b.WriteString(region)
	b.WriteByte('/')
	b.WriteString(product)
	b.WriteString("/" + scopeTerminator)
	if len(in.additional) > 0 {
		b.WriteString(",AdditionalHeaders=")
		for i, h := range in.additional {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(h)
		}
	}
	b.WriteString(",Signature=")
	b.Write(sig)
	auth := b.String()
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// scope returns the region and product written in the scope and used in the key.
func (s *V4) scope() (region, product string) {
	region, product = s.Region, s.product()
	if s.Dialect.ScopeRegion != "" {
		region = s.Dialect.ScopeRegion
	}
	if s.Dialect.ScopeProduct != "" {
		product = s.Dialect.ScopeProduct
	}
	return region, product
}

// compute builds the canonical request (sc.buf) and string to sign (sc.sts) and returns the
// hex signature (sc.sig).
func (s *V4) compute(in *v4Input, secret string, sc *scratch, tr *apisig.Trace) ([]byte, error) {
	cr, err := s.canonicalRequest(in, sc)
	if err != nil {
		return nil, err
	}
	region, product := s.scope()
	date := in.datetime[:8]
	sc.sha256.Reset()
	sc.sha256.Write(cr)
	crHash := sc.sha256.Sum(sc.sum[:0])
	b := sc.sts[:0]
	b = append(b, AlgorithmV4+"\n"...)
	b = append(b, in.datetime...)
	b = append(b, '\n')
	b = append(b, date...)
	b = append(b, '/')
	b = append(b, region...)
	b = append(b, '/')
	b = append(b, product...)
	b = append(b, "/"+scopeTerminator+"\n"...)
	b = hex.AppendEncode(b, crHash)
	sc.sts = b
	id := v4KeyID{secret: secret, date: date, region: region, product: product, prefix: s.Dialect.KeyPrefix}
	if tr != nil {
		tr.Add(apisig.StepInput, "signing time (x-oss-date)", in.datetime)
		tr.Add(apisig.StepInput, "scope", date+"/"+region+"/"+product+"/"+scopeTerminator)
		addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(cr), in.token)
		tr.Add(apisig.StepStringToSign, "string to sign", string(b))
		deriveV4(id, tr)
	}
	sc.mac = v4Key(id).Sum(sc.sha256, sc.mac[:0], b)
	sc.sig = hex.AppendEncode(sc.sig[:0], sc.mac)
	if tr != nil {
		tr.Add(apisig.StepSignature, "signature = hex(HMAC-SHA256(kSigning, string to sign))", string(sc.sig))
	}
	return sc.sig, nil
}

// canonicalRequest writes, to sc.buf:
//
//	VERB \n escaped /bucket/key \n canonical query \n canonical headers \n additional headers \n payload hash
func (s *V4) canonicalRequest(in *v4Input, sc *scratch) ([]byte, error) {
	req := in.req
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if s.Dialect.Method != "" {
		method = s.Dialect.Method
	}
	b := append(sc.buf[:0], method...)
	b = append(b, '\n')
	// Canonical URI: /bucket/key with RFC 3986 unreserved bytes and '/' literal.
	b = s.appendURI(b, in.tgt)
	b = append(b, '\n')

	// Canonical query: decoded and re-escaped, sorted by escaped key then value, "k" alone
	// for an empty value.
	pairs := in.pairs
	if !in.parsed {
		var err error
		if pairs, err = requestQueryV4(in, sc); err != nil {
			return nil, err
		}
	}
	b = canonicalQueryV4.Append(b, pairs, &sc.canonQuery)
	b = append(b, '\n')

	// Canonical headers: x-oss-*, Content-Type, Content-MD5 and the additional ones,
	// lower-case, sorted, values trimmed and joined with ','.
	hs := sc.hdrs[:0]
	for k, v := range req.Header {
		switch {
		case hasPrefixFold(k, "x-oss-") || strings.EqualFold(k, HeaderContentMD5):
		case strings.EqualFold(k, HeaderContentType):
			if s.Dialect.ContentType == ContentTypeEmpty {
				continue
			}
		case containsFold(in.additional, k):
		default:
			continue
		}
		hs = append(hs, kv{k: k, v: joinTrimmed(v)})
	}
	for _, a := range in.additional {
		if a == "host" {
			hs = append(hs, kv{k: a, v: headerValue(req, a)})
		} else if s.Dialect.AdditionalHeaders == AdditionalListed && getHeader(req.Header, a) == "" {
			hs = append(hs, kv{k: a})
		}
	}
	sc.hdrs = hs
	slices.SortFunc(hs, compareHeaders)
	for _, h := range hs {
		b = canon.AppendLower(b, h.k)
		b = append(b, ':')
		b = append(b, h.v...)
		b = append(b, '\n')
	}
	b = append(b, '\n')
	for i, a := range in.additional {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, a...)
	}
	b = append(b, '\n')
	payload := getHeader(req.Header, HeaderContentSHA256)
	if payload == "" {
		payload = UnsignedPayload
	}
	b = append(b, payload...)
	sc.buf = b
	return b, nil
}

// canonicalQueryV4 is the V4 canonical query: RFC 3986 unreserved bytes literal, sorted by
// escaped key then escaped value, "k" alone for an empty value, every repeated key kept.
var canonicalQueryV4 = canon.QueryRule{Encoding: canon.Encoding{Set: canon.Unreserved}, Sort: canon.SortEncoded, Valueless: canon.ValuelessBare}

// requestQueryV4 decodes the request's query into sc.reqPairs, leaving out x-oss-signature when
// verifying a presigned URL.
func requestQueryV4(in *v4Input, sc *scratch) ([]canon.Pair, error) {
	pairs, err := canon.AppendQuery(sc.reqPairs[:0], in.req.URL.RawQuery, true)
	sc.reqPairs = pairs
	if err != nil {
		seg := ""
		if qe, ok := errors.AsType[*canon.QueryError](err); ok {
			seg = qe.Param
		}
		return nil, &apisig.RequestError{Scheme: IDV4, Part: "query parameter", Value: seg, Problem: "has a malformed percent-escape", Kind: apisig.ErrInvalidInput}
	}
	if in.verifyQuery {
		pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool { return p.Key == QuerySignatureV4 })
	}
	return pairs, nil
}

func containsFold(list []string, k string) bool {
	for _, a := range list {
		if len(a) == len(k) && strings.EqualFold(a, k) {
			return true
		}
	}
	return false
}

func (s *V4) presign(req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	if err := s.checkInput(req, creds); err != nil {
		return nil, err
	}
	if expires <= 0 || expires > MaxPresignExpiryV4 || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: IDV4, Part: QueryExpiresV4, Value: expires.String(), Problem: "must be a whole number of seconds from 1 to 604800 (7 days)", Kind: apisig.ErrInvalidInput}
	}
	tgt, err := resolveTarget(IDV4, req, s.Bucket, s.Addressing)
	if err != nil {
		return nil, err
	}
	sc := getScratch()
	defer putScratch(sc)
	pairs, err := canon.AppendQuery(sc.qpairs[:0], req.URL.RawQuery, true)
	sc.qpairs = pairs
	if err != nil {
		return nil, &apisig.RequestError{Scheme: IDV4, Part: "query", Value: req.URL.RawQuery, Problem: "has a malformed percent-escape", Kind: apisig.ErrInvalidInput}
	}
	// Earlier signature parameters would be signed into the new signature: drop them.
	pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool {
		switch p.Key {
		case QuerySignatureVersion, QueryCredential, QueryDate, QueryExpiresV4, QuerySignatureV4, QueryAdditional, QuerySecurityTokenV4:
			return true
		}
		return false
	})
	t := apisig.Now(s.Clock)
	datetime := isoDate(t)
	region, product := s.scope()
	additional := s.additionalFor(req)
	pairs = append(pairs,
		canon.Pair{Key: QuerySignatureVersion, Value: AlgorithmV4},
		canon.Pair{Key: QueryDate, Value: datetime},
		canon.Pair{Key: QueryExpiresV4, Value: v4Expires.get(int64(expires/time.Second), formatInt)},
		canon.Pair{Key: QueryCredential, Value: credentialV4(creds.AccessKeyID, datetime[:8], region, product)},
	)
	if len(additional) > 0 {
		pairs = append(pairs, canon.Pair{Key: QueryAdditional, Value: strings.Join(additional, ";")})
	}
	token := creds.SessionToken.Reveal()
	if token != "" {
		pairs = append(pairs, canon.Pair{Key: QuerySecurityTokenV4, Value: token})
	}
	in := v4Input{req: req, tgt: tgt, datetime: datetime, additional: additional, token: token, parsed: true, pairs: pairs}
	sig, err := s.compute(&in, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return nil, err
	}
	sc.qpairs = pairs
	q := appendPresignQuery(sc.query[:0], pairs, QuerySignatureV4, sig)
	sc.query = q
	p := newPresigned(req, string(q), additional, t.Add(expires))
	if s.Dialect.URISlash == URISlashKept {
		setRawPathURL(p.URL)
	}
	if tr != nil {
		tr.Add(apisig.StepPlacement, "presigned URL", redactToken(p.URL.String(), token))
	}
	return p, nil
}

// v4Expires remembers the last x-oss-expires value formatted.
var v4Expires lastString[int64]

// credentialV4 returns x-oss-credential, "AccessKeyId/date/region/product/aliyun_v4_request",
// remembering the last one made.
func credentialV4(accessKeyID, date, region, product string) string {
	return v4Credentials.get(credentialKey{accessKeyID, date, region, product}, func(k credentialKey) string {
		return k.accessKeyID + "/" + k.date + "/" + k.region + "/" + k.product + "/" + scopeTerminator
	})
}

type credentialKey struct{ accessKeyID, date, region, product string }

var v4Credentials lastString[credentialKey]

// appendURI appends the canonical URI: /bucket/key escaped with RFC 3986 unreserved bytes and
// '/' literal (or '/' escaped too, with the uri-slash knob).
func (s *V4) appendURI(b []byte, t target) []byte {
	enc := canon.Encoding{Set: canon.Unreserved}
	sep := "/"
	if s.Dialect.URISlash == URISlashEscaped {
		sep = "%2F"
	}
	b = append(b, sep...)
	if t.hasBucket {
		b = enc.Append(b, t.bucket)
		b = append(b, sep...)
	}
	if sep == "/" {
		return enc.AppendPath(b, t.key)
	}
	return enc.Append(b, t.key)
}
