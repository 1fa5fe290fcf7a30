package alibaba

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// rpcScratch holds the buffers of one signature, pooled.
type rpcScratch struct {
	pairs  []canon.Pair
	form   []byte
	buf    []byte // canonicalized query string
	sts    []byte
	out    []byte // the new raw query
	enc    []byte
	idx    []int32
	byName []int32
	keys   []nameKey
	h      hash.Hash
	mac    [sha1.Size]byte
	sig    [64]byte
}

var rpcPool = sync.Pool{New: func() any {
	return &rpcScratch{h: sha1.New(), buf: make([]byte, 0, 512), sts: make([]byte, 0, 768), out: make([]byte, 0, 512)}
}}

func getRPCScratch() *rpcScratch { return rpcPool.Get().(*rpcScratch) }

func putRPCScratch(sc *rpcScratch) {
	if cap(sc.buf) > 64<<10 || cap(sc.form) > 64<<10 {
		return
	}
	clear(sc.pairs)
	sc.pairs = sc.pairs[:0]
	rpcPool.Put(sc)
}

// isManaged reports whether the signer sets the parameter itself (so an earlier value is
// dropped from the request before it is signed again).
func (s *RPC) isManaged(key string) bool {
	switch key {
	case ParamAccessKeyID, ParamSignature, ParamSignatureMethod, ParamSignatureVersion, ParamSignatureNonce,
		ParamTimestamp, "TimeStamp", ParamSecurityToken:
		return true
	case ParamFormat:
		return s.Format != ""
	}
	return false
}

