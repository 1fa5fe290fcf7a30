package oauth1

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// defaultReplay is the replay store of verifiers whose Replay is nil: one per process.
var defaultReplay = &apisig.MemoryReplay{}

// protocol holds the protocol parameters of a request being verified.
type protocol struct {
	consumerKey, token, method, timestamp, nonce, version, signature string
	hasToken, hasTimestamp, hasNonce, hasVersion                     bool
	placement                                                        Placement
}

// Verify checks a request signed with OAuth 1.0a, its protocol parameters in the Authorization
// header, the query or a form body (exactly one of them, RFC 5849 §3.5). It checks that the
// method is accepted, that oauth_timestamp is within MaxSkew of the verifier's clock, looks up
// the consumer secret in Keys and the token secret in TokenSecrets (or the public key in
// PublicKeys for RSA-SHA1), compares the signature in constant time, and only then claims the
// nonce in the replay store. Failures carry the OAuth Problem Reporting code: a
// [*apisig.MismatchError] (signature_invalid, with the verifier's base string in its trace),
// timestamp_refused, nonce_used, consumer_key_unknown, token_rejected, parameter_absent,
// parameter_rejected, signature_method_rejected, version_rejected.
//
// A form body is read through req.GetBody, which [apisig.Middleware] sets.
func (s *Signer) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if req == nil || req.URL == nil {
		return nil, invalid("request", "", "is nil or has no URL")
	}
	d := &s.Dialect
	e := d.encoder()
	w := getWork()
	defer putWork(w)

	p, nq, nb, err := s.collect(w, req)
	if err != nil {
		return nil, err
	}
	m, err := s.checkProtocol(&p)
	if err != nil {
		return nil, err
	}
	now := apisig.Now(s.Clock)
	var signedAt time.Time
	if p.hasTimestamp {
		ts, err := parseTimestamp(p.timestamp)
		if err != nil {
			return nil, err
		}
		signedAt = time.Unix(ts, 0)
		if skew := now.Sub(signedAt); skew > s.maxSkew() || -skew > s.maxSkew() {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeTimestampRefused, Part: ParamTimestamp, Value: p.timestamp,
				Problem: "is " + strconv.FormatInt(int64(skew/time.Second), 10) + "s from the server's clock (" + strconv.FormatInt(now.Unix(), 10) + "); allowed ±" + strconv.FormatInt(int64(s.maxSkew()/time.Second), 10) + "s", Kind: apisig.ErrSkewed}
		}
	}

	w.uri = appendBaseURI(w.uri[:0], req, d)
	w.normalize(e, d, nq, nb)
	w.buildBase(e, req.Method)

	provided := p.signature
	if m == PlainText {
		provided = apisig.Redacted
	}
	ok, cs, ts, err := s.check(ctx, w, e, m, &p)
	if err != nil {
		return nil, err
	}
	if !ok {
		tr := &apisig.Trace{Scheme: SchemeID}
		w.traceInputs(tr, nq, nb)
		tr.Add(apisig.StepStringToSign, "signature base string", string(w.base))
		if m != RSASHA1 {
			_ = s.compute(w, e, m, cs, ts, nil, tr)
			sig := string(e.appendBytes(nil, w.sig))
			if m == PlainText {
				tr.AddRedacted(apisig.StepSignature, "oauth_signature expected (PLAINTEXT: the key, percent-encoded)", apisig.Redacted, apisig.NewSecret(sig))
			} else {
				tr.Add(apisig.StepSignature, "oauth_signature expected, percent-encoded", sig)
			}
		}
		return nil, &apisig.MismatchError{Scheme: SchemeID, Code: CodeSignatureInvalid, AccessKeyID: p.consumerKey, Provided: provided, Trace: tr}
	}

	if p.hasNonce {
		store := s.Replay
		if store == nil {
			store = defaultReplay
		}
		until := now
		if signedAt.After(until) {
			until = signedAt
		}
		key := apisig.ReplayKey(SchemeID, p.consumerKey, p.token+"\x00"+p.timestamp+"\x00"+p.nonce)
		if err := store.Claim(ctx, key, until.Add(s.maxSkew())); err != nil {
			if errors.Is(err, apisig.ErrReplayed) {
				return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeNonceUsed, Part: ParamNonce, Value: p.nonce,
					Problem: "was already used with this consumer key, token and timestamp", Kind: apisig.ErrReplayed}
			}
			return nil, err
		}
	}
	return &apisig.Verified{Scheme: SchemeID, AccessKeyID: p.consumerKey, SignedAt: signedAt, Presigned: p.placement == PlaceQuery, Signature: provided}, nil
}

