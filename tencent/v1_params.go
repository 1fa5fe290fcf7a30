package tencent

import (
	"bytes"
	"cmp"
	"crypto/fips140"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// param is one v1 parameter, decoded.
type param struct{ k, v string }

const formType = "application/x-www-form-urlencoded"

// formEncoding writes v1 parameters as tencentcloud-sdk-go does (url.Values.Encode): RFC 3986
// unreserved bytes literal, a space as '+', everything else %XX.
var formEncoding = canon.Encoding{Set: canon.Unreserved, SpaceAsPlus: true}

// ParseV1Params decodes a v1 query string or form body (application/x-www-form-urlencoded, '+'
// is a space) into its parameters, in order. A malformed escape or a repeated key (v1
// parameters are a map: a repeat is ambiguous) is an error wrapping [apisig.ErrMalformed].
func ParseV1Params(raw string) ([][2]string, error) {
	ps, err := appendParams(nil, raw, "parameters")
	if err != nil {
		return nil, err
	}
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = [2]string{p.k, p.v}
	}
	return out, nil
}

// appendParams decodes raw into dst, rejecting bad escapes and keys already in dst.
func appendParams(dst []param, raw, where string) ([]param, error) {
	for raw != "" {
		var seg string
		seg, raw, _ = strings.Cut(raw, "&")
		if seg == "" {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		key, err := canon.Unescape(k, true)
		if err == nil {
			v, err = canon.Unescape(v, true)
		}
		if err != nil {
			return dst, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeInvalidParameterValue, Part: where + " parameter", Value: seg,
				Problem: "has a malformed percent-escape", Kind: apisig.ErrMalformed}
		}
		if key == "" {
			return dst, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeInvalidParameterValue, Part: where + " parameter", Value: seg,
				Problem: "has an empty name", Kind: apisig.ErrMalformed}
		}
		if slices.ContainsFunc(dst, func(p param) bool { return p.k == key }) {
			return dst, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeInvalidParameterValue, Part: "parameter " + key,
				Problem: "appears more than once; v1 parameters must be unique", Kind: apisig.ErrMalformed}
		}
		dst = append(dst, param{key, v})
	}
	return dst, nil
}

func getParam(ps []param, k string) (string, bool) {
	for _, p := range ps {
		if p.k == k {
			return p.v, true
		}
	}
	return "", false
}

// setParam replaces or appends a parameter.
func setParam(ps []param, k, v string) []param {
	for i := range ps {
		if ps[i].k == k {
			ps[i].v = v
			return ps
		}
	}
	return append(ps, param{k, v})
}

func delParam(ps []param, k string) []param {
	return slices.DeleteFunc(ps, func(p param) bool { return p.k == k })
}

// isForm reports whether a Content-Type is application/x-www-form-urlencoded.
func isForm(ct string) bool {
	if ct == formType {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == formType
}

// readBody returns the body's bytes without consuming it: through GetBody or an io.Seeker.
func readBody(req *http.Request, limit int64) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	var r io.Reader
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("%s: reading the form body through GetBody: %w", V1SchemeID, err)
		}
		defer rc.Close()
		r = rc
	} else if sk, ok := req.Body.(io.Seeker); ok {
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: body is an io.Seeker but Seek failed: %v", apisig.ErrBodyNotReplayable, V1SchemeID, err)
		}
		defer func() { _, _ = sk.Seek(pos, io.SeekStart) }()
		r = req.Body
	} else {
		return nil, fmt.Errorf("%w: %s: set req.GetBody or use an io.Seeker body so the form can be read and re-sent", apisig.ErrBodyNotReplayable, V1SchemeID)
	}
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
	}
	var b bytes.Buffer
	if req.ContentLength > 0 && req.ContentLength < 1<<20 {
		b.Grow(int(req.ContentLength))
	}
	if _, err := b.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%s: reading the form body: %w", V1SchemeID, err)
	}
	return b.Bytes(), nil
}

