package oss

import (
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// setHeader sets a header to one value under its canonical key, removing other spellings, and
// reusing the value slice when it has one element.
func setHeader(h http.Header, name, value string) {
	ck := canonicalKey(name)
	for k := range h {
		if k != ck && len(k) == len(ck) && strings.EqualFold(k, ck) {
			delete(h, k)
		}
	}
	if v := h[ck]; len(v) == 1 {
		v[0] = value
		return
	}
	h[ck] = []string{value}
}

// getHeader returns the first value of a header in any spelling.
func getHeader(h http.Header, name string) string {
	if v := h[canonicalKey(name)]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

// canonicalKeys are the canonical forms of the header names the signers set and read, so
// that the hot path does not allocate them.
var canonicalKeys = func() map[string]string {
	m := make(map[string]string)
	for _, n := range []string{HeaderAuthorization, HeaderDate, HeaderContentMD5, HeaderContentType, HeaderOSSDate, HeaderSecurityToken, HeaderContentSHA256} {
		m[n] = http.CanonicalHeaderKey(n)
	}
	return m
}()

func canonicalKey(name string) string {
	if ck, ok := canonicalKeys[name]; ok {
		return ck
	}
	return http.CanonicalHeaderKey(name)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// joinTrimmed joins a header's values with ',' after trimming white space from each, as the
// SDKs canonicalise a header. One value is returned without allocating.
func joinTrimmed(v []string) string {
	switch len(v) {
	case 0:
		return ""
	case 1:
		return strings.TrimSpace(v[0])
	}
	var b strings.Builder
	for i, s := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.TrimSpace(s))
	}
	return b.String()
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lower(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// compareFold compares the lower-case forms of a and b byte by byte.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := lower(a[i]), lower(b[i]); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, lower(s[i]))
	}
	return dst
}

// httpDate formats t as an HTTP-date in GMT, caching the last string made.
func httpDate(t time.Time) string {
	sec := t.Unix()
	if c := lastHTTPDate.Load(); c != nil && c.sec == sec {
		return c.s
	}
	s := t.UTC().Format(http.TimeFormat)
	lastHTTPDate.Store(&cachedDate{sec: sec, s: s})
	return s
}

type cachedDate struct {
	sec int64
	s   string
}

var lastHTTPDate, lastISODate atomic.Pointer[cachedDate]

// isoDate formats t as YYYYMMDD'T'HHMMSS'Z', caching the last string made.
func isoDate(t time.Time) string {
	sec := t.Unix()
	if c := lastISODate.Load(); c != nil && c.sec == sec {
		return c.s
	}
	s := t.UTC().Format(v4DateLayout)
	lastISODate.Store(&cachedDate{sec: sec, s: s})
	return s
}

// addRedacted records a step, hiding the session token in it (plain and escaped) if present.
func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
	if tr == nil {
		return
	}
	if r := redactToken(v, token); r != v {
		tr.AddRedacted(kind, name, r, apisig.NewSecret(v))
		return
	}
	tr.Add(kind, name, v)
}

// redactToken hides the session token where these schemes put it: as a header value
// ("x-oss-security-token:TOKEN") or a query value ("security-token=TOKEN", decoded or escaped).
// Matching only after ':' or '=' keeps a short token from redacting header names.
func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	enc := canon.Encoding{Set: canon.Unreserved}.Escape(token)
	return strings.NewReplacer(":"+token, ":"+apisig.Redacted, "="+enc, "="+apisig.Redacted, "="+token, "="+apisig.Redacted).Replace(s)
}

// encodeSorted writes query pairs sorted by key (stable, so repeated keys keep their order),
// escaping RFC 3986 unreserved bytes only with upper-case hex and a space as %20; a pair sent
// as "k" stays "k". This is the form the OSS SDKs put in presigned URLs. It sorts pairs in
// place.
func encodeSorted(pairs []canon.Pair) string {
	slices.SortStableFunc(pairs, func(a, b canon.Pair) int { return strings.Compare(a.Key, b.Key) })
	enc := canon.Encoding{Set: canon.Unreserved}
	n := 0
	for _, p := range pairs {
		n += len(p.Key) + len(p.Value) + 2
	}
	b := make([]byte, 0, n+n/2)
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
	return string(b)
}
