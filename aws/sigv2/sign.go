package sigv2

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

func (s *SigV2) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, SchemeID)
	case !creds.Valid():
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	case strings.ContainsAny(creds.AccessKeyID, ": \t"):
		return &apisig.RequestError{Scheme: SchemeID, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains ':' or a space, which would break the Authorization header", Kind: apisig.ErrInvalidInput}
	case s.DateHeader > DateHeaderAmzDate:
		return &apisig.RequestError{Scheme: SchemeID, Part: "DateHeader", Value: strconv.Itoa(int(s.DateHeader)), Problem: "is not DateHeaderDate or DateHeaderAmzDate", Kind: apisig.ErrInvalidInput}
	case strings.Contains(s.Bucket, "/"):
		return &apisig.RequestError{Scheme: SchemeID, Part: "bucket", Value: s.Bucket, Problem: "contains '/'", Kind: apisig.ErrInvalidInput}
	}
	if err := checkFIPS(); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return nil
}

// sign signs req in the Authorization header, recording each stage in tr when it is not nil.
func (s *SigV2) sign(req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := s.checkInput(req, creds); err != nil {
		return err
	}
	date := s.formatDate(apisig.Now(s.Clock))
	// Only one of Date and X-Amz-Date may decide the Date line; MinIO signs Date whenever it
	// is sent, AWS leaves the line empty when x-amz-date is sent: sending one keeps them equal.
	if s.DateHeader == DateHeaderAmzDate {
		setHeader(req.Header, HeaderAmzDate, date)
		delHeader(req.Header, HeaderDate)
	} else {
		setHeader(req.Header, HeaderDate, date)
		delHeader(req.Header, HeaderAmzDate)
	}
	if token := creds.SessionToken.Reveal(); token != "" {
		setHeader(req.Header, HeaderSecurityToken, token)
	}
	if s.Dialect.wireEncoding() {
		setRawPath(req)
	}
	in := stsInput{method: req.Method, header: req.Header, decodedPath: req.URL.Path, rawQuery: req.URL.RawQuery, bucket: s.bucketOf(req)}
	sc := getScratch()
	defer putScratch(sc)
	sig, err := s.compute(&in, creds.Secret.Reveal(), creds.SessionToken.Reveal(), sc, tr)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len(AuthPrefix) + len(creds.AccessKeyID) + 1 + len(sig))
	b.WriteString(AuthPrefix)
	b.WriteString(creds.AccessKeyID)
	b.WriteByte(':')
	b.Write(sig)
	auth := b.String()
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// compute builds the string to sign and returns the base64 signature (in sc.sig).
func (s *SigV2) compute(in *stsInput, secret, token string, sc *scratch, tr *apisig.Trace) ([]byte, error) {
	lay, err := s.buildStringToSign(in, sc)
	if err != nil {
		return nil, err
	}
	if tr != nil {
		part := func(at [2]int) string { return string(sc.sts[at[0]:at[1]]) }
		tr.Add(apisig.StepInput, "Date line", part(lay.date))
		addRedacted(tr, apisig.StepInput, "CanonicalizedAmzHeaders", part(lay.amz), token)
		tr.Add(apisig.StepInput, "CanonicalizedResource", part(lay.resource))
		addRedacted(tr, apisig.StepStringToSign, "string to sign", string(sc.sts), token)
		tr.AddSecret(apisig.StepKey, "HMAC-SHA1 key = secret access key", apisig.NewSecret(secret))
	}
	mac(macKey(secret), sc.sts, &sc.sum)
	base64.StdEncoding.Encode(sc.sig[:], sc.sum[:])
	if tr != nil {
		tr.Add(apisig.StepSignature, "signature = base64(HMAC-SHA1(secret, string to sign))", string(sc.sig[:]))
	}
	return sc.sig[:], nil
}

func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
	if token != "" && strings.Contains(v, token) {
		tr.AddRedacted(kind, name, strings.ReplaceAll(v, token, apisig.Redacted), apisig.NewSecret(v))
		return
	}
	tr.Add(kind, name, v)
}

