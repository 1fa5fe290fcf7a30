package tencent

import (
	"bytes"
	"context"
	"crypto/hmac"
	"errors"
	"net/http"
	"time"

	"github.com/apisig/apisig"
)

// sizeProblem is the reason Tencent gives v1 callers whose request is too large.
const sizeProblem = "could not be validated because of exceeding request size limit, please use new signature method `TC3-HMAC-SHA256`"

// Verify checks a request signed with API signature v1, as Tencent's gateway does. The
// parameters are the query's and, when the Content-Type is application/x-www-form-urlencoded,
// the form body's. It requires Signature, SecretId, Nonce (a positive integer) and Timestamp,
// rejects an unknown SignatureMethod, a timestamp more than MaxSkew from its clock
// (AuthFailure.SignatureExpire), an unknown SecretId (AuthFailure.SecretIdNotFound), and a
// Nonce already accepted within the window (the replay store, claimed only after the signature
// matched). A mismatch is a [*apisig.MismatchError] with code AuthFailure.SignatureFailure and
// the verifier's trace. The dialect's knobs apply, as they do to Sign (see [TC3.Verify]).
func (s *V1) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("tencent-v1: V1.Keys is nil: a verifier needs a key store")
	}
	if s.MaxRequestSize > 0 && int64(len(req.URL.RawQuery))+max(req.ContentLength, 0) > s.MaxRequestSize {
		return nil, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeSignatureFailure, Part: "request", Problem: sizeProblem, Kind: apisig.ErrMalformed}
	}
	ps, err := appendParams(nil, req.URL.RawQuery, "query")
	if err != nil {
		return nil, err
	}
	if isForm(headerValue(req.Header, "Content-Type")) {
		limit := s.MaxRequestSize
		body, err := readBody(req, limit)
		if err != nil {
			return nil, err
		}
		if limit > 0 && int64(len(req.URL.RawQuery)+len(body)) > limit {
			return nil, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeSignatureFailure, Part: "request", Problem: sizeProblem, Kind: apisig.ErrMalformed}
		}
		if ps, err = appendParams(ps, string(body), "form"); err != nil {
			return nil, err
		}
	}
	provided, ok := getParam(ps, ParamSignature)
	if !ok || provided == "" {
		return nil, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeMissingParameter, Part: "parameter Signature", Problem: "is missing", Kind: apisig.ErrNotSigned}
	}
	var id, nonce, tsValue string
	for _, f := range [...]struct {
		name string
		v    *string
	}{{ParamSecretID, &id}, {ParamNonce, &nonce}, {ParamTimestamp, &tsValue}} {
		v, _ := getParam(ps, f.name)
		if v == "" {
			return nil, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeMissingParameter, Part: "parameter " + f.name, Problem: "is missing", Kind: apisig.ErrMalformed}
		}
		*f.v = v
	}
	if !isPositiveInt(nonce) {
		return nil, &apisig.RequestError{Scheme: V1SchemeID, Code: CodeInvalidParameterValue, Part: "parameter Nonce", Value: nonce, Problem: "must be a positive integer", Kind: apisig.ErrMalformed}
	}
	m := HmacSHA1
	if s.Dialect.OmitMethodParam {
		m = HmacSHA256
	}
	if v, ok := getParam(ps, ParamSignatureMethod); ok {
		if m, err = ParseSignatureMethod(v); err != nil {
			re := *err.(*apisig.RequestError)
			re.Kind = apisig.ErrMalformed
			return nil, &re
		}
	}
	if err := checkFIPS(m); err != nil {
		return nil, err
	}
	sec, err := parseTimestamp(tsValue, "parameter Timestamp", V1SchemeID)
	if err != nil {
		return nil, err
	}
	t := time.Unix(sec, 0)
	if err := checkSkew(t, apisig.Now(s.Clock), s.maxSkew(), tsValue, "parameter Timestamp", V1SchemeID); err != nil {
		return nil, err
	}
	secrets, err := lookup(ctx, s.Keys, id, V1SchemeID)
	if err != nil {
		return nil, err
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	sc := getScratch()
	defer putScratch(sc)
	// The dialect's knobs apply (their zero values are Tencent's rules), so that package
	// diagnose can ask which client mistake makes the request verify.
	d := &s.Dialect
	sc.sts = d.appendStringToSign(sc.sts[:0], method, hostOf(req), path, ps)
	want := []byte(provided)
	for _, secret := range secrets {
		got := d.appendSignature(sc.payload[:0:0], m, secret.Reveal(), sc.sts, sc)
		if d.SignatureEncoding == SignatureRaw {
			// The client wrote the base64 into the URL as is: a '+' arrives as a space.
			got = bytes.ReplaceAll(got, []byte("+"), []byte(" "))
		}
		if hmac.Equal(got, want) {
			key := apisig.ReplayKey(V1SchemeID, id, tsValue+":"+nonce)
			if err := s.replay().Claim(ctx, key, t.Add(s.maxSkew())); err != nil {
				return nil, replayError(err, V1SchemeID, "parameter Nonce")
			}
			return &apisig.Verified{Scheme: V1SchemeID, AccessKeyID: id, SignedAt: t, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: V1SchemeID}
	tr.Add(apisig.StepInput, ParamSignatureMethod, m.String())
	token, _ := getParam(ps, ParamToken)
	addRedacted(tr, apisig.StepStringToSign, "string to sign", string(sc.sts), token)
	if len(secrets) > 0 {
		tr.Add(apisig.StepSignature, "Signature = base64(HMAC("+m.String()+", SecretKey, string to sign))",
			string(d.appendSignature(nil, m, secrets[0].Reveal(), sc.sts, sc)))
	}
	return nil, &apisig.MismatchError{Scheme: V1SchemeID, Code: CodeSignatureFailure, AccessKeyID: id, Provided: provided, Trace: tr}
}
