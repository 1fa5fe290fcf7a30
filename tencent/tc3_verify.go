package tencent

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Verify checks a request signed with TC3-HMAC-SHA256, as Tencent's API gateway does. It
// parses the Authorization header, requires X-TC-Timestamp, X-TC-Action and X-TC-Version,
// rejects a timestamp more than MaxSkew from its clock (AuthFailure.SignatureExpire), looks the
// SecretId up in s.Keys (AuthFailure.SecretIdNotFound), and recomputes the signature with each
// of the key's secrets, comparing with [hmac.Equal]. The credential-scope date is the one the
// server computes, the UTC date of X-TC-Timestamp: a client that wrote another date gets a
// mismatch, as from Tencent. A mismatch is a [*apisig.MismatchError] with code
// AuthFailure.SignatureFailure and the verifier's trace. [ErrorBody] renders any of these
// errors as Tencent's JSON.
//
// The body is hashed through req.GetBody ([apisig.Middleware] sets it for server requests).
// The dialect's knobs apply, as they do to Sign: a verifier with a knob set accepts exactly the
// requests a client making that mistake sends, which is how package diagnose names mistakes.
// Their zero values are Tencent's rules.
func (s *TC3) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New("tencent-tc3: TC3.Keys is nil: a verifier needs a key store")
	}
	h := req.Header
	auth := headerValue(h, HeaderAuthorization)
	if auth == "" {
		return nil, &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeMissingParameter, Part: "Authorization header",
			Problem: "is missing", Kind: apisig.ErrNotSigned}
	}
	a, err := ParseTC3Authorization(auth)
	if err != nil {
		return nil, err
	}
	tsValue := headerValue(h, HeaderTimestamp)
	sec, err := parseTimestamp(tsValue, "X-TC-Timestamp header", TC3SchemeID)
	if err != nil {
		return nil, err
	}
	for _, name := range [...]string{HeaderAction, HeaderVersion} {
		if headerValue(h, name) == "" {
			return nil, &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeMissingParameter, Part: "X-TC-" + strings.TrimPrefix(name, "X-Tc-") + " header",
				Problem: "is missing", Kind: apisig.ErrMalformed}
		}
	}
	if s.Service != "" && a.Credential.Service != s.Service {
		return nil, tc3Malformed("Authorization header Credential", a.Credential.Service, "the service is wrong; this endpoint serves "+s.Service)
	}
	t := time.Unix(sec, 0)
	if err := checkSkew(t, apisig.Now(s.Clock), s.maxSkew(), tsValue, "X-TC-Timestamp header", TC3SchemeID); err != nil {
		return nil, err
	}
	sc := getScratch()
	defer putScratch(sc)
	payload, err := s.verifyPayload(req, sc)
	if err != nil {
		return nil, err
	}
	secrets, err := lookup(ctx, s.Keys, a.Credential.SecretID, TC3SchemeID)
	if err != nil {
		return nil, err
	}
	// The dialect's knobs apply, so that package diagnose can ask which client mistake makes
	// the request verify; their zero values are what Tencent's servers compute. The scope's
	// date is the server's (the UTC date of X-TC-Timestamp) unless a date knob says otherwise.
	v := s
	host := hostOf(req)
	service := a.Credential.Service
	if v.Dialect.ScopeService != "" {
		service = v.Dialect.ScopeService
	}
	in := tc3Input{
		method: req.Method, uri: v.canonicalURI(req), query: req.URL.RawQuery, host: host, header: h,
		signed: a.SignedHeaders, signedList: strings.Join(a.SignedHeaders, ";"), payload: payload,
		timestamp: tsValue, date: v.Dialect.scopeDate(sec, t.UTC().Format(time.DateOnly)), service: service,
		token: headerValue(h, HeaderToken),
	}
	if in.method == "" {
		in.method = http.MethodGet
	}
	want := []byte(a.Signature)
	for _, secret := range secrets {
		sig, err := v.compute(&in, v.Dialect.Secret.apply(secret.Reveal()), sc, nil)
		if err != nil {
			return nil, asMalformed(err)
		}
		if hmac.Equal(sig, want) {
			if s.Replay != nil {
				key := apisig.ReplayKey(TC3SchemeID, a.Credential.SecretID, a.Signature)
				if err := s.Replay.Claim(ctx, key, t.Add(s.maxSkew())); err != nil {
					return nil, replayError(err, TC3SchemeID, "Authorization header Signature")
				}
			}
			return &apisig.Verified{Scheme: TC3SchemeID, AccessKeyID: a.Credential.SecretID, SignedAt: t, Signature: a.Signature}, nil
		}
	}
	tr := &apisig.Trace{Scheme: TC3SchemeID}
	if len(secrets) > 0 {
		if _, err := v.compute(&in, v.Dialect.Secret.apply(secrets[0].Reveal()), sc, tr); err != nil {
			return nil, asMalformed(err)
		}
	}
	return nil, &apisig.MismatchError{Scheme: TC3SchemeID, Code: CodeSignatureFailure, AccessKeyID: a.Credential.SecretID, Provided: a.Signature, Trace: tr}
}

