package signedurl

import (
	"context"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

var queryEnc = canon.Encoding{Set: canon.Unreserved}

// check validates the configuration: every enum in range, parameter names distinct.
func (s *Signer) check() error {
	switch {
	case s.Hash > SHA512:
		return invalid("Hash", "is "+strconv.Itoa(int(s.Hash))+", not one of SHA256, SHA1, SHA512")
	case s.KeyEncoding > KeyBase64URL:
		return invalid("KeyEncoding", "is "+strconv.Itoa(int(s.KeyEncoding))+", not one of raw, base64, base64url")
	case s.SignatureEncoding > SigBase64URLUnpadded:
		return invalid("SignatureEncoding", "is "+strconv.Itoa(int(s.SignatureEncoding))+", not one of hex, base64, base64url, base64url-unpadded")
	case s.Placement > PlaceHeader:
		return invalid("Placement", "is "+strconv.Itoa(int(s.Placement))+", not one of query, header")
	case s.Message.Query > QueryOmit:
		return invalid("Message.Query", "is "+strconv.Itoa(int(s.Message.Query))+", not one of raw, sorted, omit")
	case s.Hash == SHA1 && fips140.Enforced():
		return invalid("Hash", "SHA-1 is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); use SHA256 or SHA512")
	}
	names := []string{s.KeyIDParam, s.ExpiresParam}
	if s.Placement == PlaceQuery {
		names = append(names, s.param())
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			if a != "" && a == b {
				return invalid("parameter names", strconv.Quote(a)+" is used for two purposes (signature, key id, expiry)")
			}
		}
	}
	return nil
}

// macPools caches keyed HMACs per hash and decoded key, so a request costs no key setup.
var macPools = struct {
	sync.RWMutex
	m map[poolKey]*sync.Pool
}{m: map[poolKey]*sync.Pool{}}

type poolKey struct {
	h   Hash
	key string
}

func (s *Signer) mac(secret apisig.Secret) (hash.Hash, *sync.Pool, error) {
	raw := secret.Reveal()
	var key []byte
	var err error
	switch enc := s.KeyEncoding; {
	case enc == KeyRaw, s.Dialect.KeyAsText:
		key = []byte(raw)
	case enc == KeyBase64:
		key, err = base64.StdEncoding.DecodeString(raw)
	case enc == KeyBase64URL:
		key, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(raw, "="))
	}
	if err != nil {
		return nil, nil, &apisig.RequestError{Scheme: SchemeID, Part: "secret", Problem: "is not valid " + [...]string{"", "base64", "base64url"}[s.KeyEncoding] + " (KeyEncoding)", Kind: apisig.ErrInvalidInput}
	}
	if len(key) == 0 {
		return nil, nil, &apisig.RequestError{Scheme: SchemeID, Part: "secret", Problem: "is empty", Kind: apisig.ErrNoCredentials}
	}
	pk := poolKey{s.Hash, string(key)}
	macPools.RLock()
	p := macPools.m[pk]
	macPools.RUnlock()
	if p == nil {
		h := [...]func() hash.Hash{SHA256: sha256.New, SHA1: sha1.New, SHA512: sha512.New}[s.Hash]
		k := key
		p = &sync.Pool{New: func() any { return hmac.New(h, k) }}
		macPools.Lock()
		if len(macPools.m) >= 4096 {
			clear(macPools.m)
		}
		macPools.m[pk] = p
		macPools.Unlock()
	}
	m := p.Get().(hash.Hash)
	m.Reset()
	return m, p, nil
}

// stripParams returns raw without the segments whose decoded name is one of names, and the
// decoded values of those it removed, by name.
func stripParams(raw string, names ...string) (string, map[string][]string, error) {
	var kept []string
	found := map[string][]string{}
	for seg := range strings.SplitSeq(raw, "&") {
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		key, err := canon.Unescape(k, true)
		if err != nil {
			return "", nil, err
		}
		if key != "" && slices.Contains(names, key) {
			val, err := canon.Unescape(v, true)
			if err != nil {
				return "", nil, err
			}
			found[key] = append(found[key], val)
			continue
		}
		kept = append(kept, seg)
	}
	return strings.Join(kept, "&"), found, nil
}

// message builds the string to sign (without the body, which the caller streams into the MAC).
func (s *Signer) message(req *http.Request, rawQuery string) ([]byte, error) {
	var b []byte
	if s.Message.Method {
		b = append(b, strings.ToUpper(req.Method)...)
		b = append(b, '\n')
	}
	if s.Message.Host {
		host := req.Host
		if host == "" {
			host = req.URL.Host
		}
		b = append(b, strings.ToLower(host)...)
		b = append(b, '\n')
	}
	if !s.Message.OmitPath {
		p := req.URL.EscapedPath()
		if p == "" {
			p = "/"
		}
		b = append(b, p...)
	}
	switch s.Message.Query {
	case QueryRaw:
		if rawQuery != "" {
			b = append(b, '?')
			b = append(b, rawQuery...)
		}
	case QuerySorted:
		pairs, err := canon.ParseQuery(rawQuery, true)
		if err != nil {
			return nil, err
		}
		if len(pairs) > 0 {
			b = append(b, '?')
			b = canon.QueryRule{Encoding: queryEnc}.Append(b, pairs, nil)
		}
	}
	for _, h := range s.Message.Headers {
		b = append(b, '\n')
		b = append(b, strings.ToLower(h)...)
		b = append(b, ':')
		b = append(b, strings.TrimSpace(strings.Join(req.Header.Values(h), ", "))...)
	}
	return b, nil
}

