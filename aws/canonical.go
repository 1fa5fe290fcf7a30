package aws

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// ignoredHeaders are never signed by default, whatever the request carries. The reasons, per
// header: Authorization carries the signature itself; User-Agent and X-Amzn-Trace-Id are
// rewritten by proxies and tracing agents; Expect, Transfer-Encoding, Connection, Keep-Alive,
// Proxy-*, TE, Trailer and Upgrade are hop-by-hop (RFC 9110 §7.6.1) and may be changed or dropped
// by any intermediary. The AWS SDKs leave out at least the first four.
var ignoredHeaders = []string{
	"authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
	"keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "upgrade",
}

func isIgnored(name string) bool {
	for _, h := range ignoredHeaders {
		if len(h) == len(name) && strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// scratch holds the per-signature buffers, reused through a pool so a signature allocates only
// the strings it places on the request.
type scratch struct {
	buf     []byte // canonical request
	sts     []byte // string to sign
	tmp     []byte
	pairs   []canon.Pair
	headers []headerRef
	q       canon.Scratch
	h       hash.Hash
	sum     [sha256.Size]byte
	sig     [2 * sha256.Size]byte
	extra   [6]canon.Pair
}

type headerRef struct {
	name   string // as in the request (any case)
	values []string
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{h: sha256.New(), buf: make([]byte, 0, 1024), sts: make([]byte, 0, 256)}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > 64<<10 {
		return // do not keep huge buffers alive
	}
	clear(sc.headers)
	clear(sc.pairs)
	clear(sc.extra[:])
	sc.headers, sc.pairs = sc.headers[:0], sc.pairs[:0]
	scratchPool.Put(sc)
}

// canonicalInput is what the canonical request is built from, beyond the request itself.
type canonicalInput struct {
	req  *http.Request
	host string
	// signed lists the header names to sign, lower-case and sorted, when verifying; nil
	// chooses them from the request (every header but the ignored ones, plus host).
	signed []string
	// extra are query parameters added by presigning.
	extra []canon.Pair
	// dropSignature leaves X-Amz-Signature out of the query (verifying a presign).
	dropSignature bool
	// dropToken leaves X-Amz-Security-Token out of the query: verifying as a client that
	// appends it after signing (knob session-token=unsigned-query-after-signing) signed.
	dropToken bool
	// presign leaves X-Amz-Date out of the signed headers: its value is in the query.
	presign     bool
	payloadHash string
	// token is a session token the request carries, redacted from traces.
	token string
	// collected reports that scratch.headers already holds the headers to sign but host.
	collected bool
}

// layout records where the parts of the canonical request are in scratch.buf.
type layout struct {
	uri, query, headers, signedHeaders [2]int
}

// buildCanonical writes the canonical request into sc.buf:
//
//	HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//
// (AWS General Reference, "Create a canonical request").
func (s *SigV4) buildCanonical(in *canonicalInput, sc *scratch) (layout, error) {
	var lay layout
	d := &s.Dialect
	b := append(sc.buf[:0], in.req.Method...)
	b = append(b, '\n')

	lay.uri[0] = len(b)
	b, err := s.appendURI(b, in.req)
	if err != nil {
		return lay, err
	}
	lay.uri[1] = len(b)
	b = append(b, '\n')

	pairs, err := canon.AppendQuery(sc.pairs[:0], in.req.URL.RawQuery, true)
	sc.pairs = pairs
	if err != nil {
		return lay, &apisig.RequestError{Scheme: SchemeID, Part: "query", Problem: err.Error(), Kind: apisig.ErrMalformed}
	}
	if in.dropSignature {
		pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool { return p.Key == QuerySignature })
	}
	if in.dropToken {
		pairs = slices.DeleteFunc(pairs, func(p canon.Pair) bool { return p.Key == QuerySecurityToken })
	}
	pairs = append(pairs, in.extra...)
	sc.pairs = pairs
	rule := canon.QueryRule{Encoding: d.encoding(canon.Unreserved), Sort: d.QuerySort, Valueless: d.Valueless, Repeated: d.Repeated}
	lay.query[0] = len(b)
	b = rule.Append(b, pairs, &sc.q)
	lay.query[1] = len(b)
	b = append(b, '\n')

	lay.headers[0] = len(b)
	if in.signed == nil {
		b, lay.signedHeaders = s.appendAutoHeaders(b, in, sc)
	} else {
		b, lay.signedHeaders = s.appendListedHeaders(b, in)
	}
	// Header lines end in '\n'; the blank line between them and the list is one more.
	lay.headers[1] = lay.signedHeaders[0] - 1
	b = append(b, '\n')
	b = append(b, in.payloadHash...)
	sc.buf = b
	return lay, nil
}

// appendURI writes the canonical URI: the decoded path escaped once (S3), or the path as sent
// escaped again (other services), normalised for other services. When the request has a
// URL.Opaque, net/http sends it verbatim as the request target, so its path is the path as sent,
// as aws-sdk-go-v2's signer takes it (internal/v4 GetURIPath).
func (s *SigV4) appendURI(b []byte, req *http.Request) ([]byte, error) {
	d := &s.Dialect
	s3 := s.isS3()
	enc := d.encoding(canon.Unreserved)
	normalize := d.PathNormalization.resolve(!s3)
	mode := d.PathEncoding
	if mode == PathEncodingAuto {
		mode = PathEncodingTwice
		if s3 {
			mode = PathEncodingOnce
		}
	}
	var p string
	opaque, isOpaque := opaquePath(req.URL)
	switch {
	case isOpaque && mode == PathEncodingOnce:
		dec, err := url.PathUnescape(opaque)
		if err != nil {
			return b, &apisig.RequestError{Scheme: SchemeID, Part: "URL.Opaque", Value: req.URL.Opaque,
				Problem: "path is not validly percent-encoded: " + err.Error(), Kind: apisig.ErrInvalidInput}
		}
		p = dec
	case isOpaque:
		p = opaque
	case mode == PathEncodingOnce:
		p = req.URL.Path
	case enc != (canon.Encoding{Set: canon.Unreserved}):
		// A client whose encoder is wrong sends its wrong escaping on the wire too, and the
		// service escapes that again.
		p = string(enc.AppendPath(nil, req.URL.Path))
	default:
		p = req.URL.EscapedPath()
	}
	if normalize {
		p = canon.RemoveDotSegments(p)
	}
	if p == "" {
		p = "/"
	}
	if mode == PathEncodingNone {
		return append(b, p...), nil
	}
	return enc.AppendPath(b, p), nil
}

// opaquePath returns the path of an opaque URL ("//host/path?query" or "/path"): what follows
// the authority, up to the query; "/" when there is none. It reports false when u is not opaque.
func opaquePath(u *url.URL) (string, bool) {
	o := u.Opaque
	if o == "" {
		return "", false
	}
	if i := strings.IndexByte(o, '?'); i >= 0 {
		o = o[:i]
	}
	o = strings.TrimPrefix(o, "//")
	i := strings.IndexByte(o, '/')
	if i < 0 {
		return "/", true
	}
	return o[i:], true
}

// hostOf returns the Host the request is sent with, changed by the host-port knob.
func (s *SigV4) hostOf(req *http.Request) string {
	host := req.Host
	if host == "" && req.URL != nil {
		host = req.URL.Host
	}
	switch s.Dialect.HostPort {
	case HostAddDefault:
		if _, _, err := net.SplitHostPort(host); err != nil {
			if req.URL != nil && req.URL.Scheme == "http" {
				return host + ":80"
			}
			return host + ":443"
		}
	case HostStripDefault:
		if h, port, err := net.SplitHostPort(host); err == nil && (port == "443" || port == "80") {
			if strings.Contains(h, ":") {
				return "[" + h + "]"
			}
			return h
		}
	case HostStripPort:
		if h, _, err := net.SplitHostPort(host); err == nil {
			if strings.Contains(h, ":") {
				return "[" + h + "]"
			}
			return h
		}
	}
	return host
}

// appendAutoHeaders writes "name:value\n" for host and every header of the request but the
// ignored ones, sorted by lower-case name, then a blank line and the signed-headers list; it
// returns the list's position.
func (s *SigV4) appendAutoHeaders(b []byte, in *canonicalInput, sc *scratch) ([]byte, [2]int) {
	hs := sc.headers[:0]
	if in.collected {
		hs = sc.headers
	} else {
		for name, values := range in.req.Header {
			if strings.EqualFold(name, "host") || isIgnored(name) || in.presign && strings.EqualFold(name, HeaderDate) {
				continue
			}
			hs = append(hs, headerRef{name: name, values: values})
		}
	}
	hs = append(hs, headerRef{name: "host"})
	slices.SortFunc(hs, compareHeaderRefs)
	sc.headers = hs
	fold := s.Dialect.HeaderValues
	for i, h := range hs {
		if i > 0 && strings.EqualFold(hs[i-1].name, h.name) {
			// Two map keys that differ only in case: one canonical header, values joined.
			b = b[:len(b)-1]
			b = append(b, ',')
		} else {
			b = canon.AppendLower(b, h.name)
			b = append(b, ':')
		}
		if h.name == "host" && h.values == nil {
			b = append(b, in.host...)
		} else {
			for j, v := range h.values {
				if j > 0 {
					b = append(b, ',')
				}
				b = fold.AppendFolded(b, v)
			}
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	start := len(b)
	for i, h := range hs {
		if i > 0 && strings.EqualFold(hs[i-1].name, h.name) {
			continue
		}
		if i > 0 {
			b = append(b, ';')
		}
		b = canon.AppendLower(b, h.name)
	}
	return b, [2]int{start, len(b)}
}

// appendListedHeaders writes the canonical headers for the names a signed request lists, then a
// blank line and the list; it returns the list's position.
func (s *SigV4) appendListedHeaders(b []byte, in *canonicalInput) ([]byte, [2]int) {
	fold := s.Dialect.HeaderValues
	for _, name := range in.signed {
		b = append(b, name...)
		b = append(b, ':')
		switch name {
		case "host":
			b = append(b, in.host...)
		default:
			values := in.req.Header.Values(name)
			if len(values) == 0 && name == "content-length" && in.req.ContentLength >= 0 {
				b = appendInt(b, in.req.ContentLength)
			}
			for j, v := range values {
				if j > 0 {
					b = append(b, ',')
				}
				b = fold.AppendFolded(b, v)
			}
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	start := len(b)
	for i, name := range in.signed {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, name...)
	}
	return b, [2]int{start, len(b)}
}

func appendInt(b []byte, n int64) []byte {
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, d[i:]...)
}

// compareHeaderRefs orders headers by lower-case name and one name's spellings (keys of a
// hand-built map) by their bytes, as Go's client writes them: the values are joined in the
// order the server receives them, never in the map's iteration order.
func compareHeaderRefs(x, y headerRef) int {
	if c := compareFold(x.name, y.name); c != 0 {
		return c
	}
	return strings.Compare(x.name, y.name)
}

// compareFold compares two ASCII strings as their lower-case forms.
func compareFold(x, y string) int {
	for i := 0; i < len(x) && i < len(y); i++ {
		a, b := lower(x[i]), lower(y[i])
		if a != b {
			return int(a) - int(b)
		}
	}
	return len(x) - len(y)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// appendStringToSign writes
//
//	AWS4-HMAC-SHA256 \n YYYYMMDD'T'HHMMSS'Z' \n scope \n hex(SHA-256(canonical request))
func appendStringToSign(b []byte, amzDate string, scope []byte, crHash []byte) []byte {
	b = append(b, Algorithm...)
	b = append(b, '\n')
	b = append(b, amzDate...)
	b = append(b, '\n')
	b = append(b, scope...)
	b = append(b, '\n')
	return hex.AppendEncode(b, crHash)
}

// scope is the credential scope date/region/service/aws4_request.
type scope struct{ date, region, service string }

func (s *SigV4) scopeFor(amzDate string) scope {
	sc := scope{date: amzDate[:8], region: s.Region, service: s.Service}
	d := &s.Dialect
	if d.ScopeDate != "" {
		sc.date = d.ScopeDate
	}
	if d.ScopeRegion != "" {
		sc.region = d.ScopeRegion
	}
	if d.ScopeService != "" {
		sc.service = d.ScopeService
	}
	return sc
}

func (sc scope) append(b []byte) []byte {
	b = append(b, sc.date...)
	b = append(b, '/')
	b = append(b, sc.region...)
	b = append(b, '/')
	b = append(b, sc.service...)
	b = append(b, '/')
	return append(b, scopeTerminator...)
}

// macHex computes hex(HMAC-SHA256(key, msg)) into sc.sig with the pre-keyed states of key.
func macHex(key *signingKey, msg []byte, sc *scratch) []byte {
	h := sc.h
	restore(h, key.inner)
	h.Write(msg)
	inner := h.Sum(sc.sum[:0])
	restore(h, key.outer)
	h.Write(inner)
	out := h.Sum(sc.sum[:0])
	hex.Encode(sc.sig[:], out)
	return sc.sig[:]
}

func restore(h hash.Hash, state []byte) {
	if err := h.(interface{ UnmarshalBinary([]byte) error }).UnmarshalBinary(state); err != nil {
		panic("aws: restoring a SHA-256 state: " + err.Error()) // cannot happen: the state came from MarshalBinary
	}
}

// amzDate formats t as YYYYMMDD'T'HHMMSS'Z', caching the last string made so a burst of
// signatures in one second allocates it once.
func amzDate(t time.Time) string {
	sec := t.Unix()
	if c := lastDate.Load(); c != nil && c.sec == sec {
		return c.s
	}
	s := t.UTC().Format(amzDateLayout)
	lastDate.Store(&cachedDate{sec: sec, s: s})
	return s
}

type cachedDate struct {
	sec int64
	s   string
}

var lastDate atomic.Pointer[cachedDate]
