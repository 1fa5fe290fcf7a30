package tencent

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/apisig/apisig"
)

// v1Managed are the parameters Sign sets.
var v1Managed = [...]string{ParamSecretID, ParamNonce, ParamTimestamp, ParamRegion, ParamToken, ParamSignatureMethod, ParamSignature}

func (s *V1) sign(_ context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	switch {
	case req == nil || req.URL == nil:
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, V1SchemeID)
	case !creds.Valid():
		return &apisig.RequestError{Scheme: V1SchemeID, Part: "credentials", Problem: "SecretId and SecretKey are both required", Kind: apisig.ErrNoCredentials}
	case req.Method != http.MethodGet && req.Method != http.MethodPost && req.Method != "":
		return &apisig.RequestError{Scheme: V1SchemeID, Part: "method", Value: req.Method, Problem: "v1 signs GET (parameters in the query) or POST (parameters in a form body)", Kind: apisig.ErrInvalidInput}
	case s.Method > HmacSHA256:
		return &apisig.RequestError{Scheme: V1SchemeID, Part: "V1.Method", Value: s.Method.String(), Problem: "must be HmacSHA1 or HmacSHA256", Kind: apisig.ErrInvalidInput}
	}
	if err := checkFIPS(s.Method); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	post := method == http.MethodPost
	sc := getScratch()
	defer putScratch(sc)

	// The parameters: the query's, and for a POST the form body's.
	ps, err := appendParams(sc.pairs[:0], req.URL.RawQuery, "query")
	if err != nil {
		return asInput(err)
	}
	nq := len(ps)
	if post {
		if ct := headerValue(req.Header, "Content-Type"); ct != "" && !isForm(ct) {
			return &apisig.RequestError{Scheme: V1SchemeID, Part: "Content-Type header", Value: ct, Problem: "a v1 POST carries its parameters as " + formType, Kind: apisig.ErrInvalidInput}
		}
		for _, p := range ps {
			if isManaged(p.k) {
				return &apisig.RequestError{Scheme: V1SchemeID, Part: "query parameter " + p.k, Problem: "a v1 POST carries the signature parameters in its form body, not the query", Kind: apisig.ErrInvalidInput}
			}
		}
		body, err := readBody(req, 0)
		if err != nil {
			return err
		}
		if ps, err = appendParams(ps, string(body), "form"); err != nil {
			return asInput(err)
		}
	}
	if v, ok := getParam(ps, ParamSignatureMethod); ok {
		if _, err := ParseSignatureMethod(v); err != nil {
			return err
		}
	}
	if v, _ := getParam(ps, ParamAction); v == "" {
		return &apisig.RequestError{Scheme: V1SchemeID, Code: CodeMissingParameter, Part: "parameter Action", Problem: "is missing; v1 requests name their action", Kind: apisig.ErrInvalidInput}
	}

	nonces := s.Nonce
	if nonces == nil {
		nonces = RandomNonce
	}
	nonce, err := nonces.Nonce()
	if err != nil {
		return fmt.Errorf("%s: making a nonce: %w", V1SchemeID, err)
	}
	if !isPositiveInt(nonce) {
		return &apisig.RequestError{Scheme: V1SchemeID, Part: "Nonce", Value: nonce, Problem: "must be a positive integer", Kind: apisig.ErrInvalidInput}
	}
	ts := stampOf(apisig.Now(s.Clock)).ts
	ps = delParam(ps, ParamSignature)
	ps = setParam(ps, ParamSecretID, creds.AccessKeyID)
	ps = setParam(ps, ParamNonce, nonce)
	ps = setParam(ps, ParamTimestamp, ts)
	if s.Region != "" {
		ps = setParam(ps, ParamRegion, s.Region)
	}
	if tok := creds.SessionToken.Reveal(); tok != "" {
		ps = setParam(ps, ParamToken, tok)
	}
	if _, ok := getParam(ps, ParamSignatureMethod); ok || s.Method == HmacSHA256 {
		ps = setParam(ps, ParamSignatureMethod, s.Method.String())
	}
	if s.Dialect.OmitMethodParam {
		ps = delParam(ps, ParamSignatureMethod)
	}
	sc.pairs = ps

	host := hostOf(req)
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	sorted := append(make([]param, 0, len(ps)), ps...)
	sc.sts = s.Dialect.appendStringToSign(sc.sts[:0], method, host, path, sorted)
	token := creds.SessionToken.Reveal()
	if tr != nil {
		tr.Add(apisig.StepInput, "Timestamp", ts)
		tr.Add(apisig.StepInput, "Nonce", nonce)
		tr.Add(apisig.StepInput, ParamSignatureMethod, s.Method.String())
		q := sc.sts[bytes.IndexByte(sc.sts, '?')+1:]
		addRedacted(tr, apisig.StepCanonicalRequest, "parameters sorted, raw values", string(q), token)
		addRedacted(tr, apisig.StepStringToSign, "string to sign", string(sc.sts), token)
	}
	sigBytes := s.Dialect.appendSignature(sc.payload[:0:0], s.Method, creds.Secret.Reveal(), sc.sts, sc)
	sig := string(sigBytes)
	tr.Add(apisig.StepSignature, "Signature = base64(HMAC("+s.Method.String()+", SecretKey, string to sign))", sig)

	if post {
		body := s.Dialect.appendEncoded(nil, ps[nq:], sig)
		setBody(req, body)
		setHeader(req.Header, "Content-Type", formType)
		addRedacted(tr, apisig.StepPlacement, "form body", string(body), token)
		return nil
	}
	req.URL.RawQuery = string(s.Dialect.appendEncoded(sc.buf[:0], ps, sig))
	addRedacted(tr, apisig.StepPlacement, "query", req.URL.RawQuery, token)
	return nil
}

func isManaged(k string) bool {
	for _, m := range v1Managed {
		if k == m {
			return true
		}
	}
	return false
}

// isPositiveInt reports whether s is a decimal positive integer of at most 20 digits, as a v1
// Nonce must be.
func isPositiveInt(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	nonZero := false
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		nonZero = nonZero || s[i] != '0'
	}
	return nonZero
}

// asInput turns a parse error of the signer's own input into an invalid-input error.
func asInput(err error) error {
	if re, ok := err.(*apisig.RequestError); ok {
		c := *re
		c.Kind = apisig.ErrInvalidInput
		return &c
	}
	return err
}

// setBody replaces the request's body with b, re-readable through GetBody.
func setBody(req *http.Request, b []byte) {
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	req.ContentLength = int64(len(b))
	if req.Header != nil {
		if _, ok := req.Header["Content-Length"]; ok {
			req.Header["Content-Length"] = []string{strconv.Itoa(len(b))}
		}
	}
}
