package cos

import (
	"bytes"
	"crypto/sha1"
	"hash"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// entry is one key (a query key or header name, encoded and lower-cased, in scratch.keys) and
// its value, decoded and not yet encoded again (in scratch.vals).
type entry struct {
	k0, k1, v0, v1 int
}

// scratch holds the buffers of one signature computation; pooled.
type scratch struct {
	keys    []byte
	vals    []byte
	params  []entry
	headers []entry
	buf     []byte // HttpString
	lists   []byte // UrlParamList, then HeaderList
	sts     []byte
	tmp     []byte
	sum     [sha1.Size]byte
	mac     [sha1.Size]byte
	hexSig  [2 * sha1.Size]byte
	h       hash.Hash
}

var scratchPool = sync.Pool{New: func() any { return &scratch{h: sha1.New()} }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > 64<<10 || cap(sc.keys) > 64<<10 || cap(sc.vals) > 64<<10 {
		return
	}
	scratchPool.Put(sc)
}

// layout locates the parts of HttpString in scratch.buf and the lists in scratch.lists.
type layout struct {
	path, params, headers [2]int
	paramList, headerList [2]int
}

// selection says which parameters and headers are signed. When signing, every parameter and
// the headers of the configured set are; when verifying, those the request lists.
type selection struct {
	verify     bool
	paramList  []string
	headerList []string
	// dropAuthParams leaves out the q-* parameters of a presigned URL.
	dropAuthParams bool
}

// appendKey appends the encoded, lower-cased key to sc.keys and returns its bounds.
func (d *Dialect) appendKey(sc *scratch, enc canon.Encoding, key []byte) (int, int) {
	k0 := len(sc.keys)
	sc.keys = appendEscaped(sc.keys, key, enc)
	if d.Lowercase != LowerNone {
		lowerASCII(sc.keys[k0:])
	}
	return k0, len(sc.keys)
}

// appendEscaped percent-encodes src onto dst with enc's set, upper-case hex, and '+' for a
// space when enc says so.
func appendEscaped(dst, src []byte, enc canon.Encoding) []byte {
	for _, c := range src {
		switch {
		case enc.Set.Literal(c):
			dst = append(dst, c)
		case c == ' ' && enc.SpaceAsPlus:
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

const upperHex = "0123456789ABCDEF"

// appendUnescaped decodes a query key or value (%XY escapes, '+' as a space) onto dst, as
// net/url.ParseQuery does. A malformed escape is an error.
func appendUnescaped(dst []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return dst, canon.EscapeError(s[i:min(i+3, len(s))])
			}
			dst = append(dst, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case '+':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst, nil
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func lowerASCII(b []byte) {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// collect fills sc.params and sc.headers with the parameters and headers to sign.
func (s *Signer) collect(d *Dialect, req *http.Request, host string, sel *selection, sc *scratch) error {
	enc := d.encoding()
	sc.keys, sc.vals = sc.keys[:0], sc.vals[:0]
	ps := sc.params[:0]
	for raw := req.URL.RawQuery; raw != ""; {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		// Decode the key into vals (scratch space), then encode it into keys.
		t0 := len(sc.vals)
		var err error
		if sc.vals, err = appendUnescaped(sc.vals, k); err != nil {
			return &apisig.RequestError{Scheme: SchemeID, Part: "query parameter", Value: seg, Problem: err.Error(), Kind: kindFor(sel)}
		}
		if len(sc.vals) == t0 && !sel.verify {
			return &apisig.RequestError{Scheme: SchemeID, Part: "query parameter", Value: seg,
				Problem: "has an empty name, which q-url-param-list cannot list", Kind: apisig.ErrInvalidInput}
		}
		if sel.dropAuthParams && isPresignParam(string(sc.vals[t0:])) {
			sc.vals = sc.vals[:t0]
			continue
		}
		k0, k1 := d.appendKey(sc, enc, sc.vals[t0:])
		sc.vals = sc.vals[:t0]
		if sel.verify && !slices.Contains(sel.paramList, string(sc.keys[k0:k1])) {
			sc.keys = sc.keys[:k0]
			continue
		}
		if sc.vals, err = appendUnescaped(sc.vals, v); err != nil {
			return &apisig.RequestError{Scheme: SchemeID, Part: "query parameter", Value: seg, Problem: err.Error(), Kind: kindFor(sel)}
		}
		ps = append(ps, entry{k0: k0, k1: k1, v0: t0, v1: len(sc.vals)})
	}
	sc.params = ps

	fold := d.HeaderValues.fold()
	hs := sc.headers[:0]
	for name, values := range req.Header {
		if len(name) == 4 && strings.EqualFold(name, "host") {
			continue
		}
		k0 := len(sc.keys)
		sc.keys = append(sc.keys, name...)
		lowerASCII(sc.keys[k0:])
		if !sel.verify && !s.signable(d, sc.keys[k0:]) {
			sc.keys = sc.keys[:k0]
			continue
		}
		// Header names are tokens: encoding changes nothing for valid ones. Encode anyway,
		// as the SDK does, so an odd name is listed as it is signed.
		if !literal(enc.Set, sc.keys[k0:]) {
			t0 := len(sc.vals)
			sc.vals = append(sc.vals, sc.keys[k0:]...)
			sc.keys = appendEscaped(sc.keys[:k0], sc.vals[t0:], enc)
			sc.vals = sc.vals[:t0]
			if d.Lowercase != LowerNone {
				lowerASCII(sc.keys[k0:])
			}
		}
		k1 := len(sc.keys)
		if sel.verify && !slices.Contains(sel.headerList, string(sc.keys[k0:k1])) {
			sc.keys = sc.keys[:k0]
			continue
		}
		for _, v := range values {
			v0 := len(sc.vals)
			sc.vals = fold.AppendFolded(sc.vals, v)
			hs = append(hs, entry{k0: k0, k1: k1, v0: v0, v1: len(sc.vals)})
		}
	}
	if host != "" && (sel.verify && slices.Contains(sel.headerList, "host") || !sel.verify && s.signable(d, []byte("host"))) {
		k0 := len(sc.keys)
		sc.keys = append(sc.keys, "host"...)
		v0 := len(sc.vals)
		sc.vals = append(sc.vals, host...)
		hs = append(hs, entry{k0: k0, k1: len(sc.keys), v0: v0, v1: len(sc.vals)})
	}
	sc.headers = hs
	return nil
}

func literal(set canon.Set, b []byte) bool {
	for _, c := range b {
		if !set.Literal(c) {
			return false
		}
	}
	return true
}

func kindFor(sel *selection) error {
	if sel.verify {
		return apisig.ErrMalformed
	}
	return apisig.ErrInvalidInput
}

// signable reports whether the header with the lower-case name is signed.
func (s *Signer) signable(d *Dialect, name []byte) bool {
	if bytes.HasPrefix(name, []byte("x-cos-")) || bytes.HasPrefix(name, []byte("x-ci-")) {
		return true
	}
	switch d.HeaderSet {
	case HeadersHostOnly:
		return string(name) == "host"
	case HeadersNoContent:
		switch string(name) {
		case "content-type", "content-length", "content-md5":
			return false
		}
	}
	for _, h := range s.signedHeaders() {
		if string(name) == h {
			return true
		}
	}
	return false
}

// isAuthParam reports whether a decoded query key is one of the q-* signature parameters.
func isAuthParam(k string) bool {
	switch k {
	case ParamAlgorithm, ParamAK, ParamSignTime, ParamKeyTime, ParamHeaderList, ParamParamList, ParamSignature:
		return true
	}
	return false
}

// isPresignParam reports whether a decoded query key carries a presigned signature: a q-*
// parameter, or the whole value merged into one "sign" parameter.
func isPresignParam(k string) bool { return isAuthParam(k) || k == "sign" }

// sortEntries sorts by key, then by decoded value, as cos-go-sdk-v5 does.
func sortEntries(sc *scratch, es []entry) {
	keys, vals := sc.keys, sc.vals
	slices.SortFunc(es, func(a, b entry) int {
		if c := bytes.Compare(keys[a.k0:a.k1], keys[b.k0:b.k1]); c != 0 {
			return c
		}
		return bytes.Compare(vals[a.v0:a.v1], vals[b.v0:b.v1])
	})
}

// build writes HttpString into sc.buf and the two lists into sc.lists, from sc.params and
// sc.headers.
func (d *Dialect) build(method, path string, sc *scratch) layout {
	var lay layout
	sortEntries(sc, sc.params)
	sortEntries(sc, sc.headers)
	enc := d.encoding()
	b := sc.buf[:0]
	for i := 0; i < len(method); i++ {
		c := method[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	b = append(b, '\n')
	lay.path[0] = len(b)
	b = append(b, path...)
	lay.path[1] = len(b)
	b = append(b, '\n')
	lay.params[0] = len(b)
	for i, e := range sc.params {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, sc.keys[e.k0:e.k1]...)
		b = append(b, '=')
		v0 := len(b)
		b = appendEscaped(b, sc.vals[e.v0:e.v1], enc)
		if d.Lowercase == LowerAll {
			lowerASCII(b[v0:])
		}
	}
	lay.params[1] = len(b)
	b = append(b, '\n')
	lay.headers[0] = len(b)
	for i, e := range sc.headers {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, sc.keys[e.k0:e.k1]...)
		b = append(b, '=')
		b = appendEscaped(b, sc.vals[e.v0:e.v1], enc)
	}
	lay.headers[1] = len(b)
	b = append(b, '\n')
	sc.buf = b

	l := sc.lists[:0]
	for i, e := range sc.params {
		if i > 0 {
			l = append(l, ';')
		}
		l = append(l, sc.keys[e.k0:e.k1]...)
	}
	lay.paramList[1] = len(l)
	lay.headerList[0] = len(l)
	for i, e := range sc.headers {
		if i > 0 {
			l = append(l, ';')
		}
		l = append(l, sc.keys[e.k0:e.k1]...)
	}
	lay.headerList[1] = len(l)
	sc.lists = l
	return lay
}
