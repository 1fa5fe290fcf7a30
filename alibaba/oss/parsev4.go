package oss

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// CredentialV4 is the parsed credential of a V4 signature: access key id and scope.
type CredentialV4 struct {
	AccessKeyID string
	// Date is the scope date, YYYYMMDD.
	Date    string
	Region  string
	Product string
}

// AuthorizationV4 is a parsed OSS4-HMAC-SHA256 Authorization header.
type AuthorizationV4 struct {
	Credential CredentialV4
	// AdditionalHeaders are the lower-case additional header names, in the order sent.
	AdditionalHeaders []string
	// Signature is the lower-case hex signature.
	Signature string
}

// ParseAuthorizationV4 parses an Authorization header of the form
//
//	OSS4-HMAC-SHA256 Credential=AKID/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=<64 hex>
//
// accepting ',' or ", " between the parts; AdditionalHeaders is optional. Every problem is an
// [*Error] wrapping [apisig.ErrMalformed] that names the part and what was expected.
func ParseAuthorizationV4(v string) (*AuthorizationV4, error) {
	alg, rest, ok := strings.Cut(v, " ")
	if alg != AlgorithmV4 {
		return nil, requestError(IDV4, 403, CodeAccessDenied, "", "Authorization header", prefix(v), "is not an OSS V4 signature; want "+AlgorithmV4+" Credential=...,Signature=...", apisig.ErrNotSigned)
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header", "", "has no Credential and Signature after the algorithm")
	}
	var a AuthorizationV4
	var seen [3]bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header part", part, "want key=value")
		}
		var i int
		switch k {
		case "Credential":
			c, err := parseCredentialV4(val, "Authorization header Credential")
			if err != nil {
				return nil, err
			}
			a.Credential = c
		case "AdditionalHeaders":
			i = 1
			hs, err := parseAdditional(val, "Authorization header AdditionalHeaders")
			if err != nil {
				return nil, err
			}
			a.AdditionalHeaders = hs
		case "Signature":
			i = 2
			if err := checkHexSignature(val, "Authorization header Signature"); err != nil {
				return nil, err
			}
			a.Signature = val
		default:
			return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header part", k, "is not Credential, AdditionalHeaders or Signature")
		}
		if seen[i] {
			return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header part", k, "appears twice")
		}
		seen[i] = true
	}
	if !seen[0] {
		return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header", "", "has no Credential")
	}
	if !seen[2] {
		return nil, malformed(IDV4, CodeInvalidArgument, "", "Authorization header", "", "has no Signature")
	}
	return &a, nil
}

// parseCredentialV4 parses AKID/YYYYMMDD/region/product/aliyun_v4_request.
func parseCredentialV4(v, part string) (CredentialV4, error) {
	f := strings.Split(v, "/")
	if len(f) != 5 {
		return CredentialV4{}, malformed(IDV4, CodeInvalidArgument, "", part, v, "want 5 parts, AccessKeyId/YYYYMMDD/region/product/aliyun_v4_request, got "+strconv.Itoa(len(f)))
	}
	c := CredentialV4{AccessKeyID: f[0], Date: f[1], Region: f[2], Product: f[3]}
	switch {
	case c.AccessKeyID == "":
		return c, malformed(IDV4, CodeInvalidArgument, "", part, v, "access key id is empty")
	case !isDate(c.Date):
		return c, malformed(IDV4, CodeInvalidArgument, "", part, v, "scope date "+strconv.Quote(c.Date)+" is not YYYYMMDD")
	case c.Region == "":
		return c, malformed(IDV4, CodeInvalidArgument, "", part, v, "region is empty")
	case c.Product == "":
		return c, malformed(IDV4, CodeInvalidArgument, "", part, v, "product is empty")
	case f[4] != scopeTerminator:
		return c, malformed(IDV4, CodeInvalidArgument, "", part, v, "scope must end in aliyun_v4_request, not "+strconv.Quote(f[4]))
	}
	return c, nil
}

func isDate(s string) bool {
	if len(s) != 8 {
		return false
	}
	_, err := time.Parse("20060102", s)
	return err == nil
}

