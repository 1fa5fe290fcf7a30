package signedurl

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/apisig/apisig"
)

func malformed(part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// Verify checks a signed request: it takes the signature out of the query (or the header),
// reads the key id and expiry parameters where configured, rejects an expired request, rebuilds
// the string to sign from what is left and compares the MAC made with each of the key's secrets
// in constant time. A mismatch is a [*apisig.MismatchError] whose trace holds the string to sign
// the verifier computed.
func (s *Signer) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if req == nil || req.URL == nil {
		return nil, invalid("request", "is nil or has no URL")
	}
	if s.Keys == nil {
		return nil, errors.New("signedurl: Signer.Keys is nil: a verifier needs a key store")
	}
	names := []string{s.KeyIDParam, s.ExpiresParam}
	if s.Placement == PlaceQuery {
		names = append(names, s.param())
	}
	// The signed query is the one sent minus the signature; the key id and expiry stay in it.
	rest, found, err := stripParams(req.URL.RawQuery, names...)
	if err != nil {
		return nil, malformed("query", "", err.Error())
	}
	var sig, where string
	switch s.Placement {
	case PlaceQuery:
		where = "query parameter " + s.param()
		vs := found[s.param()]
		if len(vs) == 0 {
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: where, Problem: "is missing", Kind: apisig.ErrNotSigned}
		}
		if len(vs) > 1 {
			return nil, malformed(where, "", "is sent "+strconv.Itoa(len(vs))+" times")
		}
		sig = vs[0]
		if rest, _, err = stripParams(req.URL.RawQuery, s.param()); err != nil {
			return nil, malformed("query", "", err.Error())
		}
	case PlaceHeader:
		where = s.header() + " header"
		vs := req.Header.Values(s.header())
		if len(vs) == 0 {
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: where, Problem: "is missing", Kind: apisig.ErrNotSigned}
		}
		if len(vs) > 1 {
			return nil, malformed(where, "", "is sent "+strconv.Itoa(len(vs))+" times")
		}
		sig = vs[0]
		rest = req.URL.RawQuery
	}
	if err := s.checkEncoding(sig, where); err != nil {
		return nil, err
	}
	keyID := s.KeyID
	if s.KeyIDParam != "" {
		vs := found[s.KeyIDParam]
		if len(vs) != 1 || vs[0] == "" {
			return nil, malformed("query parameter "+s.KeyIDParam, "", "must be sent once, naming the key")
		}
		keyID = vs[0]
	}
	now := apisig.Now(s.Clock)
	var exp time.Time
	if s.ExpiresParam != "" {
		vs := found[s.ExpiresParam]
		part := "query parameter " + s.ExpiresParam
		if len(vs) != 1 {
			return nil, malformed(part, "", "must be sent once, as the expiry in Unix seconds")
		}
		n, err := strconv.ParseInt(vs[0], 10, 64)
		if err != nil || n <= 0 || len(vs[0]) > 12 {
			return nil, malformed(part, vs[0], "want the expiry in Unix seconds, 1 to 12 digits")
		}
		exp = time.Unix(n, 0)
		if !now.Before(exp) {
			return nil, &apisig.RequestError{Scheme: SchemeID, Part: part, Value: vs[0],
				Problem: "expired at " + exp.UTC().Format(time.RFC3339) + "; the server's clock says " + now.UTC().Format(time.RFC3339), Kind: apisig.ErrExpired}
		}
	}
	secrets, err := s.Keys.Secrets(ctx, keyID)
	if err != nil {
		return nil, err
	}
	var firstMsg []byte
	var firstSig string
	for i, sec := range secrets {
		want, msg, err := s.compute(req, rest, sec)
		if err != nil {
			return nil, err
		}
		if hmac.Equal([]byte(want), []byte(sig)) {
			return &apisig.Verified{Scheme: SchemeID, AccessKeyID: keyID, Presigned: s.Placement == PlaceQuery, Signature: sig, SignedAt: exp}, nil
		}
		if i == 0 {
			firstMsg, firstSig = msg, want
		}
	}
	tr := &apisig.Trace{Scheme: SchemeID}
	tr.Add(apisig.StepStringToSign, "string to sign", string(firstMsg)+bodyNote(s.Message.Body))
	tr.Add(apisig.StepSignature, "expected signature", firstSig)
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: "SignatureDoesNotMatch", AccessKeyID: keyID, Provided: sig, Trace: tr}
}

// checkEncoding rejects a signature that is not in the configured encoding, saying which.
func (s *Signer) checkEncoding(sig, where string) error {
	var err error
	var name string
	switch s.SignatureEncoding {
	case SigHex:
		name = "lower-case hex"
		_, err = hex.DecodeString(sig)
		for i := 0; err == nil && i < len(sig); i++ {
			if 'A' <= sig[i] && sig[i] <= 'F' {
				err = errors.New("upper case")
			}
		}
	case SigBase64:
		name = "base64 (a '+' sent unescaped in a query decodes to a space)"
		_, err = base64.StdEncoding.DecodeString(sig)
	case SigBase64URL:
		name = "padded base64url"
		_, err = base64.URLEncoding.DecodeString(sig)
	case SigBase64URLUnpadded:
		name = "unpadded base64url"
		_, err = base64.RawURLEncoding.DecodeString(sig)
	}
	if err != nil {
		v := sig
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return malformed(where, v, "is not "+name)
	}
	return nil
}
