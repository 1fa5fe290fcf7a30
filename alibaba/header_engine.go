package alibaba

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

// headerProfile is what distinguishes the header-signed HMAC-SHA1 schemes.
type headerProfile struct {
	id          string
	authPrefix  string // "acs " or "OPENSEARCH "
	prefix      string // lower-case prefix of the canonicalized headers
	accept      bool   // the string to sign has an Accept line
	hexMD5      bool   // Content-MD5 is hex (OpenSearch) rather than base64
	dateLayout  string
	encodeRes   bool   // the resource is percent-encoded (OpenSearch)
	trimValues  bool   // header values are trimmed and empty ones left out (OpenSearch)
	nonceHeader string // canonical Go spelling
	tokenHeader string // "" when the scheme has no session token header
	extra       [][2]string
}

var roaProfile = headerProfile{
	id: ROASchemeID, authPrefix: "acs ", prefix: acsHeaderPrefix, accept: true, dateLayout: http.TimeFormat,
	nonceHeader: "X-Acs-Signature-Nonce", tokenHeader: "X-Acs-Security-Token",
	extra: [][2]string{{"X-Acs-Signature-Method", SignatureMethodHMACSHA1}, {"X-Acs-Signature-Version", SignatureVersion1}},
}

var openSearchProfile = headerProfile{
	id: OpenSearchV3SchemeID, authPrefix: "OPENSEARCH ", prefix: "x-opensearch-", hexMD5: true, dateLayout: TimestampLayout,
	encodeRes: true, trimValues: true, nonceHeader: "X-Opensearch-Nonce", tokenHeader: "X-Opensearch-Security-Token",
}

// headerEngine signs and verifies with a profile and a scheme's settings.
type headerEngine struct {
	p       *headerProfile
	clock   apisig.Clock
	nonce   apisig.NonceSource
	d       *HeaderDialect
	keys    apisig.KeyStore
	replay  apisig.ReplayStore
	maxSkew time.Duration
}

type headerScratch struct {
	sts      []byte
	names    []acsHeader
	unsorted []acsHeader // the other header buffer of sortHeaders
	keys     []nameKey
	pairs    []canon.Pair
	auth     []byte
	h        hash.Hash
	md5      hash.Hash
	sh       stringHash
	mac      [sha1.Size]byte
	sum      [md5.Size]byte
	sig      [32]byte
}

var headerPool = sync.Pool{New: func() any {
	return &headerScratch{h: sha1.New(), md5: md5.New(), sts: make([]byte, 0, 512), auth: make([]byte, 0, 128)}
}}

func (e *headerEngine) skew() time.Duration {
	if e.maxSkew <= 0 {
		return DefaultMaxSkew
	}
	return e.maxSkew
}