// verifyPayload returns the hashed payload to verify with.
func (s *TC3) verifyPayload(req *http.Request, sc *scratch) ([]byte, error) {
	claimed := headerValue(req.Header, HeaderContentSHA256)
	// The payload knobs' mistakes, for package diagnose.
	switch {
	case s.Payload == PayloadEmptyHash:
		return append(sc.payload[:0], emptyPayloadHash...), nil
	case s.Payload == PayloadUnsignedLiteral && claimed == UnsignedPayload:
		return append(sc.payload[:0], UnsignedPayload...), nil
	}
	switch claimed {
	case "":
		return bodySHA256(req, sc)
	case UnsignedPayload:
		if !s.AllowUnsignedPayload {
			return nil, &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeInvalidParameterValue, Part: "X-TC-Content-SHA256 header", Value: claimed,
				Problem: "this endpoint requires a signed payload", Kind: apisig.ErrMalformed}
		}
		return append(sc.payload[:0], unsignedPayloadHash...), nil
	default:
		return nil, &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeInvalidParameterValue, Part: "X-TC-Content-SHA256 header", Value: claimed,
			Problem: "the only value allowed is UNSIGNED-PAYLOAD", Kind: apisig.ErrMalformed}
	}
}

// parseTimestamp parses a decimal Unix time in seconds.
func parseTimestamp(v, part, scheme string) (int64, error) {
	if v == "" {
		return 0, &apisig.RequestError{Scheme: scheme, Code: CodeMissingParameter, Part: part, Problem: "is missing; it must carry the signing time in Unix seconds", Kind: apisig.ErrMalformed}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || v[0] == '+' || v[0] == '-' || len(v) > 12 {
		return 0, &apisig.RequestError{Scheme: scheme, Code: CodeInvalidParameterValue, Part: part, Value: v, Problem: "want Unix seconds, e.g. 1551113065", Kind: apisig.ErrMalformed}
	}
	return n, nil
}

// checkSkew rejects a signing time more than max from now, with Tencent's expiry code.
func checkSkew(t, now time.Time, max time.Duration, value, part, scheme string) error {
	if d := now.Sub(t); d > max || -d > max {
		return &apisig.RequestError{Scheme: scheme, Code: CodeSignatureExpire, Part: part, Value: value,
			Problem: fmt.Sprintf("differs from the server time %d by %s; at most %s is allowed", now.Unix(), d.Abs().Round(time.Second), max),
			Kind:    apisig.ErrSkewed, SignedAt: t}
	}
	return nil
}

// lookup returns the secrets of a SecretId, mapping an unknown key to Tencent's code.
func lookup(ctx context.Context, keys apisig.KeyStore, id, scheme string) ([]apisig.Secret, error) {
	secrets, err := keys.Secrets(ctx, id)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: scheme, Code: CodeSecretIDNotFound, Part: "SecretId", Value: id,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up SecretId %q: %w", scheme, id, err)
	}
	return secrets, nil
}

// replayError reports a replayed request with Tencent's code, naming what was seen before (a
// v1 Nonce, a TC3 signature: TC3 has no nonce), or a replay store failure.
func replayError(err error, scheme, part string) error {
	if errors.Is(err, apisig.ErrReplayed) {
		return &apisig.RequestError{Scheme: scheme, Code: CodeSignatureFailure, Part: part,
			Problem: "was already used within the timestamp window (replayed request)", Kind: apisig.ErrReplayed}
	}
	return fmt.Errorf("%s: replay store: %w", scheme, err)
}

// asMalformed turns an input error found while verifying (a signed header sent twice) into a
// malformed-request error: the client's request is at fault, not the verifier.
func asMalformed(err error) error {
	var re *apisig.RequestError
	if errors.As(err, &re) {
		c := *re
		c.Kind = apisig.ErrMalformed
		return &c
	}
	return err
}
