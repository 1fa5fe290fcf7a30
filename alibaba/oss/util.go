package oss

import (
	"net/http"
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
// compareHeaders orders header lines by lower-cased name and, for one name in two spellings
// (possible only in a header map built by hand), by the spelling, so the signature never
// depends on the map's iteration order.
func compareHeaders(a, b kv) int {
	if c := compareFold(a.k, b.k); c != 0 {
		return c
	}
	return strings.Compare(a.k, b.k)
}

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

// httpDate formats t as an HTTP-date in GMT, remembering the last string made.
func httpDate(t time.Time) string {
	return httpDates.get(t.Unix(), func(sec int64) string { return time.Unix(sec, 0).UTC().Format(http.TimeFormat) })
}

// isoDate formats t as YYYYMMDD'T'HHMMSS'Z', remembering the last string made.
func isoDate(t time.Time) string {
	return isoDates.get(t.Unix(), func(sec int64) string { return time.Unix(sec, 0).UTC().Format(v4DateLayout) })
}

var httpDates, isoDates lastString[int64]

// lastString remembers the last string formatted from a key, so that the signatures made in
// one second, or with one credential, format it once. It is safe for concurrent use; a miss
// costs two allocations, the string and the entry.
type lastString[K comparable] struct {
	last atomic.Pointer[keyedString[K]]
}

type keyedString[K comparable] struct {
	key K
	s   string
}

// get returns format(key), from memory when key is the last key asked for.
func (m *lastString[K]) get(key K, format func(K) string) string {
	if e := m.last.Load(); e != nil && e.key == key {
		return e.s
	}
	s := format(key)
	m.last.Store(&keyedString[K]{key: key, s: s})
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
