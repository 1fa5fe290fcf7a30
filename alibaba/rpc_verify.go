package alibaba

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// Verify checks an RPC request as Alibaba Cloud's gateway does, and fails with the gateway's
// codes, as an [*Error] (JSON {"Code","Message"}) wrapping apisig's sentinel errors:
//
//   - MissingSignature / MissingAccessKeyId / MissingTimestamp / MissingSignatureNonce for
//     an absent parameter; InvalidParameter for a parameter sent twice (the query and the
//     form body counted together) or not UTF-8; IncompleteSignature for a Signature that is not base64;
//     InvalidSignatureMethod / InvalidSignatureVersion;
//   - InvalidTimeStamp.Format, and InvalidTimeStamp.Expired when Timestamp is more than
//     MaxSkew from the verifier's clock ([apisig.ErrSkewed]);
//   - InvalidAccessKeyId.NotFound (HTTP 404) for a key the key store does not know;
//   - SignatureDoesNotMatch with the message "Specified signature is not matched with our
//     calculation. server string to sign is:<the verifier's string to sign>", wrapping an
//     [*apisig.MismatchError] that carries the verifier's trace;
//   - SignatureNonceUsed ([apisig.ErrReplayed]) when the signature matches but the nonce was
//     claimed before in the replay store. Nonces are claimed only after the signature matched.
//
// Parameters are read from the query ('+' is a space, as the gateway reads it) and from an
// application/x-www-form-urlencoded body, through req.GetBody ([apisig.Middleware] sets it).
func (s *RPC) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New(RPCSchemeID + ": RPC.Keys is nil: a verifier needs a key store")
	}
	if err := checkSHA1(RPCSchemeID); err != nil {
		return nil, err
	}
	sc := getRPCScratch()
	defer putRPCScratch(sc)
	pairs, err := canon.AppendQuery(sc.pairs[:0], req.URL.RawQuery, true)
	if err != nil {
		return nil, badRequest(RPCSchemeID, CodeInvalidParameter, "Specified parameter is not valid.", "query parameter", err.(*canon.QueryError).Param, err.Error(), apisig.ErrMalformed)
	}
	if isForm(req.Header) && req.Body != nil && req.Body != http.NoBody {
		if sc.form, err = readBody(sc.form[:0], req, MaxFormBody); err != nil {
			return nil, fmt.Errorf("%s: reading the form body: %w", RPCSchemeID, err)
		}
		if pairs, err = appendForm(pairs, sc.form); err != nil {
			return nil, badRequest(RPCSchemeID, CodeInvalidParameter, "Specified parameter is not valid.", "form body parameter", err.(*canon.QueryError).Param, err.Error(), apisig.ErrMalformed)
		}
	}
	sc.pairs = pairs

	// Take Signature out of the signed parameters.
	provided, found := "", false
	for i, p := range pairs {
		if p.Key == ParamSignature {
			if found {
				return nil, badRequest(RPCSchemeID, CodeInvalidParameter, "Signature appears more than once.", "parameter Signature", "", "appears more than once", apisig.ErrMalformed)
			}
			provided, found = p.Value, true
			pairs = append(pairs[:i:i], pairs[i+1:]...)
			break
		}
	}
	get := func(name string) string {
		for _, p := range pairs {
			if p.Key == name {
				return p.Value
			}
		}
		return ""
	}
	keyID := get(ParamAccessKeyID)
	switch {
	case !found && keyID == "":
		return nil, badRequest(RPCSchemeID, CodeMissingSignature, "Signature is mandatory for this action.", "request", "", "has no Signature and no AccessKeyId parameter", apisig.ErrNotSigned)
	case !found || provided == "":
		return nil, badRequest(RPCSchemeID, CodeMissingSignature, "Signature is mandatory for this action.", "parameter Signature", "", "is missing", apisig.ErrMalformed)
	}
	s.order(pairs, sc)
	if err := checkPairs(pairs, sc.byName, apisig.ErrMalformed, true); err != nil {
		var re *apisig.RequestError
		errors.As(err, &re)
		return nil, gatewayError(http.StatusBadRequest, "Specified parameter "+re.Part+" is not valid.", re)
	}
	tsName := s.Dialect.TimestampName.param()
	ts, nonce := get(tsName), get(ParamSignatureNonce)
	switch {
	case keyID == "":
		return nil, badRequest(RPCSchemeID, CodeMissingAccessKeyID, "AccessKeyId is mandatory for this action.", "parameter AccessKeyId", "", "is missing", apisig.ErrMalformed)
	case get(ParamSignatureMethod) != SignatureMethodHMACSHA1:
		return nil, badRequest(RPCSchemeID, CodeInvalidSignatureMethod, "Specified signature method is not valid.", "parameter SignatureMethod", get(ParamSignatureMethod), "want HMAC-SHA1", apisig.ErrMalformed)
	case get(ParamSignatureVersion) != SignatureVersion1:
		return nil, badRequest(RPCSchemeID, CodeInvalidSignatureVer, "Specified signature version is not valid.", "parameter SignatureVersion", get(ParamSignatureVersion), "want 1.0", apisig.ErrMalformed)
	case ts == "":
		return nil, badRequest(RPCSchemeID, CodeMissingTimestamp, tsName+" is mandatory for this action.", "parameter "+tsName, "", "is missing", apisig.ErrMalformed)
	case nonce == "":
		return nil, badRequest(RPCSchemeID, CodeMissingSignatureNonce, "SignatureNonce is mandatory for this action.", "parameter SignatureNonce", "", "is missing", apisig.ErrMalformed)
	}
	t, err := time.Parse(TimestampLayout, ts)
	if err != nil || len(ts) != len(TimestampLayout) {
		return nil, badRequest(RPCSchemeID, CodeInvalidTimeStampFormat, MessageTimeStampFormat, "parameter "+tsName, ts, "want UTC as YYYY-MM-DDThh:mm:ssZ, e.g. 2016-02-23T12:46:24Z", apisig.ErrMalformed)
	}
	now := apisig.Now(s.Clock)
	if d := now.Sub(t); d > s.maxSkew() || -d > s.maxSkew() {
		return nil, badRequest(RPCSchemeID, CodeInvalidTimeStampExpire, MessageTimeStampExpired, "parameter "+tsName, ts,
			"differs from the server time "+now.UTC().Format(TimestampLayout)+" by "+d.Abs().Round(time.Second).String()+"; at most "+s.maxSkew().String()+" is allowed", apisig.ErrSkewed)
	}
	if s.Dialect.Digest == DigestBase64 {
		p := strings.TrimSuffix(provided, "\n")
		if _, err := base64.StdEncoding.DecodeString(p); err != nil || len(p) != base64.StdEncoding.EncodedLen(20) {
			return nil, badRequest(RPCSchemeID, CodeIncompleteSignature, "The request signature does not conform to Aliyun standards.", "parameter Signature", provided,
				"want the base64 of a 20-byte HMAC-SHA1 (28 characters ending in '='); a '+' sent unencoded in a URL arrives as a space", apisig.ErrMalformed)
		}
	}
	secrets, err := s.Keys.Secrets(ctx, keyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, gatewayError(http.StatusNotFound, MessageAccessKeyNotFound, &apisig.RequestError{Scheme: RPCSchemeID, Code: CodeInvalidAccessKeyID,
				Part: "parameter AccessKeyId", Value: keyID, Problem: "is not in the key store", Kind: apisig.ErrUnknownKey})
		}
		return nil, fmt.Errorf("%s: looking up AccessKeyId %q: %w", RPCSchemeID, keyID, err)
	}
	token := get(ParamSecurityToken)
	want := []byte(provided)
	for _, secret := range secrets {
		if sig, _ := s.compute(req.Method, pairs, secret.Reveal(), token, sc, nil); hmac.Equal(sig, want) {
			if err := s.claim(ctx, RPCSchemeID, keyID, nonce, t); err != nil {
				return nil, err
			}
			return &apisig.Verified{Scheme: RPCSchemeID, AccessKeyID: keyID, SignedAt: t, Presigned: true, Signature: provided}, nil
		}
	}
	tr := &apisig.Trace{Scheme: RPCSchemeID}
	if len(secrets) > 0 {
		s.compute(req.Method, pairs, secrets[0].Reveal(), token, sc, tr)
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	return nil, &Error{Status: http.StatusBadRequest, Code: CodeSignatureDoesNotMatch, Message: MessageSignatureDoesNotMatch + sts,
		Err: &apisig.MismatchError{Scheme: RPCSchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: keyID, Provided: provided, Trace: tr}}
}

// claim records a verified request's nonce until its timestamp leaves the window; a nonce seen
// before is SignatureNonceUsed. A store that cannot answer fails the request (closed).
func (s *RPC) claim(ctx context.Context, scheme, keyID, nonce string, t time.Time) error {
	return claimNonce(ctx, replayStore(s.Replay), scheme, keyID, nonce, t.Add(s.maxSkew()))
}

func claimNonce(ctx context.Context, store apisig.ReplayStore, scheme, keyID, nonce string, until time.Time) error {
	err := store.Claim(ctx, apisig.ReplayKey(scheme, keyID, nonce), until)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, apisig.ErrReplayed):
		return badRequest(scheme, CodeSignatureNonceUsed, MessageSignatureNonceUsed, "signature nonce", nonce, "was used already", apisig.ErrReplayed)
	}
	return fmt.Errorf("%s: replay store: %w", scheme, err)
}
