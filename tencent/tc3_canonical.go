package tencent

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// scratch holds the buffers of one signature computation, pooled so that signing allocates
// little.
type scratch struct {
	buf     []byte // canonical request
	sts     []byte // string to sign
	h       hash.Hash
	body    hash.Hash // hashes request bodies
	sha1    hash.Hash // v1 HmacSHA1, made on first use
	sum     [sha256.Size]byte
	payload [2 * sha256.Size]byte
	sig     [2 * sha256.Size]byte
	pairs   []param
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{h: sha256.New(), body: sha256.New(), buf: make([]byte, 0, 512), sts: make([]byte, 0, 160)}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > 64<<10 || cap(sc.sts) > 64<<10 {
		return // do not keep huge buffers alive
	}
	clear(sc.pairs)
	sc.pairs = sc.pairs[:0]
	scratchPool.Put(sc)
}

// tc3Input is what a TC3 canonical request and string to sign are built from.
type tc3Input struct {
	method, uri, query, host string
	header                   http.Header
	// signed are the signed header names, lower-case, in canonical order; signedList is
	// them joined with ';'.
	signed     []string
	signedList string
	payload    []byte
	timestamp  string
	date       string
	service    string
	token      string
}

// layout records where the parts of the canonical request are in the buffer, for the trace.
type layout struct {
	headers [2]int
}

var defaultSigned = []string{"content-type", "host"}

const defaultSignedList = "content-type;host"

// signedHeaders returns the header names to sign: content-type, host and s.SignedHeaders,
// lower-cased, sorted and without repeats.
func (s *TC3) signedHeaders() ([]string, string, error) {
	if len(s.SignedHeaders) == 0 {
		return defaultSigned, defaultSignedList, nil
	}
	names := make([]string, 0, len(s.SignedHeaders)+2)
	names = append(names, defaultSigned...)
	for _, n := range s.SignedHeaders {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" || strings.ContainsAny(n, ";, :\t") {
			return nil, "", &apisig.RequestError{Scheme: TC3SchemeID, Part: "TC3.SignedHeaders", Value: n,
				Problem: "is not a header name (empty, or has ';', ',', ':' or a space)", Kind: apisig.ErrInvalidInput}
		}
		names = append(names, n)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	return names, strings.Join(names, ";"), nil
}

// headerValues returns the values of a header by lower-case name, in whatever spelling the map
// uses.
func headerValues(h http.Header, lower string) []string {
	var key string
	switch lower {
	case "content-type":
		key = "Content-Type"
	default:
		key = http.CanonicalHeaderKey(lower)
	}
	if v, ok := h[key]; ok {
		return v
	}
	for k, v := range h {
		if len(k) == len(lower) && strings.EqualFold(k, lower) {
			return v
		}
	}
	return nil
}

// buildCanonical writes the canonical request into sc.buf:
//
//	HTTPRequestMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
func (s *TC3) buildCanonical(in *tc3Input, sc *scratch) (layout, error) {
	var lay layout
	b := append(sc.buf[:0], in.method...)
	b = append(b, '\n')
	b = append(b, in.uri...)
	b = append(b, '\n')
	b = append(b, in.query...)
	b = append(b, '\n')
	lay.headers[0] = len(b)
	for _, name := range in.signed {
		var v string
		if name == "host" {
			v = in.host
			if s.Dialect.Host == HostTrailingSlash {
				v += "/"
			}
		} else {
			vs := headerValues(in.header, name)
			if len(vs) > 1 {
				sc.buf = b
				return lay, &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeInvalidParameterValue, Part: "header " + name,
					Problem: "is sent " + strconv.Itoa(len(vs)) + " times; a signed header must have one value", Kind: apisig.ErrInvalidInput}
			}
			if len(vs) == 1 {
				v = vs[0]
			}
		}
		b = append(b, name...)
		b = append(b, ':')
		v = strings.TrimSpace(v)
		if s.Dialect.HeaderValues == ValuesLower {
			b = canon.AppendLower(b, v)
		} else {
			b = append(b, v...)
		}
		b = append(b, '\n')
	}
	lay.headers[1] = len(b)
	b = append(b, '\n')
	b = append(b, in.signedList...)
	b = append(b, '\n')
	b = append(b, in.payload...)
	sc.buf = b
	return lay, nil
}