// collect gathers the request's parameters into w.pairs (query, body, then the header's) with
// oauth_signature taken out, and the protocol parameters into a protocol.
func (s *Signer) collect(w *work, req *http.Request) (p protocol, nq, nb int, err error) {
	d := &s.Dialect
	var auth *Authorization
	for _, v := range req.Header.Values("Authorization") {
		scheme, _, _ := strings.Cut(strings.TrimLeft(v, " \t"), " ")
		if !strings.EqualFold(scheme, "OAuth") {
			continue
		}
		if auth != nil {
			return p, 0, 0, malformed(CodeParameterRejected, "Authorization header", "", "is sent twice with the OAuth scheme")
		}
		if auth, err = ParseAuthorization(v); err != nil {
			return p, 0, 0, err
		}
	}
	if w.pairs, err = canon.AppendQuery(w.pairs[:0], req.URL.RawQuery, true); err != nil {
		return p, 0, 0, paramsError("query", err)
	}
	nq = len(w.pairs)
	if isForm(req, d) {
		if w.body, err = readBody(w.body[:0], req); err != nil {
			return p, 0, 0, err
		}
		if w.pairs, err = canon.AppendQuery(w.pairs, string(w.body), true); err != nil {
			return p, 0, 0, paramsError("form body", err)
		}
	}
	nb = len(w.pairs) - nq
	inQuery := slices.ContainsFunc(w.pairs[:nq], isProtocol)
	inBody := slices.ContainsFunc(w.pairs[nq:], isProtocol)
	places := 0
	for _, in := range []bool{auth != nil, inQuery, inBody} {
		if in {
			places++
		}
	}
	switch {
	case places == 0:
		return p, 0, 0, &apisig.RequestError{Scheme: SchemeID, Code: CodeParameterAbsent, Part: "request",
			Problem: "has no OAuth Authorization header and no oauth_ parameters in the query or form body", Kind: apisig.ErrNotSigned}
	case places > 1:
		return p, 0, 0, malformed(CodeParameterRejected, "oauth_ parameters", "",
			"are sent in more than one of the Authorization header, the query and the form body; RFC 5849 §3.5 allows one")
	}
	var proto []canon.Pair
	switch {
	case auth != nil:
		p.placement = PlaceHeader
		proto = auth.Params
	case inQuery:
		p.placement = PlaceQuery
		proto = w.pairs[:nq]
	default:
		p.placement = PlaceForm
		proto = w.pairs[nq:]
	}
	seen := 0
	for _, q := range proto {
		if !strings.HasPrefix(q.Key, "oauth_") {
			continue
		}
		var dst *string
		var bit int
		switch q.Key {
		case ParamConsumerKey:
			dst, bit = &p.consumerKey, 0
		case ParamToken:
			dst, bit = &p.token, 1
			p.hasToken = true
		case ParamSignatureMethod:
			dst, bit = &p.method, 2
		case ParamTimestamp:
			dst, bit = &p.timestamp, 3
			p.hasTimestamp = true
		case ParamNonce:
			dst, bit = &p.nonce, 4
			p.hasNonce = true
		case ParamVersion:
			dst, bit = &p.version, 5
			p.hasVersion = true
		case ParamSignature:
			dst, bit = &p.signature, 6
		default:
			continue // oauth_callback, oauth_verifier, oauth_body_hash, ...: signed like any other
		}
		if seen&(1<<bit) != 0 {
			return p, 0, 0, malformed(CodeParameterRejected, q.Key, "", "is sent twice; a protocol parameter must appear once")
		}
		seen |= 1 << bit
		if strings.IndexByte(q.Value, 0) >= 0 {
			return p, 0, 0, malformed(CodeParameterRejected, q.Key, "", "contains a NUL byte")
		}
		*dst = q.Value
	}
	if seen&(1<<6) == 0 {
		return p, 0, 0, malformed(CodeParameterAbsent, ParamSignature, "", "is missing")
	}
	// Take oauth_signature out of the signed parameters; add the header's parameters.
	if p.placement != PlaceHeader {
		i := slices.IndexFunc(w.pairs, func(q canon.Pair) bool { return q.Key == ParamSignature })
		w.pairs = slices.Delete(w.pairs, i, i+1)
		if p.placement == PlaceQuery {
			nq--
		} else {
			nb--
		}
	} else {
		for _, q := range auth.Params {
			if q.Key != ParamSignature {
				w.pairs = append(w.pairs, q)
			}
		}
		if d.RealmSigned && auth.HasRealm {
			w.pairs = append(w.pairs, canon.Pair{Key: ParamRealm, Value: auth.Realm})
		}
	}
	return p, nq, nb, nil
}