func (e *headerEngine) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	p := e.p
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, p.id)
	case creds.AccessKeyID == "" || creds.Secret.IsZero():
		return &apisig.RequestError{Scheme: p.id, Part: "credentials", Problem: "AccessKeyId and AccessKeySecret are both required", Kind: apisig.ErrNoCredentials}
	case strings.Contains(creds.AccessKeyID, ":"):
		return &apisig.RequestError{Scheme: p.id, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains ':', which would break the Authorization header", Kind: apisig.ErrInvalidInput}
	case !creds.SessionToken.IsZero() && p.tokenHeader == "":
		return &apisig.RequestError{Scheme: p.id, Part: "credentials", Problem: "this scheme has no session-token header; sign with long-term keys", Kind: apisig.ErrInvalidInput}
	}
	if err := checkSHA1(p.id); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	date := formatTime(apisig.Now(e.clock), p.dateLayout)
	nonce, err := nonceOf(e.nonce, p.id)
	if err != nil {
		return err
	}
	sc := headerPool.Get().(*headerScratch)
	defer headerPool.Put(sc)
	// Drop other spellings of the managed headers (the canonical ones are overwritten in place).
	for k := range req.Header {
		ascii := isASCII(k)
		if otherSpelling(k, "Date", ascii) || otherSpelling(k, "Content-Md5", ascii) || otherSpelling(k, HeaderAuthorization, ascii) ||
			otherSpelling(k, p.nonceHeader, ascii) || p.tokenHeader != "" && otherSpelling(k, p.tokenHeader, ascii) {
			delete(req.Header, k)
		}
		for _, x := range p.extra {
			if otherSpelling(k, x[0], ascii) {
				delete(req.Header, k)
			}
		}
	}
	if p.tokenHeader != "" && creds.SessionToken.IsZero() {
		delete(req.Header, p.tokenHeader)
	}
	setHeader(req.Header, "Date", date)
	if e.d.OmitNonce {
		delete(req.Header, p.nonceHeader)
	} else {
		setHeader(req.Header, p.nonceHeader, nonce)
	}
	for _, x := range p.extra {
		setHeader(req.Header, x[0], x[1])
	}
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(req.Header, p.tokenHeader, token)
	}
	if !e.d.OmitContentMD5 && req.Body != nil && req.Body != http.NoBody {
		sc.md5.Reset()
		if err := writeBody(&sc.sh, sc.md5, req); err != nil {
			return fmt.Errorf("%s: Content-MD5: %w", p.id, err)
		}
		setHeader(req.Header, "Content-Md5", e.md5String(sc.md5.Sum(sc.sum[:0])))
	} else {
		delete(req.Header, "Content-Md5")
	}
	sig, err := e.compute(req, creds.Secret.Reveal(), token, sc, tr)
	if err != nil {
		return err
	}
	a := append(sc.auth[:0], p.authPrefix...)
	a = append(a, creds.AccessKeyID...)
	a = append(a, ':')
	a = append(a, sig...)
	sc.auth = a
	auth := string(a)
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// otherSpelling reports whether header name k is the ASCII name canonical spelled another way
// (strings.EqualFold). An ASCII k can only match a name of its length, which rules out most
// names without folding; a k with other bytes may match through Unicode folds (the Kelvin sign
// is a 'k', the long s an 's') and is folded whatever its length.
func otherSpelling(k, canonical string, ascii bool) bool {
	if ascii && len(k) != len(canonical) {
		return false
	}
	return k != canonical && strings.EqualFold(k, canonical)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// headerGet is h.Get(key) for a key already in canonical form: the map lookup without
// canonicalising the key again.
func headerGet(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (e *headerEngine) md5String(sum []byte) string {
	if e.p.hexMD5 {
		return hex.EncodeToString(sum)
	}
	return base64.StdEncoding.EncodeToString(sum)
}

// compute builds the string to sign from the request as it stands and returns the base64
// signature (in sc.sig).
func (e *headerEngine) compute(req *http.Request, secret, token string, sc *headerScratch, tr *apisig.Trace) ([]byte, error) {
	p := e.p
	sts := append(sc.sts[:0], req.Method...)
	sts = append(sts, '\n')
	for i, name := range [...]string{"Accept", "Content-Md5", "Content-Type"} {
		if i == 0 && !p.accept {
			continue
		}
		v := headerGet(req.Header, name)
		if v == "" && e.d.DropEmptyLines {
			continue
		}
		sts = append(sts, v...)
		sts = append(sts, '\n')
	}
	sts = append(sts, headerGet(req.Header, "Date")...)
	sts = append(sts, '\n')

	h0 := len(sts)
	hs := sc.names[:0]
	for k, v := range req.Header {
		if hasPrefixFold(k, p.prefix) {
			hs = append(hs, acsHeader{name: lowerName(k), raw: k, values: v})
		}
	}
	hs, sc.unsorted, sc.keys = sortHeaders(hs, sc.unsorted, sc.keys)
	sc.names = hs
	for _, h := range hs {
		v := strings.Join(h.values, ",")
		if p.trimValues {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
		}
		sts = append(sts, h.name...)
		sts = append(sts, ':')
		sts = append(sts, v...)
		sts = append(sts, '\n')
	}
	h1 := len(sts)
	sts, err := e.appendResource(sts, req, sc)
	if err != nil {
		return nil, err
	}
	sc.sts = sts
	clear(sc.names)
	clear(sc.unsorted[:cap(sc.unsorted)])
	if tr != nil {
		addRedacted(tr, apisig.StepInput, "canonicalized headers", string(sts[h0:h1]), token)
		tr.Add(apisig.StepCanonicalRequest, "canonicalized resource", string(sts[h1:]))
		addRedacted(tr, apisig.StepStringToSign, "string to sign", string(sts), token)
	}
	withAmp := e.d.Key == KeyWrongAmpersand
	mac := macKey(secret, withAmp, false).Sum(sc.h, sc.mac[:0], sts)
	base64.StdEncoding.Encode(sc.sig[:], mac)
	sig := sc.sig[:base64.StdEncoding.EncodedLen(len(mac))]
	if tr != nil { // the arguments would allocate even for a nil trace
		key, keyName := keyText(secret, withAmp)
		tr.AddSecret(apisig.StepKey, keyName, apisig.NewSecret(key))
		tr.Add(apisig.StepSignature, "signature = base64(HMAC-SHA1(key, string to sign))", string(sig))
	}
	return sig, nil
}

// appendResource appends the canonicalized resource: the path, then "?" and the sorted query.
func (e *headerEngine) appendResource(dst []byte, req *http.Request, sc *headerScratch) ([]byte, error) {
	pairs, err := canon.AppendQuery(sc.pairs[:0], req.URL.RawQuery, true)
	sc.pairs = pairs
	defer clear(sc.pairs)
	if err != nil {
		return dst, &apisig.RequestError{Scheme: e.p.id, Code: CodeInvalidParameter, Part: "query parameter", Value: err.(*canon.QueryError).Param, Problem: err.Error(), Kind: apisig.ErrInvalidInput}
	}
	path := req.URL.Path
	if path == "" {
		path = "/"
	}
	if e.p.encodeRes {
		enc := canon.Encoding{Set: canon.Unreserved, LowerHex: e.d.LowerHex}
		dst = enc.AppendPath(dst, path)
		if !e.d.KeepEmptyParams {
			// OpenSearch leaves parameters with an empty value out of the resource.
			pairs = slices.DeleteFunc(pairs, func(q canon.Pair) bool { return q.Value == "" })
		}
		if len(pairs) > 0 {
			dst = append(dst, '?')
			dst = canon.QueryRule{Encoding: enc, Sort: canon.SortRaw}.Append(dst, pairs, nil)
		}
		return dst, nil
	}
	if e.d.EncodedResource {
		path = req.URL.EscapedPath()
	}
	dst = append(dst, path...)
	if len(pairs) == 0 {
		return dst, nil
	}
	slices.SortStableFunc(pairs, func(a, b canon.Pair) int { return strings.Compare(a.Key, b.Key) })
	dst = append(dst, '?')
	for i, q := range pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, q.Key...)
		if q.Value != "" {
			dst = append(dst, '=')
			dst = append(dst, q.Value...)
		}
	}
	return dst, nil
}