// compute returns the encoded signature of req (whose query, signature removed, is rawQuery)
// and the string to sign.
func (s *Signer) compute(req *http.Request, rawQuery string, secret apisig.Secret) (sig string, msg []byte, err error) {
	msg, err = s.message(req, rawQuery)
	if err != nil {
		return "", nil, err
	}
	m, pool, err := s.mac(secret)
	if err != nil {
		return "", nil, err
	}
	defer pool.Put(m)
	m.Write(msg)
	if s.Message.Body {
		m.Write([]byte{'\n'})
		if err := bodyhash.Write(m, req); err != nil {
			return "", nil, err
		}
	}
	var buf [64]byte
	sum := m.Sum(buf[:0])
	return s.encode(sum), msg, nil
}

func (s *Signer) encode(sum []byte) string {
	pad := s.Dialect.TogglePadding
	switch s.SignatureEncoding {
	case SigBase64:
		if pad {
			return base64.RawStdEncoding.EncodeToString(sum)
		}
		return base64.StdEncoding.EncodeToString(sum)
	case SigBase64URL:
		if pad {
			return base64.RawURLEncoding.EncodeToString(sum)
		}
		return base64.URLEncoding.EncodeToString(sum)
	case SigBase64URLUnpadded:
		if pad {
			return base64.URLEncoding.EncodeToString(sum)
		}
		return base64.RawURLEncoding.EncodeToString(sum)
	}
	if s.Dialect.UpperHex {
		return strings.ToUpper(hex.EncodeToString(sum))
	}
	return hex.EncodeToString(sum)
}

func (s *Signer) sign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	if err := s.check(); err != nil {
		return time.Time{}, err
	}
	switch {
	case req == nil || req.URL == nil:
		return time.Time{}, invalid("request", "is nil or has no URL")
	case creds.Secret.IsZero():
		return time.Time{}, &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "have no secret", Kind: apisig.ErrNoCredentials}
	case s.KeyIDParam != "" && creds.AccessKeyID == "":
		return time.Time{}, &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "have no access key id for the " + s.KeyIDParam + " parameter", Kind: apisig.ErrNoCredentials}
	}
	at := apisig.Now(s.Clock)
	names := []string{s.KeyIDParam, s.ExpiresParam}
	if s.Placement == PlaceQuery {
		names = append(names, s.param())
	}
	q, _, err := stripParams(req.URL.RawQuery, names...)
	if err != nil {
		return time.Time{}, invalid("query", err.Error())
	}
	add := func(k, v string) {
		if q != "" {
			q += "&"
		}
		q += queryEnc.Escape(k) + "=" + queryEnc.Escape(v)
	}
	if s.KeyIDParam != "" {
		add(s.KeyIDParam, creds.AccessKeyID)
	}
	if s.ExpiresParam != "" {
		add(s.ExpiresParam, strconv.FormatInt(at.Add(expires).Unix(), 10))
	}
	sig, msg, err := s.compute(req, q, creds.Secret)
	if err != nil {
		return time.Time{}, err
	}
	if tr != nil {
		tr.Add(apisig.StepStringToSign, "string to sign", string(msg)+bodyNote(s.Message.Body))
		tr.AddSecret(apisig.StepKey, "secret ("+[...]string{"raw: the HMAC key is its bytes", "base64: the HMAC key is the decoded bytes", "base64url: the HMAC key is the decoded bytes"}[s.KeyEncoding]+")", creds.Secret)
		tr.Add(apisig.StepSignature, "HMAC-"+[...]string{"SHA256", "SHA1", "SHA512"}[s.Hash]+", "+[...]string{"hex", "base64", "base64url", "base64url unpadded"}[s.SignatureEncoding], sig)
	}
	switch s.Placement {
	case PlaceQuery:
		if s.Dialect.RawSignature {
			if q != "" {
				q += "&"
			}
			q += queryEnc.Escape(s.param()) + "=" + sig
		} else {
			add(s.param(), sig)
		}
		req.URL.RawQuery = q
		tr.Add(apisig.StepPlacement, "query", q)
	case PlaceHeader:
		req.URL.RawQuery = q
		req.Header.Set(s.header(), sig)
		tr.Add(apisig.StepPlacement, s.header(), sig)
	}
	return at, nil
}

func bodyNote(body bool) string {
	if body {
		return "\n<body bytes>"
	}
	return ""
}
