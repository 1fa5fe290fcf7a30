package oauth1

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

func invalid(part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Part: part, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
}

// sign computes the signature and places it.
func (s *Signer) sign(ctx context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if req == nil || req.URL == nil {
		return invalid("request", "", "is nil or has no URL")
	}
	if creds.AccessKeyID == "" {
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "have no consumer key (AccessKeyID)", Kind: apisig.ErrNoCredentials}
	}
	switch {
	case s.Method > PlainText:
		return invalid("Signer.Method", strconv.Itoa(int(s.Method)), "is not a known signature method")
	case s.Placement > PlaceQuery:
		return invalid("Signer.Placement", strconv.Itoa(int(s.Placement)), "is not one of header, form, query")
	case s.Method != RSASHA1 && creds.Secret.IsZero():
		return &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "have no consumer secret (Secret)", Kind: apisig.ErrNoCredentials}
	}
	if err := checkFIPS(s.Method); err != nil {
		return err
	}
	var rsaKey = s.PrivateKey
	if s.Method == RSASHA1 && rsaKey == nil {
		k, err := s.privateKey(creds.Secret)
		if err != nil {
			return err
		}
		rsaKey = k
	}
	src := s.Nonce
	if src == nil {
		src = apisig.RandomNonce
	}
	nonce, err := src.Nonce()
	if err != nil {
		return err
	}
	if nonce == "" {
		return invalid("nonce", "", "the NonceSource returned an empty nonce")
	}
	timestamp := strconv.FormatInt(apisig.Now(s.Clock).Unix(), 10)

	d := &s.Dialect
	e := d.encoder()
	w := getWork()
	defer putWork(w)

	rawQuery := req.URL.RawQuery
	if s.Placement == PlaceQuery {
		rawQuery = stripProtocol(rawQuery)
	}
	if w.pairs, err = canon.AppendQuery(w.pairs[:0], rawQuery, true); err != nil {
		return invalid("query", "", err.Error())
	}
	nq := len(w.pairs)
	var body string
	if isForm(req, d) {
		if w.body, err = readBody(w.body[:0], req); err != nil {
			return err
		}
		body = string(w.body)
		if s.Placement == PlaceForm {
			body = stripProtocol(body)
		}
		if w.pairs, err = canon.AppendQuery(w.pairs, body, true); err != nil {
			return invalid("form body", "", err.Error())
		}
	} else if s.Placement == PlaceForm && req.Body != nil && req.Body != http.NoBody {
		return invalid("request body", "", "form placement needs an application/x-www-form-urlencoded body, or none")
	}
	nb := len(w.pairs) - nq
	w.pairs = append(w.pairs, canon.Pair{Key: ParamConsumerKey, Value: creds.AccessKeyID})
	if s.Token != "" || d.EmptyToken {
		w.pairs = append(w.pairs, canon.Pair{Key: ParamToken, Value: s.Token})
	}
	w.pairs = append(w.pairs,
		canon.Pair{Key: ParamSignatureMethod, Value: s.Method.String()},
		canon.Pair{Key: ParamTimestamp, Value: timestamp},
		canon.Pair{Key: ParamNonce, Value: nonce})
	if !s.OmitVersion {
		w.pairs = append(w.pairs, canon.Pair{Key: ParamVersion, Value: "1.0"})
	}
	if s.Callback != "" {
		w.pairs = append(w.pairs, canon.Pair{Key: ParamCallback, Value: s.Callback})
	}
	if s.Verifier != "" {
		w.pairs = append(w.pairs, canon.Pair{Key: ParamVerifier, Value: s.Verifier})
	}
	np := len(w.pairs) // the protocol parameters placed are w.pairs[nq+nb:np]
	if d.RealmSigned && s.Realm != "" && s.Placement == PlaceHeader {
		w.pairs = append(w.pairs, canon.Pair{Key: ParamRealm, Value: s.Realm})
	}

	w.uri = appendBaseURI(w.uri[:0], req, d)
	w.normalize(e, d, nq, nb)
	w.buildBase(e, req.Method)
	w.traceInputs(tr, nq, nb)
	tr.Add(apisig.StepStringToSign, "signature base string", string(w.base))
	if err := s.compute(w, e, s.Method, creds.Secret.Reveal(), creds.SessionToken.Reveal(), rsaKey, tr); err != nil {
		return err
	}
	s.place(w, e, req, rawQuery, body, w.pairs[nq+nb:np], tr)
	return nil
}