// sign signs req in place (presign false) or a copy of its URL (presign true, returned).
func (s *RPC) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace, presign bool) (*url.URL, error) {
	if err := s.checkInput(req, creds); err != nil {
		return nil, err
	}
	t := apisig.Now(s.Clock)
	ts := s.Dialect.timestamp(t)
	nonce, err := s.nonce().Nonce()
	if err != nil {
		return nil, fmt.Errorf("%s: making a SignatureNonce: %w", RPCSchemeID, err)
	}
	if nonce == "" {
		return nil, &apisig.RequestError{Scheme: RPCSchemeID, Part: ParamSignatureNonce, Problem: "the nonce source returned an empty nonce", Kind: apisig.ErrInvalidInput}
	}
	sc := getRPCScratch()
	defer putRPCScratch(sc)

	// The query as sent, without the parameters this signer sets: its segments are kept as
	// they are on the wire, and their decoded pairs are signed.
	out := sc.out[:0]
	pairs := sc.pairs[:0]
	for raw := req.URL.RawQuery; raw != ""; {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		eq, escaped := scanSegment(seg)
		// Managed parameters are dropped before their values are decoded.
		if s.isManaged(seg[:eq]) {
			continue
		}
		p := canon.Pair{Key: seg[:eq], NoEquals: eq == len(seg)}
		if !p.NoEquals {
			p.Value = seg[eq+1:]
		}
		if escaped {
			if p, err = decodePair(p); err != nil {
				return nil, &apisig.RequestError{Scheme: RPCSchemeID, Part: "query parameter", Value: seg, Problem: err.Error(), Kind: apisig.ErrInvalidInput}
			}
			if s.isManaged(p.Key) {
				continue
			}
		}
		pairs = append(pairs, p)
		if len(out) > 0 {
			out = append(out, '&')
		}
		out = append(out, seg...)
	}
	if isForm(req.Header) && req.Body != nil && req.Body != http.NoBody {
		if presign {
			return nil, &apisig.RequestError{Scheme: RPCSchemeID, Part: "form body", Problem: "a signed URL carries every parameter in its query; move the form parameters to the query", Kind: apisig.ErrInvalidInput}
		}
		sc.form, err = readBody(sc.form[:0], req, MaxFormBody)
		if err != nil {
			return nil, fmt.Errorf("%s: form body: %w", RPCSchemeID, err)
		}
		if pairs, err = appendForm(pairs, sc.form); err != nil {
			return nil, &apisig.RequestError{Scheme: RPCSchemeID, Part: "form body parameter", Value: err.(*canon.QueryError).Param, Problem: err.Error(), Kind: apisig.ErrInvalidInput}
		}
	}
	token := creds.SessionToken.Reveal()
	first := len(pairs)
	pairs = append(pairs,
		canon.Pair{Key: ParamAccessKeyID, Value: creds.AccessKeyID},
		canon.Pair{Key: ParamSignatureMethod, Value: SignatureMethodHMACSHA1},
		canon.Pair{Key: ParamSignatureNonce, Value: nonce},
		canon.Pair{Key: ParamSignatureVersion, Value: SignatureVersion1},
		canon.Pair{Key: s.Dialect.TimestampName.param(), Value: ts},
	)
	if s.Format != "" {
		pairs = append(pairs, canon.Pair{Key: ParamFormat, Value: s.Format})
	}
	if token != "" {
		pairs = append(pairs, canon.Pair{Key: ParamSecurityToken, Value: token})
	}
	sc.pairs = pairs
	s.order(pairs, sc)
	if tr != nil {
		// A trace records nothing of a request that cannot be signed.
		if err := checkPairs(pairs, sc.byName, apisig.ErrInvalidInput, true); err != nil {
			return nil, err
		}
	}
	for _, p := range pairs[first:] {
		if len(out) > 0 {
			out = append(out, '&')
		}
		out = append(out, p.Key...) // the names this signer sets are all unreserved
		out = append(out, '=')
		out = defaultEncoder.append(out, p.Value) // the wire encoding
	}
	if tr != nil {
		tr.Add(apisig.StepInput, "method", req.Method)
		tr.Add(apisig.StepInput, s.Dialect.TimestampName.param(), ts)
		tr.Add(apisig.StepInput, ParamSignatureNonce, nonce)
	}
	sig, ascii := s.compute(req.Method, pairs, creds.Secret.Reveal(), token, sc, tr)
	if tr == nil {
		// Checked after computing, which tells whether any name or value has a byte that
		// is not ASCII, so the UTF-8 checks run only then.
		if err := checkPairs(pairs, sc.byName, apisig.ErrInvalidInput, !ascii); err != nil {
			return nil, err
		}
	}

	out = append(out, "&"+ParamSignature+"="...)
	sigStart := len(out)
	switch s.Dialect.SignatureEncoding {
	case SignatureEncodedTwice:
		sc.enc = appendWire(sc.enc[:0], sig)
		out = appendWire(out, sc.enc)
	case SignatureNotEncoded:
		out = append(out, sig...)
	default:
		out = appendWire(out, sig)
	}
	sc.out = out
	rawQuery := string(out)
	if tr != nil {
		tr.Add(apisig.StepPlacement, "Signature query parameter", rawQuery[sigStart:])
		tr.Add(apisig.StepPlacement, "query string", redactToken(rawQuery, token))
	}
	if presign {
		u := *req.URL
		u.RawQuery = rawQuery
		u.ForceQuery = false
		return &u, nil
	}
	req.URL.RawQuery = rawQuery
	return nil, nil
}