func (e *headerEngine) malformed(part, value, problem string) *Error {
	return badRequest(e.p.id, CodeIncompleteSignature, "The request signature does not conform to Aliyun standards.", part, value, problem, apisig.ErrMalformed)
}

// ParseHeaderAuthorization parses "<prefix>AccessKeyId:Signature" (prefix "acs " for ROA,
// "OPENSEARCH " for OpenSearch v3), checking that the signature is the base64 of a 20-byte
// HMAC-SHA1.
func ParseHeaderAuthorization(v, prefix string) (keyID, signature string, err error) {
	rest, ok := strings.CutPrefix(v, prefix)
	if !ok {
		return "", "", fmt.Errorf("%w: Authorization header does not start with %q", apisig.ErrMalformed, prefix)
	}
	keyID, signature, ok = strings.Cut(rest, ":")
	switch {
	case !ok:
		return "", "", fmt.Errorf("%w: Authorization header: want %sAccessKeyId:Signature", apisig.ErrMalformed, prefix)
	case keyID == "" || strings.ContainsAny(keyID, " \t"):
		return "", "", fmt.Errorf("%w: Authorization header: the AccessKeyId is empty or has a space", apisig.ErrMalformed)
	case len(signature) != 28:
		return "", "", fmt.Errorf("%w: Authorization header: want a 28-character base64 signature, got %d characters", apisig.ErrMalformed, len(signature))
	}
	if b, err := base64.StdEncoding.DecodeString(signature); err != nil || len(b) != sha1.Size {
		return "", "", fmt.Errorf("%w: Authorization header: the signature is not base64", apisig.ErrMalformed)
	}
	return keyID, signature, nil
}