// compute writes the signature of w.base into w.sig: base64 for the HMAC and RSA methods, the
// key itself for PLAINTEXT.
func (s *Signer) compute(w *work, e encoder, m Method, cs, ts string, rsaKey *rsa.PrivateKey, tr *apisig.Trace) error {
	w.key = appendKey(w.key[:0], e, s.Dialect.Key, cs, ts)
	switch m {
	case HMACSHA1, HMACSHA256:
		if tr != nil {
			tr.AddSecret(apisig.StepKey, "key = encode(consumer secret) \"&\" encode(token secret)", apisig.NewSecret(string(w.key)))
		}
		mac := hmacSum(w.mac[:0], m == HMACSHA256, w.key, w.base)
		w.sig = base64.StdEncoding.AppendEncode(w.sig[:0], mac)
	case RSASHA1:
		raw, err := rsaSign(rsaKey, w.base)
		if err != nil {
			return &apisig.RequestError{Scheme: SchemeID, Part: "RSA-SHA1 signature", Problem: err.Error(), Kind: apisig.ErrInvalidInput}
		}
		w.sig = base64.StdEncoding.AppendEncode(w.sig[:0], raw)
	case PlainText:
		w.sig = append(w.sig[:0], w.key...)
	}
	return nil
}

// place writes the protocol parameters and the signature where s.Placement says.
func (s *Signer) place(w *work, e encoder, req *http.Request, rawQuery, body string, proto []canon.Pair, tr *apisig.Trace) {
	secretSig := s.Method == PlainText
	if tr != nil {
		sigEnc := string(e.appendBytes(nil, w.sig))
		if secretSig {
			tr.AddRedacted(apisig.StepSignature, "oauth_signature (PLAINTEXT: the key, percent-encoded)", apisig.Redacted, apisig.NewSecret(sigEnc))
		} else {
			tr.Add(apisig.StepSignature, "oauth_signature, percent-encoded as placed", sigEnc)
		}
	}
	out := w.out[:0]
	switch s.Placement {
	case PlaceHeader:
		out = append(out, "OAuth "...)
		if s.Realm != "" {
			out = append(out, `realm="`...)
			out = appendQuoted(out, s.Realm)
			out = append(out, `", `...)
		}
		for _, p := range proto {
			out = e.append(out, p.Key)
			out = append(out, `="`...)
			out = e.append(out, p.Value)
			out = append(out, `", `...)
		}
		out = append(out, `oauth_signature="`...)
		out = e.appendBytes(out, w.sig)
		out = append(out, '"')
		v := string(out)
		req.Header.Set("Authorization", v)
		s.tracePlacement(tr, "Authorization", v, secretSig)
	case PlaceQuery:
		out = append(out, rawQuery...)
		out = appendProtocol(out, e, proto, w.sig)
		req.URL.RawQuery = string(out)
		req.URL.ForceQuery = false
		s.tracePlacement(tr, "query", req.URL.RawQuery, secretSig)
	case PlaceForm:
		out = append(out, body...)
		out = appendProtocol(out, e, proto, w.sig)
		b := bytes.Clone(out)
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
		if !isFormType(req.Header.Get("Content-Type")) {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		s.tracePlacement(tr, "form body", string(b), secretSig)
	}
	w.out = out
}

func (s *Signer) tracePlacement(tr *apisig.Trace, name, v string, secret bool) {
	if tr == nil {
		return
	}
	if secret {
		tr.AddRedacted(apisig.StepPlacement, name, name+" with a PLAINTEXT signature "+apisig.Redacted, apisig.NewSecret(v))
		return
	}
	tr.Add(apisig.StepPlacement, name, v)
}

func appendProtocol(out []byte, e encoder, proto []canon.Pair, sig []byte) []byte {
	for _, p := range proto {
		if len(out) > 0 {
			out = append(out, '&')
		}
		out = e.append(out, p.Key)
		out = append(out, '=')
		out = e.append(out, p.Value)
	}
	if len(out) > 0 {
		out = append(out, '&')
	}
	out = append(out, ParamSignature+"="...)
	return e.appendBytes(out, sig)
}

// appendQuoted appends s as the inside of an RFC 9110 quoted-string.
func appendQuoted(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, s[i])
	}
	return dst
}

// stripProtocol removes the oauth_ parameters from a query or form body, so that signing
// again replaces them. It returns raw itself when there are none.
func stripProtocol(raw string) string {
	if !strings.Contains(raw, "oauth_") && !strings.Contains(raw, "oauth%5") {
		return raw
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(raw, "&") {
		k, _, _ := strings.Cut(seg, "=")
		if key, err := canon.Unescape(k, true); err == nil && strings.HasPrefix(key, "oauth_") {
			continue
		}
		if seg == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(seg)
	}
	return b.String()
}