// appendWire appends a signature percent-encoded with the wire encoding, without allocating.
func appendWire(dst, sig []byte) []byte {
	for _, c := range sig {
		if defaultEncoder.literal[c] {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return dst
}

// scanSegment finds the first '=' of a "k=v" query segment (len(seg) when there is none) and
// reports whether the segment has anything to decode ('%' or '+'), with three vectorised byte
// searches: faster than one byte-by-byte pass over the short segments of a query.
func scanSegment(seg string) (eq int, escaped bool) {
	if eq = strings.IndexByte(seg, '='); eq < 0 {
		eq = len(seg)
	}
	return eq, strings.IndexByte(seg, '%') >= 0 || strings.IndexByte(seg, '+') >= 0
}

// decodePair decodes the name and value of a pair split from a query segment, reading '+' as
// a space as the gateway does.
func decodePair(p canon.Pair) (canon.Pair, error) {
	var err error
	if p.Key, err = canon.Unescape(p.Key, true); err != nil {
		return p, err
	}
	p.Value, err = canon.Unescape(p.Value, true)
	return p, err
}

// appendForm appends the parameters of an application/x-www-form-urlencoded body.
func appendForm(dst []canon.Pair, body []byte) ([]canon.Pair, error) {
	return canon.AppendQuery(dst, string(body), true)
}

// checkPairs rejects a parameter name that is empty, sent twice, or a name or value that is
// not UTF-8: Alibaba's gateway decodes parameters as UTF-8, and the SDKs keep parameters in a
// map, so neither can be signed faithfully. byName orders pairs by name. checkUTF8 false skips
// the UTF-8 checks, for a caller that knows every name and value is ASCII.
func checkPairs(pairs []canon.Pair, byName []int32, kind error, checkUTF8 bool) error {
	for _, p := range pairs {
		switch {
		case p.Key == "":
			return &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeInvalidParameter, Part: "parameter", Value: "=" + p.Value, Problem: "has an empty name", Kind: kind}
		case !checkUTF8:
		case !utf8.ValidString(p.Key):
			return &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeInvalidParameter, Part: "parameter name", Value: p.Key, Problem: "is not valid UTF-8", Kind: kind}
		case !utf8.ValidString(p.Value):
			v := p.Value
			if p.Key == ParamSecurityToken {
				v = apisig.Redacted // a session token is a credential: never in an error's text
			}
			return &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeInvalidParameter, Part: "parameter " + p.Key, Value: v, Problem: "value is not valid UTF-8", Kind: kind}
		}
	}
	for i := 1; i < len(byName); i++ {
		if k := pairs[byName[i]].Key; k == pairs[byName[i-1]].Key {
			return &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeInvalidParameter, Part: "parameter " + k, Problem: "appears more than once (the query and the form body counted together); each parameter may be sent once", Kind: kind}
		}
	}
	return nil
}

// order fills sc.byName with the indexes of pairs sorted by name (then value), and sc.idx with
// the dialect's canonical order. Sorting indexes moves no strings.
func (s *RPC) order(pairs []canon.Pair, sc *rpcScratch) {
	sc.byName = sc.byName[:0]
	for i := range pairs {
		sc.byName = append(sc.byName, int32(i))
	}
	sc.keys = sortByName(sc.byName, pairs, sc.keys)
	switch s.Dialect.Sort {
	case SortByEncoded:
		enc := s.Dialect.encoder()
		sc.idx = append(sc.idx[:0], sc.byName...)
		slices.SortStableFunc(sc.idx, func(a, b int32) int {
			return strings.Compare(string(enc.append(nil, pairs[a].Key)), string(enc.append(nil, pairs[b].Key)))
		})
	case SortNone:
		sc.idx = sc.idx[:0]
		for i := range pairs {
			sc.idx = append(sc.idx, int32(i))
		}
	default:
		sc.idx = append(sc.idx[:0], sc.byName...)
	}
}

// sortByName sorts idx, indexes of pairs, by name then value. For the few parameters of a usual
// request it sorts by insertion on the names' first 8 bytes held in an integer, comparing whole
// strings only when those are equal; keys is scratch space.
func sortByName(idx []int32, pairs []canon.Pair, keys []nameKey) []nameKey {
	if len(idx) > 32 {
		slices.SortFunc(idx, func(a, b int32) int { return comparePairs(&pairs[a], &pairs[b]) })
		return keys
	}
	keys = keys[:0]
	for _, i := range idx {
		keys = append(keys, nameKey{prefix: namePrefix(pairs[i].Key), i: i})
	}
	for i := 1; i < len(keys); i++ {
		x := keys[i]
		j := i
		for ; j > 0; j-- {
			y := &keys[j-1]
			if x.prefix > y.prefix || x.prefix == y.prefix && comparePairs(&pairs[x.i], &pairs[y.i]) >= 0 {
				break
			}
			keys[j] = *y
		}
		keys[j] = x
	}
	for n, k := range keys {
		idx[n] = k.i
	}
	return keys
}

// nameKey is a parameter's index with the first 8 bytes of its name, big-endian and padded
// with zeros, so that comparing prefixes orders names as comparing the strings does, except
// that equal prefixes need the strings.
type nameKey struct {
	prefix uint64
	i      int32
}

func namePrefix(s string) uint64 {
	if len(s) >= 8 { // one 8-byte load
		return uint64(s[0])<<56 | uint64(s[1])<<48 | uint64(s[2])<<40 | uint64(s[3])<<32 |
			uint64(s[4])<<24 | uint64(s[5])<<16 | uint64(s[6])<<8 | uint64(s[7])
	}
	var p uint64
	for j := range len(s) {
		p |= uint64(s[j]) << (56 - 8*j)
	}
	return p
}

