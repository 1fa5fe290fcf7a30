package paypal

import (
	"context"
	"crypto/fips140"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"

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

// appendEscaped appends s encoded by e. The encoding works byte by byte, so enc(a+b) is
// enc(a)+enc(b); s may be a part of dst before its length, as the base string's parts are.
func appendEscaped[T string | []byte](dst []byte, e encoder, s T) []byte {
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
func Escape(s string) string { return string(appendEscaped(nil, encoder{hex: "0123456789abcdef"}, s)) }

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

// sortPairs sorts the parameters by name, then value, as the Java SDK does.
func sortPairs(pairs []canon.Pair) {
	slices.SortStableFunc(pairs, func(a, b canon.Pair) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// appendParams appends the parameters as name=value joined with '&', not encoded one by one.
func appendParams(dst []byte, pairs []canon.Pair) []byte {
	for i, p := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.Key...)
		dst = append(dst, '=')
		dst = append(dst, p.Value...)
	}
	return dst
}

// material is what a signature covers besides the request: the values of the OAuth
// parameters PayPal adds, and the two secrets of the key.
type material struct {
	username, token, timestamp string
	password, tokenSecret      string
}

// computed holds one signature's texts as views into the scratch buffer that compute wrote
// them to; they are valid until the scratch goes back to the pool.
type computed struct {
	uri, params, base, sig []byte
}

// compute writes the normalized URI, the sorted parameters, the base string and the base64
// signature into sc's buffer, back to back.
func (s *Signer) compute(sc *scratch, req *http.Request, m material) (computed, error) {
	pairs, err := sc.parameters(req.URL.RawQuery, m)
	if err != nil {
		return computed{}, err
	}
	e := s.Dialect.encoder()
	buf := appendURI(sc.buf[:0], req)
	uriEnd := len(buf)
	buf = appendParams(buf, pairs)
	paramsEnd := len(buf)
	buf = append(buf, strings.ToUpper(req.Method)...)
	buf = append(buf, '&')
	buf = appendEscaped(buf, e, buf[:uriEnd])
	buf = append(buf, '&')
	buf = appendEscaped(buf, e, buf[uriEnd:paramsEnd])
	baseEnd := len(buf)

	sum := macKey(e, m.password, m.tokenSecret).Sum(sc.sha1, sc.sum[:0], buf[paramsEnd:baseEnd])
	buf = base64.StdEncoding.AppendEncode(buf, sum)
	sc.buf = buf
	return computed{uri: buf[:uriEnd], params: buf[uriEnd:paramsEnd], base: buf[paramsEnd:baseEnd], sig: buf[baseEnd:]}, nil
}

// parameters returns the query's parameters (decoded, '+' as space) and the OAuth ones,
// sorted, in sc's pair slice.
func (sc *scratch) parameters(rawQuery string, m material) ([]canon.Pair, error) {
	pairs, err := canon.AppendQuery(sc.pairs[:0], rawQuery, true)
	if err != nil {
		return nil, err
	}
	pairs = append(pairs,
		canon.Pair{Key: "oauth_consumer_key", Value: m.username},
		canon.Pair{Key: "oauth_version", Value: "1.0"},
		canon.Pair{Key: "oauth_signature_method", Value: "HMAC-SHA1"},
		canon.Pair{Key: "oauth_token", Value: m.token},
		canon.Pair{Key: "oauth_timestamp", Value: m.timestamp})
	sc.pairs = pairs
	sortPairs(pairs)
	return pairs, nil
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

// ppHeader is the header name of the H03 mistake.
const ppHeader = "X-PP-AUTHORIZATION"

// The header names in canonical form, worked out once: http.Header.Set would canonicalize
// (and allocate) on every request.
var (
	headerKey   = http.CanonicalHeaderKey(Header)
	ppHeaderKey = http.CanonicalHeaderKey(ppHeader)
)

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
	sc := getScratch()
	defer putScratch(sc)
	m := material{username: creds.AccessKeyID, token: s.Token, timestamp: timestamp(apisig.Now(s.Clock).Unix()),
		password: creds.Secret.Reveal(), tokenSecret: creds.SessionToken.Reveal()}
	c, err := s.compute(sc, req, m)
	if err != nil {
		return invalid("query", err.Error())
	}
	v := sc.headerValue(s.Token, c.sig, m.timestamp)
	name, key := Header, headerKey
	if s.Dialect.PPHeader {
		name, key = ppHeader, ppHeaderKey
	}
	req.Header[key] = []string{v} // http.Header.Set, without canonicalizing key again
	if tr != nil {
		c.trace(tr, traceKey(s.Dialect.encoder(), m))
		tr.Add(apisig.StepPlacement, name, v)
	}
	return nil
}

// headerValue returns "token=...,signature=...,timestamp=...", built after the texts in the
// scratch buffer so that the string is the only allocation.
func (sc *scratch) headerValue(token string, sig []byte, timestamp string) string {
	start := len(sc.buf)
	b := append(sc.buf, "token="...)
	b = append(b, token...)
	b = append(b, ",signature="...)
	b = append(b, sig...)
	b = append(b, ",timestamp="...)
	b = append(b, timestamp...)
	sc.buf = b
	return string(b[start:])
}

// trace records the stages; key is the HMAC key, built only for a trace.
func (c computed) trace(tr *apisig.Trace, key apisig.Secret) {
	if tr == nil {
		return
	}
	tr.Add(apisig.StepInput, "normalized URI", string(c.uri))
	tr.Add(apisig.StepCanonicalRequest, "parameters, sorted, not encoded", string(c.params))
	tr.Add(apisig.StepStringToSign, "signature base string", string(c.base))
	tr.AddSecret(apisig.StepKey, "key = enc(API password) \"&\" enc(token secret)", key)
	tr.Add(apisig.StepSignature, "signature", string(c.sig))
}
