package cos

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/bodyhash"
)

// Verify checks a request signed for COS, in the Authorization header or presigned in the
// query (q-* parameters, or the whole value merged into one "sign" parameter). It looks the
// SecretId up in s.Keys, accepts the request when any of its secrets produces the signature
// (compared with [hmac.Equal]) and otherwise says why, with COS's codes:
//
//   - SignatureDoesNotMatch: a [*apisig.MismatchError] whose trace holds the server's
//     FormatString (HttpString) and StringToSign, as COS's error body shows them;
//   - AccessDenied "Request has expired" ([apisig.ErrExpired]) when q-sign-time or q-key-time
//     has ended; RequestTimeTooSkewed ([apisig.ErrSkewed]) when it starts more than MaxSkew
//     in the future;
//   - InvalidAccessKeyId ([apisig.ErrUnknownKey]);
//   - AccessDenied ([apisig.ErrMalformed]) for a malformed or inverted q-* value, and
//     ([apisig.ErrMismatch]) for a header or parameter that must be signed and is not.
//
// With the zero Dialect, Verify computes HttpString as COS does: the path is decoded from the
// request line with '+' read as a space, header values are trimmed. With knobs set, it
// recomputes as a client making those mistakes did from the request it sent (a literal '+'
// meant '+', the path was signed encoded, keys kept their case, ...), which is how package
// diagnose finds the mistake behind a rejected signature.
func (s *Signer) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	if s.Keys == nil {
		return nil, errors.New(SchemeID + ": Signer.Keys is nil: a verifier needs a key store")
	}
	if err := checkFIPS(); err != nil {
		return nil, err
	}
	pairs, err := canon.ParseQuery(req.URL.RawQuery, true)
	if err != nil {
		// Name the parameter at fault, not the whole query: that may carry a session token.
		var qe *canon.QueryError
		if errors.As(err, &qe) {
			return nil, malformed("query parameter", qe.Param, strings.TrimPrefix(qe.Err.Error(), "canon: "))
		}
		return nil, malformed("query", "", err.Error())
	}
	var a *Authorization
	presigned := false
	switch auth := req.Header.Get(HeaderAuthorization); {
	case auth != "":
		if a, err = ParseAuthorization(auth); err != nil {
			return nil, err
		}
	case slices.ContainsFunc(pairs, func(p canon.Pair) bool { return isAuthParam(p.Key) }):
		presigned = true
		if a, err = ParsePresigned(pairs); err != nil {
			return nil, err
		}
	case slices.ContainsFunc(pairs, func(p canon.Pair) bool { return p.Key == "sign" }):
		presigned = true
		i := slices.IndexFunc(pairs, func(p canon.Pair) bool { return p.Key == "sign" })
		if a, err = ParseAuthorization(pairs[i].Value); err != nil {
			return nil, err
		}
	default:
		return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: "request",
			Problem: "has no Authorization header and no q-signature query parameter", Kind: apisig.ErrNotSigned}
	}

	now := apisig.Now(s.Clock)
	for _, r := range [...]struct {
		name string
		tr   TimeRange
	}{{ParamSignTime, a.SignTime}, {ParamKeyTime, a.KeyTime}} {
		if now.Unix() > r.tr.End {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: r.name, Value: r.tr.String(),
				Problem: "Request has expired: it ended at " + time.Unix(r.tr.End, 0).UTC().Format(time.RFC3339) + ", server time " + now.UTC().Format(time.RFC3339),
				Kind:    apisig.ErrExpired, SignedAt: time.Unix(a.SignTime.Start, 0).UTC()}
		}
		if time.Unix(r.tr.Start, 0).Sub(now) > s.maxSkew() {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeRequestTimeTooSkewed, Part: r.name, Value: r.tr.String(),
				Problem: fmt.Sprintf("starts at %s, more than %s after the server time %s", time.Unix(r.tr.Start, 0).UTC().Format(time.RFC3339), s.maxSkew(), now.UTC().Format(time.RFC3339)),
				Kind:    apisig.ErrSkewed, SignedAt: time.Unix(a.SignTime.Start, 0).UTC()}
		}
	}
	if err := s.checkCoverage(req, pairs, a, presigned); err != nil {
		return nil, err
	}

	secrets, err := s.Keys.Secrets(ctx, a.AccessKeyID)
	if err != nil {
		if errors.Is(err, apisig.ErrUnknownKey) {
			return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeInvalidAccessKeyID, Part: ParamAK, Value: a.AccessKeyID,
				Problem: "does not exist in the key store", Kind: apisig.ErrUnknownKey}
		}
		return nil, fmt.Errorf("%s: looking up SecretId %q: %w", SchemeID, a.AccessKeyID, err)
	}
	path, err := s.Dialect.verifiedPath(req)
	if err != nil {
		return nil, err
	}
	v := Signer{SignedHeaders: s.SignedHeaders, Dialect: s.Dialect}
	sc := getScratch()
	defer putScratch(sc)
	sel := &selection{verify: true, paramList: a.ParamList, headerList: a.HeaderList, dropAuthParams: presigned}
	if err := v.collect(&v.Dialect, req, hostOf(req), sel, sc); err != nil {
		return nil, err
	}
	lay := v.Dialect.build(req.Method, path, sc)
	want := []byte(a.Signature)
	absent := s.listedButAbsent(req, pairs, a, presigned)
	for _, secret := range secrets {
		if hmac.Equal(v.compute(a.SignTime.keyTime(), a.KeyTime.keyTime(), secret.Reveal(), "", lay, sc, nil), want) {
			if len(absent) > 0 {
				// The signature matches what is there, but the lists were changed to name more.
				return nil, &apisig.RequestError{Scheme: SchemeID, Code: CodeSignatureDoesNotMatch, Part: absent[0],
					Problem: "names a header or parameter the request does not carry", Kind: apisig.ErrMismatch}
			}
			if err := checkContentMD5(req); err != nil {
				return nil, err
			}
			return &apisig.Verified{Scheme: SchemeID, AccessKeyID: a.AccessKeyID, SignedAt: time.Unix(a.SignTime.Start, 0).UTC(),
				Presigned: presigned, Signature: a.Signature}, nil
		}
	}
	token := req.Header.Get(HeaderSecurityToken)
	if token == "" {
		token = req.URL.Query().Get(QuerySecurityToken)
	}
	tr := &apisig.Trace{Scheme: SchemeID}
	tr.Add(apisig.StepInput, "Resource", resource(req))
	if len(absent) > 0 {
		tr.Add(apisig.StepInput, "listed but not in the request", strings.Join(absent, ", "))
	}
	if len(secrets) > 0 {
		v.compute(a.SignTime.keyTime(), a.KeyTime.keyTime(), secrets[0].Reveal(), token, lay, sc, tr)
	}
	return nil, &apisig.MismatchError{Scheme: SchemeID, Code: CodeSignatureDoesNotMatch, AccessKeyID: a.AccessKeyID, Provided: a.Signature, Trace: tr}
}

