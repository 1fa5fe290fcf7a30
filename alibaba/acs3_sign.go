package alibaba

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// acsHeader is one signed header: its lower-case name and its values.
type acsHeader struct {
	name   string // lower case
	raw    string // the map key, which orders one name's spellings in a hand-built map
	values []string
}

// compareACSHeaders orders headers by name, then one name's spellings by their map keys, so
// the canonical headers never follow the map's iteration order.
func compareACSHeaders(a, b *acsHeader) int {
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	return strings.Compare(a.raw, b.raw)
}

type acs3Scratch struct {
	headers  []acsHeader
	unsorted []acsHeader // the other header buffer of sortHeaders
	keys     []nameKey
	pairs    []canon.Pair
	q        canon.Scratch
	cq       canonicalQuery
	buf      []byte // canonical request
	sts      []byte
	auth     []byte
	vals     []string
	host     [1]string
	h        hash.Hash
	sh       stringHash
	mac      [sha256.Size]byte
	sum      [sha256.Size]byte
	sig      [2 * sha256.Size]byte
	payload  [2 * sha256.Size]byte
}

var acs3Pool = sync.Pool{New: func() any {
	return &acs3Scratch{h: sha256.New(), buf: make([]byte, 0, 1024), sts: make([]byte, 0, 128), auth: make([]byte, 0, 256)}
}}

func getACS3Scratch() *acs3Scratch { return acs3Pool.Get().(*acs3Scratch) }

func putACS3Scratch(sc *acs3Scratch) {
	if cap(sc.buf) > 64<<10 {
		return
	}
	clear(sc.headers)
	clear(sc.unsorted[:cap(sc.unsorted)])
	clear(sc.pairs)
	clear(sc.vals)
	sc.host[0] = ""
	sc.headers, sc.pairs, sc.vals = sc.headers[:0], sc.pairs[:0], sc.vals[:0]
	acs3Pool.Put(sc)
}

// managedACS3 are the headers Sign sets, by their canonical Go spelling.
var managedACS3 = [...]string{"X-Acs-Date", "X-Acs-Signature-Nonce", "X-Acs-Content-Sha256", "X-Acs-Security-Token", HeaderAuthorization}

// lowerName returns a header name in lower case: the Go spellings of the common signed headers
// from a switch, so the hot path lowers them without allocating or hashing.
func lowerName(k string) string {
	switch k {
	case "X-Acs-Date":
		return HeaderACSDate
	case "X-Acs-Signature-Nonce":
		return HeaderACSNonce
	case "X-Acs-Content-Sha256":
		return HeaderACSContentSHA256
	case "X-Acs-Security-Token":
		return HeaderACSSecurityToken
	case "X-Acs-Action":
		return HeaderACSAction
	case "X-Acs-Version":
		return HeaderACSVersion
	case "Content-Type":
		return headerContentTypeLower
	case "Host":
		return headerHostLower
	case "X-Acs-Signature-Method":
		return "x-acs-signature-method"
	case "X-Acs-Signature-Version":
		return "x-acs-signature-version"
	case "X-Opensearch-Nonce":
		return "x-opensearch-nonce"
	}
	for i := 0; i < len(k); i++ {
		if 'A' <= k[i] && k[i] <= 'Z' {
			return strings.ToLower(k)
		}
	}
	return k
}

// sortHeaders sorts headers by name. For the few headers of a request it sorts indexes by
// insertion on the names' first 8 bytes (comparing whole names only when those are equal),
// then copies each header once into out, which it returns with hs emptied (the caller's
// scratch for the next call) and keys: moving the headers themselves, which hold pointers,
// costs a write barrier per move while the GC runs.
func sortHeaders(hs, out []acsHeader, keys []nameKey) (sorted, spare []acsHeader, _ []nameKey) {
	if len(hs) > 32 {
		slices.SortFunc(hs, func(a, b acsHeader) int { return compareACSHeaders(&a, &b) })
		return hs, out, keys
	}
	keys = keys[:0]
	for i := range hs {
		keys = append(keys, nameKey{prefix: namePrefix(hs[i].name), i: int32(i)})
	}
	for i := 1; i < len(keys); i++ {
		x := keys[i]
		j := i
		for ; j > 0; j-- {
			y := &keys[j-1]
			if x.prefix > y.prefix || x.prefix == y.prefix && compareACSHeaders(&hs[x.i], &hs[y.i]) >= 0 {
				break
			}
			keys[j] = *y
		}
		keys[j] = x
	}
	out = out[:0]
	for _, k := range keys {
		out = append(out, hs[k.i])
	}
	return out, hs[:0], keys // the scratch's release clears both buffers
}

// trimSpaceTab is strings.Trim(v, " \t") without building a cutset.
func trimSpaceTab(v string) string {
	for v != "" && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for v != "" && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}