// comparePairs orders pairs by name, then value.
func comparePairs(a, b *canon.Pair) int {
	if len(a.Key) > 0 && len(b.Key) > 0 && a.Key[0] != b.Key[0] {
		return int(a.Key[0]) - int(b.Key[0])
	}
	if c := strings.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return strings.Compare(a.Value, b.Value)
}

// compute builds the string to sign (and, for a trace, the canonicalized query string) and
// the signature, which it returns in sc.sig, and reports whether every parameter name and
// value is ASCII. The canonical order is sc.idx, from order.
//
// The string to sign holds the canonicalized query string percent-encoded again; it is written
// straight from the parameters, each byte encoded twice in one step, so the canonicalized
// query string itself is built only for a trace or the knob that signs it unencoded.
func (s *RPC) compute(method string, pairs []canon.Pair, secret, token string, sc *rpcScratch, tr *apisig.Trace) (sig []byte, ascii bool) {
	d := &s.Dialect
	enc := d.encoder()
	sts := append(sc.sts[:0], method...)
	sts = append(sts, '&')
	sts = enc.append(sts, "/")
	sts = append(sts, '&')
	amp, eq := &enc.once['&'], &enc.once['=']
	var high, h byte
	if tr != nil || d.RawQueryInStringToSign {
		buf := sc.buf[:0]
		for i, j := range sc.idx {
			p := &pairs[j]
			if i > 0 {
				buf = append(buf, '&')
			}
			buf, h = enc.appendWith(buf, p.Key, &enc.once)
			high |= h
			buf = append(buf, '=')
			buf, h = enc.appendWith(buf, p.Value, &enc.once)
			high |= h
		}
		sc.buf = buf
	}
	if d.RawQueryInStringToSign {
		sts = append(sts, sc.buf...)
	} else {
		for i, j := range sc.idx {
			p := &pairs[j]
			if i > 0 {
				sts = append(sts, amp.b[:amp.n]...)
			}
			sts, h = enc.appendTwice(sts, p.Key)
			high |= h
			sts = append(sts, eq.b[:eq.n]...)
			sts, h = enc.appendTwice(sts, p.Value)
			high |= h
		}
	}
	sc.sts = sts
	if tr != nil {
		addRedacted(tr, apisig.StepCanonicalRequest, "canonicalized query string", string(sc.buf), token)
		addRedacted(tr, apisig.StepStringToSign, "string to sign", string(sts), token)
	}

	withAmp := d.Key != KeyWrongAmpersand
	if tr != nil {
		key, keyName := keyText(secret, withAmp)
		tr.AddSecret(apisig.StepKey, keyName, apisig.NewSecret(key))
	}
	mac := macKey(secret, withAmp, false).Sum(sc.h, sc.mac[:0], sts)
	sig = encodeDigest(sc.sig[:0], mac, d.Digest)
	if d.TrailingNewline {
		sig = append(sig, '\n')
	}
	if tr != nil {
		name := digestName(d.Digest, "HMAC-SHA1")
		if d.TrailingNewline {
			name += " + \"\\n\""
		}
		tr.Add(apisig.StepSignature, name, string(sig))
	}
	return sig, high < 0x80
}

// encodeDigest appends mac written in the form.
func encodeDigest(dst, mac []byte, form DigestForm) []byte {
	switch form {
	case DigestHex:
		return hex.AppendEncode(dst, mac)
	case DigestBase64OfHex:
		var h [2 * 32]byte
		n := hex.Encode(h[:], mac)
		return base64.StdEncoding.AppendEncode(dst, h[:n])
	}
	return base64.StdEncoding.AppendEncode(dst, mac)
}

// digestName names the computation of encodeDigest for a trace.
func digestName(form DigestForm, alg string) string {
	switch form {
	case DigestHex:
		return "signature = hex(" + alg + "(key, string to sign))"
	case DigestBase64OfHex:
		return "signature = base64(hex(" + alg + "(key, string to sign)))"
	}
	return "signature = base64(" + alg + "(key, string to sign))"
}