func isProtocol(p canon.Pair) bool { return strings.HasPrefix(p.Key, "oauth_") }

// checkProtocol checks the presence and form of the protocol parameters and returns the method.
func (s *Signer) checkProtocol(p *protocol) (Method, error) {
	if p.consumerKey == "" {
		return 0, malformed(CodeParameterAbsent, ParamConsumerKey, "", "is missing or empty")
	}
	if p.method == "" {
		return 0, malformed(CodeParameterAbsent, ParamSignatureMethod, "", "is missing or empty")
	}
	m, err := ParseMethod(p.method)
	if err != nil {
		return 0, malformed(CodeSignatureMethodRejected, ParamSignatureMethod, p.method, "is not one of [HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT]")
	}
	accepted := s.Methods
	if accepted == nil {
		accepted = []Method{s.Method}
	}
	if !slices.Contains(accepted, m) {
		names := make([]string, len(accepted))
		for i, a := range accepted {
			names[i] = a.String()
		}
		return 0, malformed(CodeSignatureMethodRejected, ParamSignatureMethod, p.method, "is not accepted here; accepted: ["+strings.Join(names, ", ")+"]")
	}
	if err := checkFIPS(m); err != nil {
		return 0, err
	}
	if p.hasVersion && p.version != "1.0" {
		return 0, malformed(CodeVersionRejected, ParamVersion, p.version, "must be 1.0 when sent")
	}
	if m != PlainText {
		// RFC 5849 §3.3: PLAINTEXT may omit them; every other method must send both.
		if !p.hasTimestamp {
			return 0, malformed(CodeParameterAbsent, ParamTimestamp, "", "is missing")
		}
		if !p.hasNonce || p.nonce == "" {
			return 0, malformed(CodeParameterAbsent, ParamNonce, "", "is missing or empty")
		}
	}
	if m == PlainText || m == RSASHA1 {
		return m, nil
	}
	if _, err := base64.StdEncoding.DecodeString(p.signature); err != nil {
		return 0, malformed(CodeSignatureInvalid, ParamSignature, p.signature, "is not base64")
	}
	return m, nil
}

// parseTimestamp parses oauth_timestamp: a positive number of seconds since 1970, digits only.
func parseTimestamp(v string) (int64, error) {
	bad := func(problem string) error {
		return malformed(CodeTimestampRefused, ParamTimestamp, cut(v), problem)
	}
	if v == "" || len(v) > 12 {
		return 0, bad("want seconds since 1970 as 1 to 12 decimal digits")
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, bad("is not a decimal number of seconds since 1970 (milliseconds or a date?)")
		}
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	if n <= 0 {
		return 0, bad("must be positive")
	}
	return n, nil
}

