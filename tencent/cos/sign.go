package cos

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// sign signs req in the Authorization header, recording each stage in tr when it is not nil.
func (s *Signer) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	kt, err := s.checkInput(req, creds)
	if err != nil {
		return err
	}
	token := creds.SessionToken.Reveal()
	if token != "" {
		setHeader(req.Header, HeaderSecurityToken, token)
	}
	d := &s.Dialect
	decoded := req.URL.Path
	setWirePath(req.URL, d.WirePath)
	if s.SignContentLength {
		setContentLength(req)
	}

	sc := getScratch()
	defer putScratch(sc)
	if err := s.collect(d, req, hostOf(req), &selection{}, sc); err != nil {
		return err
	}
	lay := d.build(req.Method, signedPath(decoded, req.URL, d.Path), sc)
	sig := s.compute(kt, kt, creds.Secret.Reveal(), token, lay, sc, tr)

	var b strings.Builder
	b.Grow(authLen(creds.AccessKeyID, lay, sc))
	writeAuthorization(&b, creds.AccessKeyID, kt, lay, sc, sig, nil)
	auth := b.String()
	setHeader(req.Header, HeaderAuthorization, auth)
	tr.Add(apisig.StepPlacement, "Authorization header", auth)
	return nil
}

// checkInput validates the request and credentials and returns the key time to sign with.
func (s *Signer) checkInput(req *http.Request, creds apisig.Credentials) (keyTime, error) {
	switch {
	case req == nil || req.URL == nil:
		return keyTime{}, fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, SchemeID)
	case !creds.Valid():
		return keyTime{}, &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "SecretId and SecretKey are both required", Kind: apisig.ErrNoCredentials}
	case !validAK(creds.AccessKeyID):
		return keyTime{}, &apisig.RequestError{Scheme: SchemeID, Part: "SecretId", Value: creds.AccessKeyID, Problem: "has whitespace, a control character, '&' or '=', which would break the Authorization value", Kind: apisig.ErrInvalidInput}
	}
	if i := strings.IndexFunc(req.URL.RawQuery, func(r rune) bool { return r <= ' ' || r == '#' || r == 0x7f }); i >= 0 {
		return keyTime{}, &apisig.RequestError{Scheme: SchemeID, Part: "query", Value: req.URL.RawQuery,
			Problem: "has a space, '#' or a control character at byte " + strconv.Itoa(i) + "; percent-encode it", Kind: apisig.ErrInvalidInput}
	}
	exp := s.expiry()
	if exp < time.Second || exp%time.Second != 0 {
		return keyTime{}, &apisig.RequestError{Scheme: SchemeID, Part: "Expiry", Value: exp.String(), Problem: "must be a positive whole number of seconds", Kind: apisig.ErrInvalidInput}
	}
	if err := checkFIPS(); err != nil {
		return keyTime{}, err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	start := apisig.Now(s.Clock).Add(s.Dialect.TimeOffset).Unix()
	return keyTime{start: start, end: start + int64(exp/time.Second)}, nil
}

// compute hashes HttpString, builds StringToSign and returns the hex signature (in sc.hexSig).
func (s *Signer) compute(signTime, kt keyTime, secret, token string, lay layout, sc *scratch, tr *apisig.Trace) []byte {
	sc.sts = append(sc.sts[:0], Algorithm+"\n"...)
	sc.sts = signTime.append(sc.sts)
	sc.sts = append(sc.sts, '\n')
	sc.sts = hashHex(sc.sts, sc.buf, sc.h, &sc.sum)
	sc.sts = append(sc.sts, '\n')
	k := derivedKeys.get(secret, kt, s.Dialect.SignKey)
	sig := k.sign(sc.sts, sc)
	if tr != nil {
		part := func(b []byte, at [2]int) string { return string(b[at[0]:at[1]]) }
		tr.Add(apisig.StepInput, "q-sign-time", signTime.String())
		tr.Add(apisig.StepInput, "KeyTime (q-key-time)", kt.String())
		tr.Add(apisig.StepInput, "path", part(sc.buf, lay.path))
		tr.Add(apisig.StepInput, "UrlParamList", part(sc.lists, lay.paramList))
		addRedacted(tr, apisig.StepInput, "HttpParameters", part(sc.buf, lay.params), token)
		tr.Add(apisig.StepInput, "HeaderList", part(sc.lists, lay.headerList))
		addRedacted(tr, apisig.StepInput, "HttpHeaders", part(sc.buf, lay.headers), token)
		addRedacted(tr, apisig.StepCanonicalRequest, "HttpString", string(sc.buf), token)
		tr.Add(apisig.StepStringToSign, "StringToSign", string(sc.sts))
		name := "SignKey = hex(HMAC-SHA1(SecretKey, KeyTime))"
		tr.AddSecret(apisig.StepKey, name, apisig.NewSecret(string(k.hex[:])))
		sigName := "Signature = hex(HMAC-SHA1(SignKey as hex text, StringToSign))"
		if s.Dialect.SignKey == SignKeyRaw {
			sigName = "Signature = hex(HMAC-SHA1(SignKey as raw bytes, StringToSign))"
		}
		tr.Add(apisig.StepSignature, sigName, string(sig))
	}
	return sig
}