func (e *headerEngine) verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	p := e.p
	if e.keys == nil {
		return nil, errors.New(p.id + ": Keys is nil: a verifier needs a key store")
	}
	if err := checkSHA1(p.id); err != nil {
		return nil, err
	}
	auth := req.Header.Get(HeaderAuthorization)
	if auth == "" {
		return nil, badRequest(p.id, CodeMissingSignature, "Authorization is mandatory for this action.", "Authorization header", "", "is missing", apisig.ErrNotSigned)
	}
	keyID, provided, err := ParseHeaderAuthorization(auth, p.authPrefix)
	if err != nil {
		return nil, e.malformed("Authorization header", auth, strings.TrimPrefix(err.Error(), apisig.ErrMalformed.Error()+": "))
	}
	dateValue := req.Header.Get("Date")
	t, err := time.Parse(p.dateLayout, dateValue)
	if err != nil {
		return nil, badRequest(p.id, CodeInvalidTimeStampFormat, MessageTimeStampFormat, "Date header", dateValue, "want "+p.dateLayout, apisig.ErrMalformed)
	}
	now := apisig.Now(e.clock)
	if d := now.Sub(t); d > e.skew() || -d > e.skew() {
		return nil, badRequest(p.id, CodeInvalidTimeStampExpire, MessageTimeStampExpired, "Date header", dateValue,
			"differs from the server time "+now.UTC().Format(p.dateLayout)+" by "+d.Abs().Round(time.Second).String()+"; at most "+e.skew().String()+" is allowed", apisig.ErrSkewed)
	}
	sc := headerPool.Get().(*headerScratch)
	defer headerPool.Put(sc)
	if claimed := req.Header.Get("Content-Md5"); claimed != "" {
		sc.md5.Reset()
		if err := bodyhash.Write(sc.md5, req); err != nil {
			return nil, fmt.Errorf("%s: hashing the body to check Content-MD5: %w", p.id, err)
		}
		if actual := e.md5String(sc.md5.Sum(sc.sum[:0])); actual != claimed {
			return nil, badRequest(p.id, "InvalidContentMD5", "The Content-MD5 header does not match the body.", "Content-MD5 header", claimed,
				"is not the MD5 of the body received, "+actual, apisig.ErrMismatch)
		}
	}
	secrets, err := e.keys.Secrets(ctx, keyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, gatewayError(http.StatusNotFound, MessageAccessKeyNotFound, &apisig.RequestError{Scheme: p.id, Code: CodeInvalidAccessKeyID,
				Part: "Authorization header AccessKeyId", Value: keyID, Problem: "is not in the key store", Kind: apisig.ErrUnknownKey})
		}
		return nil, fmt.Errorf("%s: looking up AccessKeyId %q: %w", p.id, keyID, err)
	}
	token := ""
	if p.tokenHeader != "" {
		token = req.Header.Get(p.tokenHeader)
	}
	want := []byte(provided)
	for _, secret := range secrets {
		sig, err := e.compute(req, secret.Reveal(), token, sc, nil)
		if err != nil {
			return nil, err
		}
		if hmac.Equal(sig, want) {
			if nonce := req.Header.Get(p.nonceHeader); nonce != "" {
				if err := claimNonce(ctx, replayStore(e.replay), p.id, keyID, nonce, t.Add(e.skew())); err != nil {
					return nil, err
				}
			}
			return &apisig.Verified{Scheme: p.id, AccessKeyID: keyID, SignedAt: t, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: p.id}
	if len(secrets) > 0 {
		if _, err := e.compute(req, secrets[0].Reveal(), token, sc, tr); err != nil {
			return nil, err
		}
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	return nil, &Error{Status: http.StatusBadRequest, Code: CodeSignatureDoesNotMatch, Message: MessageSignatureDoesNotMatch + sts,
		Err: &apisig.MismatchError{Scheme: p.id, Code: CodeSignatureDoesNotMatch, AccessKeyID: keyID, Provided: provided, Trace: tr}}
}
