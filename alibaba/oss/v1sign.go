package oss

import (
	"crypto/fips140"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// v1Input is what a V1 string to sign is built from, beyond the request.
type v1Input struct {
	req *http.Request
	tgt target
	// dateLine is the Date header value (header signatures) or Expires (URL signatures).
	dateLine string
	// presign leaves the URL signature's own parameters out of the resource.
	presign bool
	// token is the session token, redacted from traces.
	token string
	// parsed says the query is in pairs (decoded), not to be read from the request's URL.
	parsed bool
	pairs  []canon.Pair
}

func (s *V1) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return &apisig.RequestError{Scheme: IDV1, Part: "request", Problem: "request or its URL is nil", Kind: apisig.ErrInvalidInput}
	case !creds.Valid():
		return &apisig.RequestError{Scheme: IDV1, Part: "credentials", Problem: "AccessKeyId and AccessKeySecret are both required", Kind: apisig.ErrNoCredentials}
	case strings.ContainsAny(creds.AccessKeyID, ": \t\r\n"):
		return &apisig.RequestError{Scheme: IDV1, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains ':' or white space, which would break the Authorization header", Kind: apisig.ErrInvalidInput}
	}
	if err := s.Dialect.check(); err != nil {
		return err
	}
	return checkFIPS()
}