// hasPrefixFold reports whether s begins with the lower-case prefix, in any case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// signedByACS3 reports whether a lower-case header name is signed: host, content-type, x-acs-*.
func signedByACS3(name string) bool {
	return name == headerHostLower || name == headerContentTypeLower || strings.HasPrefix(name, acsHeaderPrefix)
}

func (s *ACS3) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := s.checkInput(req, creds); err != nil {
		return err
	}
	enc, err := s.Dialect.encoding()
	if err != nil {
		return err
	}
	t := apisig.Now(s.Clock)
	date := isoTimestamp(t)
	nonce, err := nonceOf(s.Nonce, ACS3SchemeID)
	if err != nil {
		return err
	}
	sc := getACS3Scratch()
	defer putACS3Scratch(sc)

	payload := EmptyPayloadHash
	if s.Dialect.Payload == PayloadBody && req.Body != nil && req.Body != http.NoBody {
		sc.h.Reset()
		if err := writeBody(&sc.sh, sc.h, req); err != nil {
			return fmt.Errorf("%s: payload hash: %w", ACS3SchemeID, err)
		}
		n := hex.Encode(sc.payload[:], sc.h.Sum(sc.sum[:0]))
		payload = string(sc.payload[:n])
	}
	token := creds.SessionToken.Reveal()
	// One pass over the headers drops every other spelling of the managed headers and collects
	// the signed ones but the managed, which are set and added after it.
	hs := sc.headers[:0]
	for k, v := range req.Header {
		managed := false
		for _, m := range managedACS3 {
			if len(k) == len(m) && strings.EqualFold(k, m) {
				if k != m {
					delete(req.Header, k)
				}
				managed = true
				break
			}
		}
		if !managed && (hasPrefixFold(k, acsHeaderPrefix) || strings.EqualFold(k, headerContentTypeLower)) {
			hs = append(hs, acsHeader{name: lowerName(k), raw: k, values: v})
		}
	}
	if token == "" {
		delete(req.Header, managedACS3[3])
	}
	hs = append(hs, acsHeader{name: HeaderACSDate, values: setHeader(req.Header, managedACS3[0], date)},
		acsHeader{name: HeaderACSNonce, values: setHeader(req.Header, managedACS3[1], nonce)},
		acsHeader{name: HeaderACSContentSHA256, values: setHeader(req.Header, managedACS3[2], payload)})
	if token != "" {
		hs = append(hs, acsHeader{name: HeaderACSSecurityToken, values: setHeader(req.Header, managedACS3[3], token)})
	}
	sc.host[0] = hostOf(req)
	hs = append(hs, acsHeader{name: headerHostLower, values: sc.host[:]})
	hs, sc.unsorted, sc.keys = sortHeaders(hs, sc.unsorted, sc.keys)
	sc.headers = hs
	if s.Dialect.EncodingSet == EncodeUnreserved && !s.Dialect.SpaceAsPlus && !s.Dialect.LowerHex {
		setRawPath(req)
	}

	sig, signedHeaders, err := s.compute(req.Method, req.URL.Path, req.URL.RawQuery, hs, payload, creds.Secret.Reveal(), token, enc, sc, tr)
	if err != nil {
		return err
	}
	a := append(sc.auth[:0], ACS3Algorithm+" Credential="...)
	a = append(a, creds.AccessKeyID...)
	a = append(a, ",SignedHeaders="...)
	a = append(a, signedHeaders...)
	a = append(a, ",Signature="...)
	a = append(a, sig...)
	sc.auth = a
	auth := string(a)
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// setHeader sets a header to one value, reusing its slice when it has one, and returns the
// slice.
func setHeader(h http.Header, key, value string) []string {
	if v := h[key]; len(v) == 1 {
		v[0] = value
		return v
	}
	v := []string{value}
	h[key] = v
	return v
}