// check compares the signature with the one computed from each secret the key stores give. It
// returns the first secrets tried, for the mismatch trace.
func (s *Signer) check(ctx context.Context, w *work, e encoder, m Method, p *protocol) (ok bool, cs0, ts0 string, err error) {
	if m == RSASHA1 {
		if s.PublicKeys == nil {
			return false, "", "", errors.New("oauth1: Signer.PublicKeys is nil: verifying RSA-SHA1 needs public keys")
		}
		pk, err := s.PublicKeys.PublicKey(ctx, p.consumerKey)
		if err != nil {
			return false, "", "", err
		}
		raw, err := base64.StdEncoding.DecodeString(p.signature)
		if err != nil {
			return false, "", "", malformed(CodeSignatureInvalid, ParamSignature, p.signature, "is not base64")
		}
		return rsaVerify(pk, w.base, raw), "", "", nil
	}
	if s.Keys == nil {
		return false, "", "", errors.New("oauth1: Signer.Keys is nil: a verifier needs a key store of consumer secrets")
	}
	consumer, err := s.Keys.Secrets(ctx, p.consumerKey)
	if err != nil {
		var re *apisig.RequestError
		if errors.As(err, &re) && re.Code == "" && errors.Is(err, apisig.ErrUnknownKey) {
			c := *re
			c.Scheme, c.Code, c.Part = SchemeID, CodeConsumerKeyUnknown, ParamConsumerKey
			return false, "", "", &c
		}
		return false, "", "", err
	}
	tokens := []apisig.Secret{{}}
	if p.token != "" {
		if s.TokenSecrets == nil {
			return false, "", "", &apisig.RequestError{Scheme: SchemeID, Code: CodeTokenRejected, Part: ParamToken, Value: p.token,
				Problem: "is not known: this verifier has no token store", Kind: apisig.ErrUnknownKey}
		}
		if tokens, err = s.TokenSecrets.Secrets(ctx, p.token); err != nil {
			var re *apisig.RequestError
			if errors.As(err, &re) && re.Code == "" && errors.Is(err, apisig.ErrUnknownKey) {
				c := *re
				c.Scheme, c.Code, c.Part = SchemeID, CodeTokenRejected, ParamToken
				return false, "", "", &c
			}
			return false, "", "", err
		}
	}
	if len(consumer) == 0 || len(tokens) == 0 {
		return false, "", "", &apisig.RequestError{Scheme: SchemeID, Code: CodeConsumerKeyUnknown, Part: ParamConsumerKey, Value: p.consumerKey, Problem: "has no secret", Kind: apisig.ErrUnknownKey}
	}
	provided := p.signature
	for _, c := range consumer {
		for _, t := range tokens {
			if err := s.compute(w, e, m, c.Reveal(), t.Reveal(), nil, nil); err != nil {
				return false, "", "", err
			}
			if hmac.Equal(w.sig, []byte(provided)) {
				return true, "", "", nil
			}
		}
	}
	return false, consumer[0].Reveal(), tokens[0].Reveal(), nil
}

// paramsError reports a query or form body that does not decode. The error quotes the
// parameter, except oauth_signature: a PLAINTEXT signature is the secret.
func paramsError(part string, err error) error {
	var qe *canon.QueryError
	if errors.As(err, &qe) {
		name, _, _ := strings.Cut(qe.Param, "=")
		if n, uerr := canon.Unescape(name, true); uerr == nil && n == ParamSignature || name == ParamSignature {
			return malformed(CodeParameterRejected, part+" parameter "+ParamSignature, "", "has a bad percent-escape (value not quoted: a PLAINTEXT signature is the secret)")
		}
	}
	return malformed(CodeParameterRejected, part, "", err.Error())
}