// presign signs req into its URL.
func (s *SigV2) presign(req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, error) {
	if err := s.checkInput(req, creds); err != nil {
		return nil, err
	}
	if expires <= 0 || expires%time.Second != 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: QueryExpires, Value: expires.String(),
			Problem: "must be a positive whole number of seconds", Kind: apisig.ErrInvalidInput}
	}
	exp := apisig.Now(s.Clock).Add(expires).Truncate(time.Second)
	expStr := strconv.FormatInt(exp.Unix(), 10)
	token := creds.SessionToken.Reveal()

	view := *req
	u := new(url.URL)
	*u = *req.URL
	view.URL = u
	u.RawQuery = withoutAuthParams(u.RawQuery)
	if s.Dialect.wireEncoding() {
		setRawPath(&view)
	}
	in := stsInput{method: req.Method, header: req.Header, decodedPath: u.Path, rawQuery: u.RawQuery, expires: expStr, bucket: s.bucketOf(req)}
	if token != "" {
		in.extraAmz = []canon.Pair{{Key: QuerySecurityToken, Value: token}}
	}
	sc := getScratch()
	defer putScratch(sc)
	sig, err := s.compute(&in, creds.Secret.Reveal(), token, sc, tr)
	if err != nil {
		return nil, err
	}
	enc := canon.Encoding{Set: canon.Unreserved}
	var b strings.Builder
	b.WriteString(u.RawQuery)
	if b.Len() > 0 {
		b.WriteByte('&')
	}
	// The order of the S3 guide's example: AWSAccessKeyId, Signature, Expires.
	b.WriteString(QueryAccessKeyID + "=")
	b.WriteString(enc.Escape(creds.AccessKeyID))
	b.WriteString("&" + QuerySignature + "=")
	switch s.Dialect.SignatureEncoding {
	case SignatureRaw:
		b.Write(sig)
	case SignatureTwice:
		b.WriteString(enc.Escape(enc.Escape(string(sig))))
	default:
		b.WriteString(enc.Escape(string(sig)))
	}
	b.WriteString("&" + QueryExpires + "=")
	b.WriteString(expStr)
	if token != "" {
		b.WriteString("&" + QuerySecurityToken + "=")
		b.WriteString(enc.Escape(token))
	}
	u.RawQuery = b.String()
	if u.Host == "" {
		u.Host = req.Host
	}
	if tr != nil {
		signed := u.String()
		if token != "" {
			signed = strings.ReplaceAll(signed, enc.Escape(token), apisig.Redacted)
		}
		tr.Add(apisig.StepPlacement, "presigned URL", signed)
	}
	var hdr http.Header
	for k, v := range req.Header {
		lk := strings.ToLower(k)
		if lk == "content-type" || lk == "content-md5" || strings.HasPrefix(lk, "x-amz-") {
			if hdr == nil {
				hdr = make(http.Header)
			}
			hdr[k] = v
		}
	}
	return &apisig.Presigned{Method: req.Method, URL: u, Header: hdr, Expires: exp}, nil
}

// withoutAuthParams removes AWSAccessKeyId, Expires, Signature and x-amz-security-token from
// a raw query, so re-presigning does not sign an earlier signature.
func withoutAuthParams(raw string) string {
	if raw == "" {
		return raw
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		k, _, _ := strings.Cut(seg, "=")
		switch k {
		case QueryAccessKeyID, QueryExpires, QuerySignature, QuerySecurityToken, "":
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// setRawPath makes the request send its path escaped exactly as it is signed.
func setRawPath(req *http.Request) {
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

// setHeader sets a header to one value, replacing every other spelling of its name.
func setHeader(h http.Header, name, value string) {
	if v := h[name]; len(v) == 1 {
		// Re-signing: reuse the slice, after dropping any other spelling of the name.
		for k := range h {
			if k != name && len(k) == len(name) && strings.EqualFold(k, name) {
				delete(h, k)
			}
		}
		v[0] = value
		return
	}
	delHeader(h, name)
	h[name] = []string{value}
}

func delHeader(h http.Header, name string) {
	for k := range h {
		if len(k) == len(name) && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}

// formatDate formats t in the configured layout, caching the last string made.
func (s *SigV2) formatDate(t time.Time) string {
	t = t.UTC()
	layout := s.dateFormat()
	sec := t.Unix()
	if c := lastDate.Load(); c != nil && c.sec == sec && c.layout == layout {
		return c.s
	}
	str := t.Format(layout)
	lastDate.Store(&cachedDate{sec: sec, layout: layout, s: str})
	return str
}

type cachedDate struct {
	sec       int64
	layout, s string
}

var lastDate atomic.Pointer[cachedDate]