// compute builds the canonical request and the string to sign and returns the hex signature,
// held in sc.sig.
func (s *TC3) compute(in *tc3Input, secret string, sc *scratch, tr *apisig.Trace) ([]byte, error) {
	lay, err := s.buildCanonical(in, sc)
	if err != nil {
		return nil, err
	}
	if tr != nil {
		tr.Add(apisig.StepInput, "timestamp (X-TC-Timestamp)", in.timestamp)
		tr.Add(apisig.StepInput, "credential scope", in.date+"/"+in.service+"/"+tc3Terminator)
		tr.Add(apisig.StepInput, "canonical URI", in.uri)
		tr.Add(apisig.StepInput, "canonical query string", in.query)
		addRedacted(tr, apisig.StepInput, "canonical headers", string(sc.buf[lay.headers[0]:lay.headers[1]]), in.token)
		tr.Add(apisig.StepInput, "signed headers", in.signedList)
		tr.Add(apisig.StepInput, "hashed request payload", string(in.payload))
		addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(sc.buf), in.token)
	}
	sc.h.Reset()
	sc.h.Write(sc.buf)
	crHash := sc.h.Sum(sc.sum[:0])
	st := append(sc.sts[:0], TC3Algorithm+"\n"...)
	st = append(st, in.timestamp...)
	st = append(st, '\n')
	st = append(st, in.date...)
	st = append(st, '/')
	st = append(st, in.service...)
	st = append(st, "/"+tc3Terminator+"\n"...)
	st = hex.AppendEncode(st, crHash)
	sc.sts = st
	if tr != nil {
		tr.Add(apisig.StepStringToSign, "string to sign", string(st))
	}
	id := tc3KeyID{secret: secret, date: in.date, service: in.service, chain: s.Dialect.KeyDerivation}
	if tr != nil {
		deriveTC3(id, tr)
	}
	mac := tc3SigningKey(id).Sum(sc.h, sc.sum[:0], st)
	hex.Encode(sc.sig[:], mac)
	if tr != nil {
		tr.Add(apisig.StepSignature, "Signature = hex(HMAC-SHA256(SecretSigning, StringToSign))", string(sc.sig[:]))
	}
	return sc.sig[:], nil
}

// addRedacted records a step, hiding the session token if it appears: as sent, lower-cased
// (as TC3's canonical header values are) and form-encoded (as v1 places it in a query or form
// body).
func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
	if token != "" {
		r := strings.ReplaceAll(v, formEncoding.Escape(token), apisig.Redacted)
		r = strings.ReplaceAll(r, token, apisig.Redacted)
		r = strings.ReplaceAll(r, strings.ToLower(token), apisig.Redacted)
		if r != v {
			tr.AddRedacted(kind, name, r, apisig.NewSecret(v))
			return
		}
	}
	tr.Add(kind, name, v)
}

// stamp is a signing time formatted as TC3 needs it, cached for the last second seen.
type stamp struct {
	sec  int64
	ts   string // decimal Unix seconds
	date string // UTC date, YYYY-MM-DD
}

var lastStamp atomic.Pointer[stamp]

func stampOf(t time.Time) *stamp {
	sec := t.Unix()
	if c := lastStamp.Load(); c != nil && c.sec == sec {
		return c
	}
	c := &stamp{sec: sec, ts: strconv.FormatInt(sec, 10), date: time.Unix(sec, 0).UTC().Format(time.DateOnly)}
	lastStamp.Store(c)
	return c
}

// scopeDate returns the credential-scope date for a timestamp, as the dialect computes it.
func (d *TC3Dialect) scopeDate(sec int64, utc string) string {
	switch {
	case d.ScopeDate != "":
		return d.ScopeDate
	case d.ScopeDateZone == DateBeijing:
		return time.Unix(sec+8*3600, 0).UTC().Format(time.DateOnly)
	}
	return utc
}

// hostOf returns the host a request is sent to: req.Host, else the URL's host.
func hostOf(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// serviceFor returns the scope's service: the dialect's, the configured one, or the first label
// of a tencentcloudapi.com host.
func (s *TC3) serviceFor(host string) (string, error) {
	if s.Dialect.ScopeService != "" {
		return s.Dialect.ScopeService, nil
	}
	if s.Service != "" {
		return s.Service, nil
	}
	h := host
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	if label, rest, ok := strings.Cut(h, "."); ok && label != "" && strings.HasSuffix(rest, "tencentcloudapi.com") {
		return label, nil
	}
	return "", &apisig.RequestError{Scheme: TC3SchemeID, Part: "service", Value: host,
		Problem: "cannot be taken from a host outside tencentcloudapi.com; set TC3.Service (e.g. \"cvm\")", Kind: apisig.ErrInvalidInput}
}

// setHeader sets one value, reusing the header's slice when it has exactly one.
func setHeader(h http.Header, key, v string) {
	if vs := h[key]; len(vs) == 1 {
		vs[0] = v
		return
	}
	h[key] = []string{v}
}

// headerValue returns the first value of a header, in any spelling of its name.
func headerValue(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	for k, vs := range h {
		if len(vs) > 0 && len(k) == len(key) && strings.EqualFold(k, key) {
			return vs[0]
		}
	}
	return ""
}