// addRedacted records a step, hiding the session token in it (plain and percent-encoded).
func addRedacted(tr *apisig.Trace, kind apisig.StepKind, name, v, token string) {
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
	enc := canon.Encoding{Set: canon.Unreserved}.Escape(token)
	s = strings.ReplaceAll(s, enc, apisig.Redacted)
	if lower := strings.ToLower(enc); lower != enc {
		s = strings.ReplaceAll(s, lower, apisig.Redacted)
	}
	return strings.ReplaceAll(s, token, apisig.Redacted)
}

func authLen(ak string, lay layout, sc *scratch) int {
	return len("q-sign-algorithm=sha1&q-ak=&q-sign-time=&q-key-time=&q-header-list=&q-url-param-list=&q-signature=") +
		len(ak) + 2*45 + len(sc.lists) + 2*len(sc.hexSig)
}

// writeAuthorization writes the q-* parameters joined by '&'. With enc, each value is
// percent-encoded as cos-go-sdk-v5 encodes them into a presigned URL.
func writeAuthorization(b *strings.Builder, ak string, kt keyTime, lay layout, sc *scratch, sig []byte, enc *canon.Encoding) {
	value := func(v []byte) {
		if enc == nil {
			b.Write(v)
			return
		}
		sc.tmp = enc.Append(sc.tmp[:0], string(v))
		b.Write(sc.tmp)
	}
	b.WriteString(ParamAlgorithm + "=" + Algorithm + "&" + ParamAK + "=")
	if enc == nil {
		b.WriteString(ak)
	} else {
		b.WriteString(enc.Escape(ak))
	}
	b.WriteString("&" + ParamSignTime + "=")
	var tb [48]byte
	value(kt.append(tb[:0]))
	b.WriteString("&" + ParamKeyTime + "=")
	value(kt.append(tb[:0]))
	b.WriteString("&" + ParamHeaderList + "=")
	value(sc.lists[lay.headerList[0]:lay.headerList[1]])
	b.WriteString("&" + ParamParamList + "=")
	value(sc.lists[lay.paramList[0]:lay.paramList[1]])
	b.WriteString("&" + ParamSignature + "=")
	b.Write(sig)
}

// setHeader sets one value, reusing the slice of an existing canonical key and folding other
// spellings of the name into it.
func setHeader(h http.Header, name, v string) {
	if old, ok := h[name]; ok && len(old) == 1 {
		old[0] = v
		return
	}
	for k := range h {
		if k != name && strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	h[name] = []string{v}
}

func hostOf(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// signedPath returns the path HttpString carries: decoded is the path before the wire
// encoding was chosen.
func signedPath(decoded string, u *url.URL, form PathForm) string {
	p := decoded
	switch form {
	case PathEncoded:
		p = u.EscapedPath()
	case PathPlusAsSpace:
		p = strings.ReplaceAll(p, "+", " ")
	}
	if p == "" {
		return "/"
	}
	return p
}

// setWirePath makes the URL send its path percent-encoded so that COS decodes it back to
// u.Path: every byte outside the unreserved set and '/' escaped, '+' as %2B (COS decodes a
// literal '+' as a space). The F01 wire mistake leaves '+' literal.
//
// A RawPath the caller set is kept when it is a valid encoding of the path and has no literal
// '+': COS decodes it to the same path.
func setWirePath(u *url.URL, w WirePath) {
	p := u.Path
	if w == WireEscaped && u.RawPath != "" && u.EscapedPath() == u.RawPath && !strings.Contains(u.RawPath, "+") {
		return
	}
	plain := true
	for i := 0; i < len(p) && plain; i++ {
		plain = p[i] == '/' || canon.Unreserved.Literal(p[i])
	}
	if plain {
		u.RawPath = ""
		return
	}
	var b []byte
	for seg := range strings.SplitSeq(p, "/") {
		if b != nil {
			b = append(b, '/')
		} else {
			b = make([]byte, 0, len(p)+16)
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			switch {
			case canon.Unreserved.Literal(c):
				b = append(b, c)
			case c == '+' && w == WirePlusLiteral:
				b = append(b, '+')
			default:
				b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			}
		}
	}
	u.RawPath = string(b)
}

// setContentLength sets the Content-Length header from req.ContentLength when the request has
// none and net/http will send one: it has a body, or is a PUT or POST.
func setContentLength(req *http.Request) {
	if req.Header.Get("Content-Length") != "" || req.ContentLength < 0 {
		return
	}
	hasBody := req.Body != nil && req.Body != http.NoBody
	if !hasBody && req.Method != http.MethodPut && req.Method != http.MethodPost {
		return
	}
	if hasBody && req.ContentLength == 0 {
		return // length unknown: net/http sends the body chunked
	}
	req.Header.Set("Content-Length", strconv.FormatInt(req.ContentLength, 10))
}