// parseAdditional parses "abc;zabc": lower-case names, no empty ones, no '_' (OSS rejects it).
func parseAdditional(v, part string) ([]string, error) {
	if v == "" {
		return nil, malformed(IDV4, CodeInvalidArgument, "", part, v, "is empty; leave it out when there are no additional headers")
	}
	names := strings.Split(v, ";")
	for _, n := range names {
		switch {
		case n == "":
			return nil, malformed(IDV4, CodeInvalidArgument, "", part, v, "has an empty header name")
		case n != strings.ToLower(n):
			return nil, malformed(IDV4, CodeInvalidArgument, "", part, v, "header name "+strconv.Quote(n)+" is not lower-case")
		case strings.ContainsAny(n, " \t:,_"):
			return nil, malformed(IDV4, CodeInvalidArgument, "", part, v, "header name "+strconv.Quote(n)+" has a space, ':', ',' or '_'")
		}
	}
	return names, nil
}

func checkHexSignature(v, part string) error {
	if len(v) != 64 {
		return malformed(IDV4, CodeSignatureDoesNotMatch, "", part, v, "want 64 lower-case hex digits, got "+strconv.Itoa(len(v))+" characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed(IDV4, CodeSignatureDoesNotMatch, "", part, v, "want 64 lower-case hex digits; "+strconv.Quote(v[i:i+1])+" is not one")
		}
	}
	return nil
}

// PresignV4 is the parsed set of V4 URL-signature parameters.
type PresignV4 struct {
	Credential        CredentialV4
	Date              time.Time
	Expires           time.Duration
	AdditionalHeaders []string
	Signature         string
}

// ParsePresignV4 parses the x-oss-signature-version, x-oss-credential, x-oss-date,
// x-oss-expires, x-oss-signature and optional x-oss-additional-headers parameters of a
// presigned URL's query. Every problem is an [*Error] wrapping [apisig.ErrMalformed].
func ParsePresignV4(q url.Values) (*PresignV4, error) {
	get := func(name string, optional bool) (string, error) {
		v := q[name]
		switch {
		case len(v) == 0 && optional:
			return "", nil
		case len(v) == 0:
			return "", malformed(IDV4, CodeAccessDenied, "", name, "", "query parameter is missing")
		case len(v) > 1:
			return "", malformed(IDV4, CodeInvalidArgument, "", name, "", "query parameter appears "+strconv.Itoa(len(v))+" times")
		}
		return v[0], nil
	}
	var p PresignV4
	alg, err := get(QuerySignatureVersion, false)
	if err != nil {
		return nil, err
	}
	if alg != AlgorithmV4 {
		return nil, malformed(IDV4, CodeInvalidArgument, "", QuerySignatureVersion, alg, "want "+AlgorithmV4)
	}
	cred, err := get(QueryCredential, false)
	if err != nil {
		return nil, err
	}
	if p.Credential, err = parseCredentialV4(cred, QueryCredential); err != nil {
		return nil, err
	}
	date, err := get(QueryDate, false)
	if err != nil {
		return nil, err
	}
	if p.Date, err = parseISODate(date, QueryDate); err != nil {
		return nil, err
	}
	if p.Credential.Date != date[:8] {
		return nil, malformed(IDV4, CodeInvalidArgument, "", QueryCredential, cred, "scope date "+p.Credential.Date+" is not the date of x-oss-date "+date)
	}
	exp, err := get(QueryExpiresV4, false)
	if err != nil {
		return nil, err
	}
	n, perr := strconv.ParseInt(exp, 10, 64)
	switch {
	case perr != nil || exp == "" || exp[0] == '+' || exp[0] == '-':
		return nil, malformed(IDV4, CodeAccessDenied, ECInvalidExpires, QueryExpiresV4, exp, "want a whole number of seconds")
	case n < 1 || n > int64(MaxPresignExpiryV4/time.Second):
		return nil, malformed(IDV4, CodeAccessDenied, ECInvalidExpires, QueryExpiresV4, exp, "must be from 1 to 604800 seconds (7 days)")
	}
	p.Expires = time.Duration(n) * time.Second
	add, err := get(QueryAdditional, true)
	if err != nil {
		return nil, err
	}
	if _, ok := q[QueryAdditional]; ok {
		if p.AdditionalHeaders, err = parseAdditional(add, QueryAdditional); err != nil {
			return nil, err
		}
	}
	if p.Signature, err = get(QuerySignatureV4, false); err != nil {
		return nil, err
	}
	if err := checkHexSignature(p.Signature, QuerySignatureV4); err != nil {
		return nil, err
	}
	return &p, nil
}

func parseISODate(v, part string) (time.Time, error) {
	t, err := time.Parse(v4DateLayout, v)
	if err != nil || len(v) != len(v4DateLayout) {
		return time.Time{}, malformed(IDV4, CodeAccessDenied, "", part, v, "want YYYYMMDD'T'HHMMSS'Z', e.g. 20231216T172512Z")
	}
	return t, nil
}
