package paypal

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Authorization is a parsed X-PAYPAL-AUTHORIZATION header.
type Authorization struct {
	// Token is the access token; Signature the base64 HMAC-SHA1; Timestamp the Unix seconds,
	// all as sent.
	Token, Signature, Timestamp string
}

func malformed(part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// ParseAuthorization parses "token=...,signature=...,timestamp=..." (the three in any order,
// each exactly once, nothing else). The signature must be base64 and the timestamp decimal
// seconds; each problem is a [*apisig.RequestError] wrapping [apisig.ErrMalformed].
func ParseAuthorization(v string) (*Authorization, error) {
	var a Authorization
	var seen [3]bool
	for part := range strings.SplitSeq(v, ",") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, malformed(Header+" part", cut(part), "want key=value")
		}
		var i int
		switch k {
		case "token":
			i, a.Token = 0, val
		case "signature":
			i, a.Signature = 1, val
		case "timestamp":
			i, a.Timestamp = 2, val
		default:
			return nil, malformed(Header+" key", cut(k), "want token, signature or timestamp")
		}
		if seen[i] {
			return nil, malformed(Header+" "+k, "", "is sent twice")
		}
		seen[i] = true
		if val == "" {
			return nil, malformed(Header+" "+k, "", "is empty")
		}
	}
	for i, name := range []string{"token", "signature", "timestamp"} {
		if !seen[i] {
			return nil, malformed(Header+" "+name, "", "is missing")
		}
	}
	if raw, err := base64.StdEncoding.DecodeString(a.Signature); err != nil || len(raw) != 20 {
		return nil, malformed(Header+" signature", cut(a.Signature), "want the base64 of a 20-byte HMAC-SHA1")
	}
	if len(a.Timestamp) > 12 || strings.Trim(a.Timestamp, "0123456789") != "" {
		return nil, malformed(Header+" timestamp", cut(a.Timestamp), "want seconds since 1970 as 1 to 12 decimal digits")
	}
	return &a, nil
}

func cut(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// Verify checks the X-PAYPAL-AUTHORIZATION header of req for s.Username: the timestamp must be
// within MaxSkew of the verifier's clock, and the signature must match one of the passwords
// Keys gives for Username and the token secrets TokenSecrets gives for the token (compared in
// constant time). A mismatch is a [*apisig.MismatchError] with PayPal's error code 520003 and
// the verifier's trace.
func (s *Signer) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if req == nil || req.URL == nil {
		return nil, invalid("request", "is nil or has no URL")
	}
	if s.Username == "" || s.Keys == nil || s.TokenSecrets == nil {
		return nil, errors.New("paypal: a verifier needs Username, Keys and TokenSecrets")
	}
	v := req.Header.Get(Header)
	if v == "" {
		problem := "is missing"
		if req.Header.Get("X-PP-AUTHORIZATION") != "" {
			problem = "is missing; the request has X-PP-AUTHORIZATION, a name PayPal does not read (H03)"
		}
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: Header + " header", Problem: problem, Kind: apisig.ErrNotSigned}
	}
	a, err := ParseAuthorization(v)
	if err != nil {
		return nil, err
	}
	if err := checkFIPS(); err != nil {
		return nil, err
	}
	n, _ := strconv.ParseInt(a.Timestamp, 10, 64)
	signedAt := time.Unix(n, 0)
	now := apisig.Now(s.Clock)
	maxSkew := s.MaxSkew
	if maxSkew == 0 {
		maxSkew = DefaultMaxSkew
	}
	if d := now.Sub(signedAt); d > maxSkew || -d > maxSkew {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: Header + " timestamp", Value: a.Timestamp,
			Problem: "is " + strconv.FormatInt(int64(d/time.Second), 10) + "s from the server's clock; allowed ±" + strconv.FormatInt(int64(maxSkew/time.Second), 10) + "s", Kind: apisig.ErrSkewed}
	}
	passwords, err := s.Keys.Secrets(ctx, s.Username)
	if err != nil {
		return nil, err
	}
	secrets, err := s.TokenSecrets.Secrets(ctx, a.Token)
	if err != nil {
		return nil, err
	}
	sc := getScratch()
	defer putScratch(sc)
	m := material{username: s.Username, token: a.Token, timestamp: a.Timestamp}
	for _, p := range passwords {
		for _, ts := range secrets {
			m.password, m.tokenSecret = p.Reveal(), ts.Reveal()
			c, err := s.compute(sc, req, m)
			if err != nil {
				return nil, malformed("query", "", err.Error())
			}
			if hmac.Equal(c.sig, []byte(a.Signature)) {
				return &apisig.Verified{Scheme: SchemeID, AccessKeyID: a.Token, SignedAt: signedAt, Signature: a.Signature}, nil
			}
		}
	}
	tr := s.mismatchTrace(sc, req, m, passwords, secrets)
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: "520003", AccessKeyID: a.Token, Provided: a.Signature, Trace: tr}
}

// mismatchTrace is the verifier's trace for the first password and token secret, computed
// again since the loop reuses the scratch buffer. With no candidates the stages are empty.
func (s *Signer) mismatchTrace(sc *scratch, req *http.Request, m material, passwords, secrets []apisig.Secret) *apisig.Trace {
	tr := &apisig.Trace{Scheme: SchemeID}
	if len(passwords) == 0 || len(secrets) == 0 {
		computed{}.trace(tr, apisig.Secret{})
		return tr
	}
	m.password, m.tokenSecret = passwords[0].Reveal(), secrets[0].Reveal()
	c, _ := s.compute(sc, req, m) // it succeeded in the loop, with the same query
	c.trace(tr, traceKey(s.Dialect.encoder(), m))
	return tr
}
