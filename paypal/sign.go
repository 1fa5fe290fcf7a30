package paypal

import (
	"context"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"hash"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// encoder writes PayPal's encoding, or the dialect's deviation from it.
type encoder struct {
	rfc3986 bool   // RFC 3986 unreserved literal, space as %20 (H02)
	hex     string // digits
}

func (d *Dialect) encoder() encoder {
	e := encoder{hex: "0123456789abcdef", rfc3986: d.RFC3986}
	if d.UpperHex {
		e.hex = "0123456789ABCDEF"
	}
	return e
}

func (e encoder) append(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
		switch {
		case alnum, e.rfc3986 && (c == '-' || c == '.' || c == '~'):
			dst = append(dst, c)
		case c == ' ' && !e.rfc3986:
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', e.hex[c>>4], e.hex[c&15])
		}
	}
	return dst
}

// Escape encodes s as PayPal's PayPalURLEncoder does: a-z A-Z 0-9 '_' literal, space as '+',
// every other byte of the UTF-8 form as %xy with lower-case hex.
func Escape(s string) string { return string(encoder{hex: "0123456789abcdef"}.append(nil, s)) }

// appendURI appends scheme://host[:port]/path: scheme and host lower-cased, the default port
// dropped, the path as sent, no query (the Java SDK's normalizeURI on the endpoint).
func appendURI(dst []byte, req *http.Request) []byte {
	scheme := strings.ToLower(req.URL.Scheme)
	if scheme == "" {
		scheme = "http"
		if req.TLS != nil {
			scheme = "https"
		}
	}
	dst = append(dst, scheme...)
	dst = append(dst, "://"...)
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	h, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		h, port = host[:i], host[i+1:]
	}
	dst = append(dst, strings.ToLower(h)...)
	if port != "" && !(scheme == "http" && port == "80") && !(scheme == "https" && port == "443") {
		dst = append(dst, ':')
		dst = append(dst, port...)
	}
	return append(dst, req.URL.EscapedPath()...)
}

// compute returns the base string and the signature for the request's URI and parameters.
type computed struct {
	uri, params, base string
	key               apisig.Secret
	sig               string
}

func (s *Signer) compute(req *http.Request, username, password, token, tokenSecret, timestamp string) (computed, error) {
	pairs, err := canon.ParseQuery(req.URL.RawQuery, true)
	if err != nil {
		return computed{}, err
	}
	pairs = append(pairs,
		canon.Pair{Key: "oauth_consumer_key", Value: username},
		canon.Pair{Key: "oauth_version", Value: "1.0"},
		canon.Pair{Key: "oauth_signature_method", Value: "HMAC-SHA1"},
		canon.Pair{Key: "oauth_token", Value: token},
		canon.Pair{Key: "oauth_timestamp", Value: timestamp})
	slices.SortStableFunc(pairs, func(a, b canon.Pair) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	var params []byte
	for i, p := range pairs {
		if i > 0 {
			params = append(params, '&')
		}
		params = append(params, p.Key...)
		params = append(params, '=')
		params = append(params, p.Value...)
	}
	e := s.Dialect.encoder()
	uri := appendURI(nil, req)
	base := append([]byte(strings.ToUpper(req.Method)), '&')
	base = e.append(base, string(uri))
	base = append(base, '&')
	base = e.append(base, string(params))
	key := e.append(nil, password)
	key = append(key, '&')
	key = e.append(key, tokenSecret)
	pool := macPool(key)
	m := pool.Get().(hash.Hash)
	m.Reset()
	m.Write(base)
	var sum [sha1.Size]byte
	m.Sum(sum[:0])
	pool.Put(m)
	return computed{uri: string(uri), params: string(params), base: string(base), key: apisig.NewSecret(string(key)),
		sig: base64.StdEncoding.EncodeToString(sum[:])}, nil
}

// macs caches keyed HMAC-SHA1s per key (enc(password)&enc(token secret)), so a request costs no
// key setup; a changed secret is a different key. Emptied past 4096 keys.
var macs = struct {
	sync.RWMutex
	m map[string]*sync.Pool
}{m: map[string]*sync.Pool{}}

func macPool(key []byte) *sync.Pool {
	macs.RLock()
	p := macs.m[string(key)]
	macs.RUnlock()
	if p != nil {
		return p
	}
	k := string(key)
	p = &sync.Pool{New: func() any { return hmac.New(sha1.New, []byte(k)) }}
	macs.Lock()
	if len(macs.m) >= 4096 {
		clear(macs.m)
	}
	macs.m[k] = p
	macs.Unlock()
	return p
}

func invalid(part, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Part: part, Problem: problem, Kind: apisig.ErrInvalidInput}
}

func checkFIPS() error {
	if fips140.Enforced() {
		return invalid("signature method HMAC-SHA1", "uses SHA-1, which is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); PayPal's scheme has no other method")
	}
	return nil
}

func (s *Signer) sign(ctx context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case req == nil || req.URL == nil:
		return invalid("request", "is nil or has no URL")
	case !creds.Valid():
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "need the API username (AccessKeyID) and API password (Secret)", Kind: apisig.ErrNoCredentials}
	case creds.SessionToken.IsZero():
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "need the token secret (SessionToken) the Permissions API granted", Kind: apisig.ErrNoCredentials}
	case s.Token == "":
		return invalid("Signer.Token", "is empty: set the access token the Permissions API granted")
	case strings.ContainsAny(s.Token, ", \t\r\n"):
		return invalid("Signer.Token", "contains a comma or whitespace, which the header cannot carry")
	}
	if err := checkFIPS(); err != nil {
		return err
	}
	ts := strconv.FormatInt(apisig.Now(s.Clock).Unix(), 10)
	c, err := s.compute(req, creds.AccessKeyID, creds.Secret.Reveal(), s.Token, creds.SessionToken.Reveal(), ts)
	if err != nil {
		return invalid("query", err.Error())
	}
	v := "token=" + s.Token + ",signature=" + c.sig + ",timestamp=" + ts
	name := Header
	if s.Dialect.PPHeader {
		name = "X-PP-AUTHORIZATION"
	}
	req.Header.Set(name, v)
	c.trace(tr)
	if tr != nil {
		tr.Add(apisig.StepPlacement, name, v)
	}
	return nil
}

func (c computed) trace(tr *apisig.Trace) {
	if tr == nil {
		return
	}
	tr.Add(apisig.StepInput, "normalized URI", c.uri)
	tr.Add(apisig.StepCanonicalRequest, "parameters, sorted, not encoded", c.params)
	tr.Add(apisig.StepStringToSign, "signature base string", c.base)
	tr.AddSecret(apisig.StepKey, "key = enc(API password) \"&\" enc(token secret)", c.key)
	tr.Add(apisig.StepSignature, "signature", c.sig)
}