// checkFIPS refuses HMAC-SHA1 in FIPS-only mode with an error instead of the panic crypto/hmac
// would raise.
func checkFIPS() error {
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: IDV1, Part: "algorithm", Value: "HMAC-SHA1",
			Problem: "is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); use OSS signature version 4", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

func (s *V1) formatDate(t time.Time) string {
	switch s.Dialect.DateFormat {
	case DateISO8601:
		return t.UTC().Format("2006-01-02T15:04:05Z")
	case DateLocal:
		return t.Local().Format("Mon, 02 Jan 2006 15:04:05 MST")
	}
	return httpDate(t)
}

func (s *V1) signHeader(req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := s.checkInput(req, creds); err != nil {
		return err
	}
	tgt, err := resolveTarget(IDV1, req, s.Bucket, s.Addressing)
	if err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	date := s.formatDate(apisig.Now(s.Clock))
	setHeader(req.Header, HeaderDate, date)
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(req.Header, HeaderSecurityToken, token)
	}
	if s.Dialect.ResourceKey == ResourceKeyDecoded {
		setRawPath(req)
	}
	sc := getScratch()
	defer putScratch(sc)
	in := v1Input{req: req, tgt: tgt, dateLine: date, token: token}
	sig, err := s.compute(&in, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len("OSS ") + len(creds.AccessKeyID) + 1 + 3*len(sig))
	b.WriteString("OSS ")
	b.WriteString(creds.AccessKeyID)
	b.WriteByte(':')
	if s.Dialect.SignatureEncoding == SignatureEscaped {
		b.WriteString(url.QueryEscape(string(sig)))
	} else {
		b.Write(sig)
	}
	auth := b.String()
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// compute builds the string to sign in sc.sts and returns the base64 signature (in sc.sig).
func (s *V1) compute(in *v1Input, secret string, sc *scratch, tr *apisig.Trace) ([]byte, error) {
	sts, err := s.stringToSign(in, sc, tr)
	if err != nil {
		return nil, err
	}
	sc.mac = v1Key(secret).Sum(sc.sha1, sc.mac[:0], sts)
	sc.sig = base64.StdEncoding.AppendEncode(sc.sig[:0], sc.mac)
	if tr != nil {
		tr.AddSecret(apisig.StepKey, "key = AccessKeySecret", apisig.NewSecret(secret))
		tr.Add(apisig.StepSignature, "signature = base64(HMAC-SHA1(AccessKeySecret, string to sign))", string(sc.sig))
	}
	return sc.sig, nil
}

// stringToSign writes VERB, Content-MD5, Content-Type, Date, CanonicalizedOSSHeaders and
// CanonicalizedResource to sc.sts.
func (s *V1) stringToSign(in *v1Input, sc *scratch, tr *apisig.Trace) ([]byte, error) {
	req := in.req
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if s.Dialect.Method != "" {
		method = s.Dialect.Method
	}
	// Of one header in two spellings (a hand-built map), the first spelling in byte order
	// counts, whatever the map's iteration order.
	var md5, ctype, md5Key, ctypeKey string
	hs := sc.hdrs[:0]
	for k, v := range req.Header {
		switch {
		case len(k) == len(HeaderContentMD5) && strings.EqualFold(k, HeaderContentMD5):
			if md5Key == "" || k < md5Key {
				md5, md5Key = first(v), k
			}
		case len(k) == len(HeaderContentType) && strings.EqualFold(k, HeaderContentType):
			if ctypeKey == "" || k < ctypeKey {
				ctype, ctypeKey = first(v), k
			}
		case hasPrefixFold(k, "x-oss-"):
			hs = append(hs, kv{k: k, v: joinTrimmed(v)})
		}
	}
	sc.hdrs = hs
	if s.Dialect.ContentType == ContentTypeEmpty {
		ctype = ""
	}
	slices.SortFunc(hs, compareHeaders)

	b := sc.sts[:0]
	b = append(b, method...)
	b = append(b, '\n')
	b = append(b, md5...)
	b = append(b, '\n')
	b = append(b, ctype...)
	b = append(b, '\n')
	b = append(b, in.dateLine...)
	b = append(b, '\n')
	hdrStart := len(b)
	for _, h := range hs {
		b = canon.AppendLower(b, h.k)
		b = append(b, ':')
		b = append(b, h.v...)
		b = append(b, '\n')
	}
	resStart := len(b)
	b, err := s.appendResource(b, in, sc)
	if err != nil {
		return nil, err
	}
	sc.sts = b
	if tr != nil {
		tr.Add(apisig.StepInput, "Date line", in.dateLine)
		addRedacted(tr, apisig.StepCanonicalRequest, "CanonicalizedOSSHeaders", string(b[hdrStart:resStart]), in.token)
		addRedacted(tr, apisig.StepCanonicalRequest, "CanonicalizedResource", string(b[resStart:]), in.token)
		addRedacted(tr, apisig.StepStringToSign, "string to sign", string(b), in.token)
	}
	return b, nil
}

// appendResource appends /bucket/key?sub-resources.
func (s *V1) appendResource(b []byte, in *v1Input, sc *scratch) ([]byte, error) {
	tgt := in.tgt
	switch s.Dialect.ResourceBucket {
	case ResourceBucketOmit:
		tgt.hasBucket = false
	case ResourceBucketInclude:
		tgt.hasBucket = true
	}
	switch s.Dialect.ResourceKey {
	case ResourceKeyEscaped:
		u := *in.req.URL
		u.Path, u.RawPath = u.EscapedPath(), ""
		r := *in.req
		r.URL = &u
		t, err := resolveTarget(IDV1, &r, s.Bucket, s.Addressing)
		if err != nil {
			return nil, err
		}
		tgt.key = t.key
	case ResourceKeyPlusAsSpace:
		tgt.key = strings.ReplaceAll(tgt.key, "+", " ")
	}
	b = tgt.appendResourcePath(b)

	ps := sc.pairs[:0]
	raw := in.req.URL.RawQuery
	if in.parsed {
		raw = ""
		for _, p := range in.pairs {
			if !s.isSubResource(p.Key) {
				continue
			}
			v := p.Value
			if s.Dialect.SubResourceValues == SubResourceAsSent {
				v = canon.Encoding{Set: canon.Unreserved}.Escape(v)
			}
			ps = append(ps, kv{k: p.Key, v: v, noValue: p.NoEquals})
		}
	}
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		ek, ev, hasEq := strings.Cut(seg, "=")
		k, err := canon.Unescape(ek, true)
		if err != nil {
			return nil, &apisig.RequestError{Scheme: IDV1, Part: "query parameter", Value: seg, Problem: "has a malformed percent-escape", Kind: apisig.ErrInvalidInput}
		}
		if in.presign && (k == QueryAccessKeyID || k == QueryExpires || k == QuerySignature) || !s.isSubResource(k) {
			continue
		}
		v := ev
		if s.Dialect.SubResourceValues == SubResourceDecoded {
			if v, err = canon.Unescape(ev, true); err != nil {
				return nil, &apisig.RequestError{Scheme: IDV1, Part: "query parameter", Value: seg, Problem: "has a malformed percent-escape", Kind: apisig.ErrInvalidInput}
			}
		}
		ps = append(ps, kv{k: k, v: v, noValue: !hasEq})
	}
	sc.pairs = ps
	slices.SortStableFunc(ps, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	for i, p := range ps {
		if i > 0 && ps[i-1].k == p.k {
			return nil, &apisig.RequestError{Scheme: IDV1, Code: CodeInvalidArgument, Part: "query parameter", Value: p.k,
				Problem: "is a sub-resource and appears more than once; OSS signs one value", Kind: apisig.ErrInvalidInput}
		}
		if i == 0 {
			b = append(b, '?')
		} else {
			b = append(b, '&')
		}
		b = append(b, p.k...)
		if p.v != "" {
			b = append(b, '=')
			b = append(b, p.v...)
		}
	}
	return b, nil
}

// presign signs a view of req into its URL.
func (s *V1) presign(req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	if err := s.checkInput(req, creds); err != nil {
		return nil, err
	}
	if expires <= 0 || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: IDV1, Part: QueryExpires, Value: expires.String(), Problem: "must be a positive whole number of seconds", Kind: apisig.ErrInvalidInput}
	}
	tgt, err := resolveTarget(IDV1, req, s.Bucket, s.Addressing)
	if err != nil {
		return nil, err
	}
	exp := apisig.Now(s.Clock).Add(expires)
	var expStr string
	if s.Dialect.ExpiresUnit == ExpiresMilliseconds {
		expStr = v1Expires.get(exp.UnixMilli(), formatInt)
	} else {
		expStr = v1Expires.get(exp.Unix(), formatInt)
	}
	sc := getScratch()
	defer putScratch(sc)
	// Earlier signature parameters would be signed into the new signature: drop them.
	pairs, err := canon.AppendQuery(sc.qpairs[:0], req.URL.RawQuery, true)
	sc.qpairs = pairs
	if err != nil {
		return nil, &apisig.RequestError{Scheme: IDV1, Part: "query", Value: req.URL.RawQuery, Problem: "has a malformed percent-escape", Kind: apisig.ErrInvalidInput}
	}
	pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool {
		return p.Key == QueryAccessKeyID || p.Key == QueryExpires || p.Key == QuerySignature || p.Key == QuerySecurityToken
	})
	token := creds.SessionToken.Reveal()
	if token != "" {
		pairs = append(pairs, canon.Pair{Key: QuerySecurityToken, Value: token})
	}
	in := v1Input{req: req, tgt: tgt, dateLine: expStr, presign: true, token: token, parsed: true, pairs: pairs}
	sig, err := s.compute(&in, creds.Secret.Reveal(), sc, tr)
	if err != nil {
		return nil, err
	}
	pairs = append(pairs, canon.Pair{Key: QueryExpires, Value: expStr}, canon.Pair{Key: QueryAccessKeyID, Value: creds.AccessKeyID})
	sc.qpairs = pairs
	var q []byte
	if s.Dialect.SignatureEncoding == SignatureRaw {
		sortByKey(pairs)
		q = appendPairs(sc.query[:0], pairs)
		q = append(q, "&"+QuerySignature+"="...)
		q = append(q, sig...)
	} else {
		q = appendPresignQuery(sc.query[:0], pairs, QuerySignature, sig)
	}
	sc.query = q
	p := newPresigned(req, string(q), nil, exp)
	if s.Dialect.ResourceKey == ResourceKeyDecoded {
		setRawPathURL(p.URL)
	}
	if tr != nil {
		tr.Add(apisig.StepPlacement, "presigned URL", redactToken(p.URL.String(), token))
	}
	return p, nil
}

// v1Expires remembers the last Expires value formatted.
var v1Expires lastString[int64]

func formatInt(n int64) string { return strconv.FormatInt(n, 10) }
