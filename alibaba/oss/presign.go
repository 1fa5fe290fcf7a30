package oss

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// presignedURL lets a presign result and its URL share one allocation.
type presignedURL struct {
	p apisig.Presigned
	u url.URL
}

// newPresigned returns a Presigned for a copy of req's URL carrying rawQuery, sent to req.Host
// when the URL names no host. The holder's headers are those of [holderHeaders].
func newPresigned(req *http.Request, rawQuery string, additional []string, expires time.Time) *apisig.Presigned {
	pu := &presignedURL{u: *req.URL}
	pu.u.RawQuery = rawQuery
	if pu.u.Host == "" {
		pu.u.Host = req.Host
	}
	pu.p = apisig.Presigned{Method: req.Method, URL: &pu.u, Header: holderHeaders(req.Header, additional), Expires: expires}
	return &pu.p
}

// holderHeaders returns the signed headers the holder of a presigned URL must send:
// Content-Type, Content-MD5, x-oss-* and the additional ones. It is nil when there are none.
func holderHeaders(h http.Header, additional []string) http.Header {
	var out http.Header
	for k, v := range h {
		if strings.EqualFold(k, HeaderContentType) || strings.EqualFold(k, HeaderContentMD5) || hasPrefixFold(k, "x-oss-") ||
			slices.ContainsFunc(additional, func(a string) bool { return strings.EqualFold(a, k) }) {
			if out == nil {
				out = make(http.Header)
			}
			out[k] = v
		}
	}
	return out
}

// sortByKey sorts query pairs by key, stably, so that repeated keys keep their order.
func sortByKey(pairs []canon.Pair) {
	slices.SortStableFunc(pairs, func(a, b canon.Pair) int { return strings.Compare(a.Key, b.Key) })
}

// appendPresignQuery appends the query of a presigned URL to b: pairs sorted by key (stable,
// so repeated keys keep their order) and escaped as the OSS SDKs write them (see
// [appendPairs]), with the signature parameter name=sig where name sorts, after any pair of
// that name. It sorts pairs in place.
func appendPresignQuery(b []byte, pairs []canon.Pair, name string, sig []byte) []byte {
	sortByKey(pairs)
	i := slices.IndexFunc(pairs, func(p canon.Pair) bool { return p.Key > name })
	if i < 0 {
		i = len(pairs)
	}
	b = appendPairs(b, pairs[:i])
	if i > 0 {
		b = append(b, '&')
	}
	b = append(b, name...)
	b = append(b, '=')
	b = appendEscapedBytes(b, sig)
	if i < len(pairs) {
		b = append(b, '&')
		b = appendPairs(b, pairs[i:])
	}
	return b
}

// appendPairs appends pairs joined by '&', escaping all but RFC 3986 unreserved bytes, with
// upper-case hex and a space as %20; a pair sent as "k" stays "k". This is the form the OSS
// SDKs put in presigned URLs.
func appendPairs(b []byte, pairs []canon.Pair) []byte {
	enc := canon.Encoding{Set: canon.Unreserved}
	for i, p := range pairs {
		if i > 0 {
			b = append(b, '&')
		}
		b = enc.Append(b, p.Key)
		if !p.NoEquals || p.Value != "" {
			b = append(b, '=')
			b = enc.Append(b, p.Value)
		}
	}
	return b
}

// appendEscapedBytes appends s escaped as [appendPairs] escapes a value: a base64 signature's
// '+', '/' and '=' become %2B, %2F and %3D.
func appendEscapedBytes(b, s []byte) []byte {
	const hex = "0123456789ABCDEF"
	for _, c := range s {
		if canon.Unreserved.Literal(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}
