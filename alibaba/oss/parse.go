package oss

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// AuthorizationV1 is a parsed "OSS AccessKeyId:Signature" header.
type AuthorizationV1 struct {
	AccessKeyID string
	// Signature is the base64 HMAC-SHA1, as sent.
	Signature string
}

// ParseAuthorizationV1 parses an Authorization header of the form "OSS AccessKeyId:Signature".
// The signature must be the 28-character standard base64 of a 20-byte HMAC-SHA1; a signature
// that is URL-encoded (%2B, %3D) is reported as such (D04). Every problem is an [*Error]
// wrapping [apisig.ErrMalformed] (or [apisig.ErrNotSigned] for another scheme).
func ParseAuthorizationV1(v string) (*AuthorizationV1, error) {
	scheme, rest, ok := strings.Cut(v, " ")
	if scheme != "OSS" {
		return nil, requestError(IDV1, 403, CodeAccessDenied, "", "Authorization header", prefix(v), "is not an OSS V1 signature; want \"OSS AccessKeyId:Signature\"", apisig.ErrNotSigned)
	}
	if !ok {
		return nil, malformed(IDV1, CodeInvalidArgument, "", "Authorization header", v, "has nothing after \"OSS\"; want \"OSS AccessKeyId:Signature\"")
	}
	id, sig, ok := strings.Cut(rest, ":")
	switch {
	case !ok:
		return nil, malformed(IDV1, CodeInvalidArgument, "", "Authorization header", v, "has no ':' between AccessKeyId and Signature")
	case id == "":
		return nil, malformed(IDV1, CodeInvalidArgument, "", "Authorization header AccessKeyId", "", "is empty")
	case strings.ContainsAny(id, " \t"):
		return nil, malformed(IDV1, CodeInvalidArgument, "", "Authorization header AccessKeyId", id, "contains white space")
	}
	if err := checkBase64SHA1(sig, "Authorization header Signature"); err != nil {
		return nil, err
	}
	return &AuthorizationV1{AccessKeyID: id, Signature: sig}, nil
}

func prefix(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}

func checkBase64SHA1(sig, part string) error {
	if strings.Contains(sig, "%") {
		return malformed(IDV1, CodeSignatureDoesNotMatch, "", part, sig, "is percent-encoded; a header signature is sent as plain base64")
	}
	if len(sig) != 28 {
		return malformed(IDV1, CodeSignatureDoesNotMatch, "", part, sig, "want the 28-character base64 of a 20-byte HMAC-SHA1, got "+strconv.Itoa(len(sig))+" characters")
	}
	var raw [21]byte
	n, err := base64.StdEncoding.Decode(raw[:], []byte(sig))
	if err != nil || n != 20 {
		return malformed(IDV1, CodeSignatureDoesNotMatch, "", part, sig, "is not standard base64 (A-Z a-z 0-9 + / with '=' padding)")
	}
	return nil
}

// PresignV1 is the parsed set of V1 URL-signature parameters.
type PresignV1 struct {
	AccessKeyID string
	// Expires is the expiry as sent (Unix seconds).
	Expires time.Time
	// ExpiresRaw is the Expires value as sent, which is the Date line of the string to sign.
	ExpiresRaw string
	// Signature is the decoded base64 signature.
	Signature string
}

// ParsePresignV1 parses the OSSAccessKeyId, Expires and Signature parameters of a presigned
// URL's query. Each must appear once; Expires is whole Unix seconds (a 13-digit value is
// reported as milliseconds, D08); Signature is base64 (a raw '+' that arrived as a space is
// reported, D07). Every problem is an [*Error] wrapping [apisig.ErrMalformed].
func ParsePresignV1(q url.Values) (*PresignV1, error) {
	get := func(name string) (string, error) {
		v := q[name]
		switch {
		case len(v) == 0:
			return "", malformed(IDV1, CodeAccessDenied, "", name, "", "query parameter is missing; a V1 URL signature needs OSSAccessKeyId, Expires and Signature")
		case len(v) > 1:
			return "", malformed(IDV1, CodeInvalidArgument, "", name, "", "query parameter appears "+strconv.Itoa(len(v))+" times")
		}
		return v[0], nil
	}
	var p PresignV1
	var err error
	if p.AccessKeyID, err = get(QueryAccessKeyID); err != nil {
		return nil, err
	}
	if p.AccessKeyID == "" {
		return nil, malformed(IDV1, CodeInvalidArgument, "", QueryAccessKeyID, "", "is empty")
	}
	if p.ExpiresRaw, err = get(QueryExpires); err != nil {
		return nil, err
	}
	n, perr := strconv.ParseInt(p.ExpiresRaw, 10, 64)
	switch {
	case perr != nil || p.ExpiresRaw == "" || p.ExpiresRaw[0] == '+' || p.ExpiresRaw[0] == '-':
		return nil, malformed(IDV1, CodeAccessDenied, ECInvalidExpires, QueryExpires, p.ExpiresRaw, "want a Unix time in whole seconds")
	case n >= 1e12:
		return nil, malformed(IDV1, CodeAccessDenied, ECInvalidExpires, QueryExpires, p.ExpiresRaw, "looks like milliseconds; Expires is a Unix time in seconds")
	}
	p.Expires = time.Unix(n, 0).UTC()
	if p.Signature, err = get(QuerySignature); err != nil {
		return nil, err
	}
	if strings.Contains(p.Signature, " ") {
		return nil, malformed(IDV1, CodeSignatureDoesNotMatch, "", QuerySignature, p.Signature, "contains a space: a '+' in the signature was not URL-encoded as %2B")
	}
	if err := checkBase64SHA1(p.Signature, QuerySignature); err != nil {
		return nil, err
	}
	return &p, nil
}