func (s *RPC) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, RPCSchemeID)
	case creds.AccessKeyID == "":
		return &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeMissingAccessKeyID, Part: "credentials", Problem: "AccessKeyId is empty", Kind: apisig.ErrNoCredentials}
	case creds.Secret.IsZero():
		return &apisig.RequestError{Scheme: RPCSchemeID, Part: "credentials", Problem: "AccessKeySecret is empty", Kind: apisig.ErrNoCredentials}
	case req.Method == "":
		return &apisig.RequestError{Scheme: RPCSchemeID, Part: "method", Problem: "is empty; RPC requests are GET or POST", Kind: apisig.ErrInvalidInput}
	}
	switch s.Format {
	case "", "JSON", "XML":
	default:
		return &apisig.RequestError{Scheme: RPCSchemeID, Part: "Format", Value: s.Format, Problem: "must be JSON or XML", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return checkSHA1(RPCSchemeID)
}

// timestamp formats t for the Timestamp parameter, caching the last string made so a burst of
// signatures in one second formats it once.
func (d *RPCDialect) timestamp(t time.Time) string {
	if d.TimestampZone == ZoneBeijingAsUTC {
		return t.UTC().Add(8 * time.Hour).Format(TimestampLayout)
	}
	return isoTimestamp(t)
}

type cachedTime struct {
	sec int64
	s   string
}

// lastTimestamp and lastHTTPDate cache the last Timestamp and Date strings made.
var lastTimestamp, lastHTTPDate atomic.Pointer[cachedTime]

func isoTimestamp(t time.Time) string { return formatTime(t, TimestampLayout) }

// formatTime formats t in UTC with a layout of whole seconds, reusing the last string made for
// the two layouts the signers send (ISO 8601 and RFC 1123 GMT).
func formatTime(t time.Time, layout string) string {
	var cache *atomic.Pointer[cachedTime]
	switch layout {
	case TimestampLayout:
		cache = &lastTimestamp
	case http.TimeFormat:
		cache = &lastHTTPDate
	default:
		return t.UTC().Format(layout)
	}
	sec := t.Unix()
	if c := cache.Load(); c != nil && c.sec == sec {
		return c.s
	}
	s := t.UTC().Format(layout)
	cache.Store(&cachedTime{sec: sec, s: s})
	return s
}

// addRedacted records a step, hiding a session token in it (as sent, and percent-encoded once
// and twice) when it appears.
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

func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	once := wireEncoding.Escape(token)
	twice := wireEncoding.Escape(once)
	for _, t := range []string{twice, once, token} {
		s = strings.ReplaceAll(s, t, apisig.Redacted)
	}
	return s
}

// Presign signs req into a URL: for RPC a signed request is a URL, valid while its Timestamp
// is within the gateway's window, so expires may be at most [DefaultMaxSkew] (or MaxSkew).
// req is not modified; a request with a form body is an error.
func (s *RPC) Presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, error) {
	p, _, err := s.presign(ctx, req, creds, expires, nil)
	return p, err
}

// ExplainPresign presigns as [RPC.Presign] does and returns the trace of every stage.
func (s *RPC) ExplainPresign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration) (*apisig.Presigned, *apisig.Trace, error) {
	return s.presign(ctx, req, creds, expires, &apisig.Trace{Scheme: RPCSchemeID})
}

func (s *RPC) presign(ctx context.Context, req *http.Request, creds apisig.Credentials, expires time.Duration, tr *apisig.Trace) (*apisig.Presigned, *apisig.Trace, error) {
	if expires <= 0 || expires > s.maxSkew() {
		return nil, tr, &apisig.RequestError{Scheme: RPCSchemeID, Part: "expiry", Value: expires.String(),
			Problem: "an RPC signed URL is valid while its Timestamp is within " + s.maxSkew().String() + " of the server's clock; ask for at most that", Kind: apisig.ErrInvalidInput}
	}
	if req != nil && req.Header == nil {
		req = req.Clone(req.Context())
		req.Header = make(http.Header)
	}
	t := apisig.Now(s.Clock)
	u, err := s.sign(ctx, req, creds, tr, true)
	if err != nil {
		return nil, tr, err
	}
	if u.Host == "" {
		u.Host = req.Host
	}
	return &apisig.Presigned{Method: req.Method, URL: u, Expires: t.Add(expires)}, tr, nil
}