// compute builds the canonical request, the string to sign and the signature (hex, in
// sc.sig). It returns the signature and the signed-headers list (in sc.buf).
func (s *ACS3) compute(method, path, rawQuery string, hs []acsHeader, payload, secret, token string, enc canon.Encoding, sc *acs3Scratch, tr *apisig.Trace) (sig, signedHeaders []byte, err error) {
	buf := append(sc.buf[:0], method...)
	buf = append(buf, '\n')
	uri0 := len(buf)
	if path == "" {
		path = "/"
	}
	buf = enc.AppendPath(buf, path)
	uri1 := len(buf)
	buf = append(buf, '\n')
	q0 := len(buf)
	if enc == (canon.Encoding{Set: canon.Unreserved}) && s.Dialect.QuerySort == canon.SortEncoded {
		var ok bool
		if buf, ok = sc.cq.append(buf, rawQuery); !ok {
			buf = buf[:q0] // a malformed escape: canon reports it below
		}
	}
	if len(buf) == q0 && rawQuery != "" {
		pairs, err := canon.AppendQuery(sc.pairs[:0], rawQuery, true)
		sc.pairs = pairs
		if err != nil {
			return nil, nil, &apisig.RequestError{Scheme: ACS3SchemeID, Code: CodeInvalidParameter, Part: "query parameter", Value: err.(*canon.QueryError).Param, Problem: err.Error(), Kind: apisig.ErrInvalidInput}
		}
		buf = canon.QueryRule{Encoding: enc, Sort: s.Dialect.QuerySort}.Append(buf, pairs, &sc.q)
	}
	q1 := len(buf)
	buf = append(buf, '\n')
	fold := s.Dialect.HeaderValues.fold()
	for _, h := range hs {
		buf = append(buf, h.name...)
		buf = append(buf, ':')
		vals := h.values
		if len(vals) > 1 {
			vals = append(sc.vals[:0], vals...)
			slices.Sort(vals)
			sc.vals = vals
		}
		for i, v := range vals {
			if i > 0 {
				buf = append(buf, ',')
			}
			if fold == canon.FoldTrim {
				buf = append(buf, trimSpaceTab(v)...)
			} else {
				buf = fold.AppendFolded(buf, v)
			}
		}
		buf = append(buf, '\n')
	}
	h1 := len(buf)
	buf = append(buf, '\n')
	sh0 := len(buf)
	for i, h := range hs {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = append(buf, h.name...)
	}
	sh1 := len(buf)
	buf = append(buf, '\n')
	buf = append(buf, payload...)
	sc.buf = buf
	if tr != nil {
		tr.Add(apisig.StepInput, "canonical URI", string(buf[uri0:uri1]))
		tr.Add(apisig.StepInput, "canonical query string", string(buf[q0:q1]))
		addRedacted(tr, apisig.StepInput, "canonical headers", string(buf[q1+1:h1]), token)
		tr.Add(apisig.StepInput, "signed headers", string(buf[sh0:sh1]))
		tr.Add(apisig.StepInput, "hashed request payload", payload)
		addRedacted(tr, apisig.StepCanonicalRequest, "canonical request", string(buf), token)
	}
	sc.h.Reset()
	sc.h.Write(buf)
	sts := append(sc.sts[:0], ACS3Algorithm+"\n"...)
	sts = hex.AppendEncode(sts, sc.h.Sum(sc.sum[:0]))
	sc.sts = sts
	withAmp := s.Dialect.Key == KeyWrongAmpersand
	mac := macKey(secret, withAmp, true).Sum(sc.h, sc.mac[:0], sts)
	hex.Encode(sc.sig[:], mac)
	if tr != nil { // the arguments would allocate even for a nil trace
		tr.Add(apisig.StepStringToSign, "string to sign", string(sts))
		key, keyName := keyText(secret, withAmp)
		tr.AddSecret(apisig.StepKey, keyName, apisig.NewSecret(key))
		tr.Add(apisig.StepSignature, "signature = hex(HMAC-SHA256(key, string to sign))", string(sc.sig[:]))
	}
	return sc.sig[:], buf[sh0:sh1], nil
}

func (s *ACS3) checkInput(req *http.Request, creds apisig.Credentials) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, ACS3SchemeID)
	case creds.AccessKeyID == "":
		return &apisig.RequestError{Scheme: ACS3SchemeID, Code: CodeMissingAccessKeyID, Part: "credentials", Problem: "AccessKeyId is empty", Kind: apisig.ErrNoCredentials}
	case creds.Secret.IsZero():
		return &apisig.RequestError{Scheme: ACS3SchemeID, Part: "credentials", Problem: "AccessKeySecret is empty", Kind: apisig.ErrNoCredentials}
	case strings.ContainsAny(creds.AccessKeyID, ", "):
		return &apisig.RequestError{Scheme: ACS3SchemeID, Part: "access key id", Value: creds.AccessKeyID, Problem: "contains ',' or ' ', which would break the Authorization header", Kind: apisig.ErrInvalidInput}
	case hostOf(req) == "":
		return &apisig.RequestError{Scheme: ACS3SchemeID, Part: "host", Problem: "is empty; the host header is signed", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	return nil
}

func hostOf(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

// nonceOf makes a nonce from src (nil: apisig.RandomNonce); an empty nonce is an error.
func nonceOf(src apisig.NonceSource, scheme string) (string, error) {
	if src == nil {
		src = apisig.RandomNonce
	}
	n, err := src.Nonce()
	if err != nil {
		return "", fmt.Errorf("%s: making a signature nonce: %w", scheme, err)
	}
	if n == "" {
		return "", &apisig.RequestError{Scheme: scheme, Part: "signature nonce", Problem: "the nonce source returned an empty nonce", Kind: apisig.ErrInvalidInput}
	}
	return n, nil
}

// setRawPath makes the request send its path escaped exactly as the canonical URI escapes it.
func setRawPath(req *http.Request) {
	p := req.URL.Path
	literal := true
	for i := 0; i < len(p) && literal; i++ {
		literal = p[i] == '/' || canon.Unreserved.Literal(p[i])
	}
	if literal {
		req.URL.RawPath = ""
		return
	}
	req.URL.RawPath = string(wireEncoding.AppendPath(nil, p))
}