// appendStringToSign writes METHOD + host + path + "?" + k=v&... with raw values, the
// parameters (Signature excluded) sorted as the dialect says.
func (d *V1Dialect) appendStringToSign(b []byte, method, host, path string, ps []param) []byte {
	switch d.Method {
	case MethodSwapped:
		if method == http.MethodGet {
			method = http.MethodPost
		} else {
			method = http.MethodGet
		}
	case MethodLower:
		method = strings.ToLower(method)
	}
	b = append(b, method...)
	if d.StringToSign == STSMethodHostPath || d.StringToSign == STSNoPath {
		b = append(b, host...)
	}
	if d.StringToSign == STSMethodHostPath || d.StringToSign == STSNoHost {
		b = append(b, path...)
	}
	b = append(b, '?')
	if d.Sort == SortJoined {
		slices.SortFunc(ps, compareJoined)
	} else {
		slices.SortFunc(ps, func(a, b param) int { return cmp.Compare(a.k, b.k) })
	}
	first := true
	for _, p := range ps {
		if p.k == ParamSignature {
			continue
		}
		if !first {
			b = append(b, '&')
		}
		first = false
		b = append(b, p.k...)
		b = append(b, '=')
		b = append(b, p.v...)
	}
	return b
}

// compareJoined compares k=v strings as wholes, without building them.
func compareJoined(a, b param) int {
	at := func(p param, i int) (byte, bool) {
		switch {
		case i < len(p.k):
			return p.k[i], true
		case i == len(p.k):
			return '=', true
		case i-len(p.k)-1 < len(p.v):
			return p.v[i-len(p.k)-1], true
		}
		return 0, false
	}
	for i := 0; ; i++ {
		x, okA := at(a, i)
		y, okB := at(b, i)
		switch {
		case !okA && !okB:
			return 0
		case !okA:
			return -1
		case !okB:
			return 1
		case x != y:
			return cmp.Compare(x, y)
		}
	}
}

// checkFIPS refuses HMAC-SHA1 in FIPS-only mode with an error instead of a panic.
func checkFIPS(m SignatureMethod) error {
	if m == HmacSHA1 && fips140.Enforced() {
		return &apisig.RequestError{Scheme: V1SchemeID, Part: ParamSignatureMethod, Value: m.String(),
			Problem: "HMAC-SHA1 is not allowed in FIPS 140-only mode; use HmacSHA256 or TC3-HMAC-SHA256", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

// appendSignature appends the encoded MAC of sts.
func (d *V1Dialect) appendSignature(dst []byte, m SignatureMethod, secret string, sts []byte, sc *scratch) []byte {
	h := sc.h
	if m == HmacSHA1 {
		if sc.sha1 == nil {
			sc.sha1 = sha1.New()
		}
		h = sc.sha1
	}
	mac := v1Key(v1KeyID{secret: d.Secret.apply(secret), method: m}).Sum(h, sc.sum[:0], sts)
	switch d.Digest {
	case DigestHex:
		return hex.AppendEncode(dst, mac)
	case DigestBase64Hex:
		return base64.StdEncoding.AppendEncode(dst, hex.AppendEncode(nil, mac))
	}
	return base64.StdEncoding.AppendEncode(dst, mac)
}

// appendParamsEncoded writes the parameters as a query or form body, Signature last.
func (d *V1Dialect) appendEncoded(b []byte, ps []param, sig string) []byte {
	for _, p := range ps {
		if len(b) > 0 {
			b = append(b, '&')
		}
		b = formEncoding.Append(b, p.k)
		b = append(b, '=')
		b = formEncoding.Append(b, p.v)
	}
	if len(b) > 0 {
		b = append(b, '&')
	}
	b = append(b, ParamSignature+"="...)
	if d.SignatureEncoding == SignatureRaw {
		return append(b, sig...)
	}
	return formEncoding.Append(b, sig)
}