// verifiedPath is the path HttpString carries for a received request: the request line's
// path decoded as COS decodes it (percent-escapes, and '+' as a space), or as the client that
// made the Dialect's mistakes computed it.
func (d *Dialect) verifiedPath(req *http.Request) (string, error) {
	escaped := req.URL.EscapedPath()
	if d.Path == PathEncoded {
		if escaped == "" {
			return "/", nil
		}
		return escaped, nil
	}
	// With a literal '+' on the wire the client meant '+' (wire-path=plus-literal).
	p, err := canon.Unescape(escaped, d.WirePath != WirePlusLiteral)
	if err != nil {
		return "", malformed("path", escaped, err.Error())
	}
	if d.Path == PathPlusAsSpace {
		p = strings.ReplaceAll(p, "+", " ")
	}
	if p == "" {
		p = "/"
	}
	return p, nil
}

// checkCoverage rejects a request that carries a header or parameter the signature must cover
// and does not: host (or RequireSigned), every x-cos-* header, and, unless AllowUnsignedParams,
// every query parameter.
func (s *Signer) checkCoverage(req *http.Request, pairs []canon.Pair, a *Authorization, presigned bool) error {
	uncovered := func(part, name, list string) error {
		return &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: part, Value: name,
			Problem: "is not in " + list + "; the signature must cover it", Kind: apisig.ErrMismatch}
	}
	for _, name := range s.requireSigned() {
		present := name == "host" && hostOf(req) != ""
		for k := range req.Header {
			present = present || strings.EqualFold(k, name)
		}
		if present && !covers(a.HeaderList, name) {
			return uncovered("header", name, ParamHeaderList)
		}
	}
	for k := range req.Header {
		if len(k) > 6 && strings.EqualFold(k[:6], "x-cos-") && !covers(a.HeaderList, k) {
			return uncovered("header", k, ParamHeaderList)
		}
	}
	if s.AllowUnsignedParams {
		return nil
	}
	for _, p := range pairs {
		if presigned && isPresignParam(p.Key) {
			continue
		}
		if !covers(a.ParamList, p.Key) {
			return uncovered("query parameter", p.Key, ParamParamList)
		}
	}
	return nil
}

