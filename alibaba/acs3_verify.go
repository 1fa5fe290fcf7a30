package alibaba

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

// CodeContentSHA256Mismatch reports an x-acs-content-sha256 that is not the SHA-256 of the body
// received.
const CodeContentSHA256Mismatch = "ContentSHA256Mismatch"

// Verify checks a V3-signed request as Alibaba Cloud's gateway does, failing with an [*Error]
// that carries the gateway's code and wraps apisig's sentinels: IncompleteSignature for an
// Authorization header of the wrong shape or an x-acs-* / content-type header sent but not
// signed; InvalidTimeStamp.Format / .Expired for x-acs-date; MissingSignatureNonce;
// ContentSHA256Mismatch when x-acs-content-sha256 is not the body's hash;
// InvalidAccessKeyId.NotFound; SignatureDoesNotMatch with the server's string to sign in the
// message, wrapping an [*apisig.MismatchError] with the verifier's trace; SignatureNonceUsed
// for a nonce claimed before (claimed only once the signature matched).
func (s *ACS3) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New(ACS3SchemeID + ": ACS3.Keys is nil: a verifier needs a key store")
	}
	enc, err := s.Dialect.encoding()
	if err != nil {
		return nil, err
	}
	auth := req.Header.Get(HeaderAuthorization)
	if auth == "" {
		return nil, badRequest(ACS3SchemeID, CodeMissingSignature, "Authorization is mandatory for this action.", "Authorization header", "", "is missing", apisig.ErrNotSigned)
	}
	a, err := ParseACS3Authorization(auth)
	if err != nil {
		return nil, err
	}
	// Every header the scheme signs must be signed.
	for k := range req.Header {
		if name := lowerName(k); signedByACS3(name) && !slices.Contains(a.SignedHeaders, name) {
			return nil, acs3Malformed("header "+name, "", "is sent but not in SignedHeaders; host, content-type and every x-acs-* header must be signed")
		}
	}
	dateValue := req.Header.Get(HeaderACSDate)
	t, err := time.Parse(TimestampLayout, dateValue)
	if err != nil || len(dateValue) != len(TimestampLayout) {
		return nil, badRequest(ACS3SchemeID, CodeInvalidTimeStampFormat, MessageTimeStampFormat, "x-acs-date header", dateValue, "want UTC as YYYY-MM-DDThh:mm:ssZ", apisig.ErrMalformed)
	}
	now := apisig.Now(s.Clock)
	if d := now.Sub(t); d > s.maxSkew() || -d > s.maxSkew() {
		return nil, badRequest(ACS3SchemeID, CodeInvalidTimeStampExpire, MessageTimeStampExpired, "x-acs-date header", dateValue,
			"differs from the server time "+now.UTC().Format(TimestampLayout)+" by "+d.Abs().Round(time.Second).String()+"; at most "+s.maxSkew().String()+" is allowed", apisig.ErrSkewed)
	}
	nonce := req.Header.Get(HeaderACSNonce)
	if nonce == "" || !slices.Contains(a.SignedHeaders, HeaderACSNonce) {
		return nil, badRequest(ACS3SchemeID, CodeMissingSignatureNonce, "SignatureNonce is mandatory for this action.", "x-acs-signature-nonce header", "", "is missing or not signed", apisig.ErrMalformed)
	}
	payload := req.Header.Get(HeaderACSContentSHA256)
	if s.Dialect.Payload == PayloadBody {
		h := sha256.New()
		if err := bodyhash.Write(h, req); err != nil {
			return nil, fmt.Errorf("%s: hashing the body to verify it: %w", ACS3SchemeID, err)
		}
		actual := hex.EncodeToString(h.Sum(nil))
		if payload == "" {
			payload = actual
		} else if payload != actual {
			return nil, badRequest(ACS3SchemeID, CodeContentSHA256Mismatch, "The x-acs-content-sha256 header does not match the body.", "x-acs-content-sha256 header", payload,
				"is not the SHA-256 of the body received, "+actual, apisig.ErrMismatch)
		}
	} else if payload == "" {
		payload = EmptyPayloadHash
	}
	if _, err := canon.ParseQuery(req.URL.RawQuery, true); err != nil {
		return nil, badRequest(ACS3SchemeID, CodeInvalidParameter, "Specified parameter is not valid.", "query parameter", err.(*canon.QueryError).Param, err.Error(), apisig.ErrMalformed)
	}
	sc := getACS3Scratch()
	defer putACS3Scratch(sc)
	hs := sc.headers[:0]
	for _, name := range a.SignedHeaders {
		var v []string
		if name == headerHostLower {
			v = []string{hostOf(req)}
		} else {
			v = headerValues(req.Header, name) // a signed header not sent signs as empty
		}
		hs = append(hs, acsHeader{name: name, values: v})
	}
	sc.headers = hs
	secrets, err := s.Keys.Secrets(ctx, a.AccessKeyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, gatewayError(http.StatusNotFound, MessageAccessKeyNotFound, &apisig.RequestError{Scheme: ACS3SchemeID, Code: CodeInvalidAccessKeyID,
				Part: "Authorization header Credential", Value: a.AccessKeyID, Problem: "is not in the key store", Kind: apisig.ErrUnknownKey})
		}
		return nil, fmt.Errorf("%s: looking up AccessKeyId %q: %w", ACS3SchemeID, a.AccessKeyID, err)
	}
	token := req.Header.Get(HeaderACSSecurityToken)
	want := []byte(a.Signature)
	for _, secret := range secrets {
		sig, _, err := s.compute(req.Method, req.URL.Path, req.URL.RawQuery, hs, payload, secret.Reveal(), token, enc, sc, nil)
		if err != nil {
			return nil, err
		}
		if hmac.Equal(sig, want) {
			if err := claimNonce(ctx, replayStore(s.Replay), ACS3SchemeID, a.AccessKeyID, nonce, t.Add(s.maxSkew())); err != nil {
				return nil, err
			}
			return &apisig.Verified{Scheme: ACS3SchemeID, AccessKeyID: a.AccessKeyID, SignedAt: t, Signature: a.Signature}, nil
		}
	}
	tr := &apisig.Trace{Scheme: ACS3SchemeID}
	if len(secrets) > 0 {
		if _, _, err := s.compute(req.Method, req.URL.Path, req.URL.RawQuery, hs, payload, secrets[0].Reveal(), token, enc, sc, tr); err != nil {
			return nil, err
		}
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	return nil, &Error{Status: http.StatusBadRequest, Code: CodeSignatureDoesNotMatch, Message: MessageSignatureDoesNotMatch + sts,
		Err: &apisig.MismatchError{Scheme: ACS3SchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: a.AccessKeyID, Provided: a.Signature, Trace: tr}}
}