// CodeBadDigest is the code of a body that does not match its Content-MD5 (S3's name, which
// COS's error-code list shares).
const CodeBadDigest = "BadDigest"

// checkContentMD5 checks the body against a Content-MD5 header, which is how COS protects the
// body: the signature itself does not cover it.
func checkContentMD5(req *http.Request) error { return bodyhash.CheckContentMD5(req, SchemeID) }

// resource is the host and the path with percent-escapes decoded and '+' kept, as COS's
// <Resource> shows it.
func resource(req *http.Request) string {
	p := req.URL.Path
	if p == "" {
		p = "/"
	}
	return hostOf(req) + p
}

// listName is a header name or query key as the lists carry it: encoded, then lower-cased
// (ASCII, escapes included), as collect writes it.
func (d *Dialect) listName(key string, header bool) string {
	b := []byte(key)
	if header {
		lowerASCII(b)
	}
	enc := d.encoding()
	if header && literal(enc.Set, b) {
		return string(b)
	}
	b = appendEscaped(nil, b, enc)
	if d.Lowercase != LowerNone {
		lowerASCII(b)
	}
	return string(b)
}

// listedButAbsent returns the names the lists carry that the request does not: a signed header
// or parameter dropped on the way (or a list the client computed differently).
func (s *Signer) listedButAbsent(req *http.Request, pairs []canon.Pair, a *Authorization, presigned bool) []string {
	d := &s.Dialect
	var out []string
	for _, name := range a.HeaderList {
		present := name == "host" && hostOf(req) != ""
		for k := range req.Header {
			present = present || d.listName(k, true) == name
		}
		if !present {
			out = append(out, ParamHeaderList+" "+strconv.Quote(name))
		}
	}
	for _, name := range a.ParamList {
		if !slices.ContainsFunc(pairs, func(p canon.Pair) bool {
			return !(presigned && isPresignParam(p.Key)) && d.listName(p.Key, false) == name
		}) {
			out = append(out, ParamParamList+" "+strconv.Quote(name))
		}
	}
	return out
}

// covers reports whether a list names key, however the client encoded and cased it: whether
// the list is computed right is the signature's business (a mismatch, which diagnose can
// explain), whether the key is covered at all is this policy's.
func covers(list []string, key string) bool {
	for _, n := range list {
		if dn, err := canon.Unescape(n, true); err == nil && strings.EqualFold(dn, key) {
			return true
		}
	}
	return false
}
