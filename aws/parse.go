package aws

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Credential is the parsed Credential of a SigV4 signature: access key id and scope.
type Credential struct {
	AccessKeyID string
	// Date is the scope date, YYYYMMDD.
	Date    string
	Region  string
	Service string
}

// Authorization is a parsed SigV4 Authorization header.
type Authorization struct {
	Credential Credential
	// SignedHeaders are the lower-case header names, in the order given.
	SignedHeaders []string
	// Signature is the lower-case hex signature.
	Signature string
}

func malformed(code, part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

const codeHeaderMalformed = "AuthorizationHeaderMalformed"
const codeQueryMalformed = "AuthorizationQueryParametersError"

// ParseAuthorization parses an Authorization header value of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=<64 hex>
//
// accepting "," or ", " between the parts. Every problem is a [*apisig.RequestError] wrapping
// [apisig.ErrMalformed] that names the part and what was expected.
func ParseAuthorization(v string) (*Authorization, error) {
	alg, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if alg != Algorithm {
		return nil, malformed(codeHeaderMalformed, "Authorization header algorithm", alg, "want "+Algorithm)
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return nil, malformed(codeHeaderMalformed, "Authorization header", "", "has no Credential, SignedHeaders and Signature after the algorithm")
	}
	var a Authorization
	var seen [3]bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, malformed(codeHeaderMalformed, "Authorization header part", part, "want key=value")
		}
		var i int
		switch k {
		case "Credential":
			i = 0
			c, err := parseCredential(val, "Authorization header Credential", codeHeaderMalformed)
			if err != nil {
				return nil, err
			}
			a.Credential = c
		case "SignedHeaders":
			i = 1
			sh, err := parseSignedHeaders(val, "Authorization header SignedHeaders", codeHeaderMalformed)
			if err != nil {
				return nil, err
			}
			a.SignedHeaders = sh
		case "Signature":
			i = 2
			if err := checkSignature(val, "Authorization header Signature", codeHeaderMalformed); err != nil {
				return nil, err
			}
			a.Signature = val
		default:
			return nil, malformed(codeHeaderMalformed, "Authorization header part", k, "is not Credential, SignedHeaders or Signature")
		}
		if seen[i] {
			return nil, malformed(codeHeaderMalformed, "Authorization header part", k, "appears twice")
		}
		seen[i] = true
	}
	for i, name := range [...]string{"Credential", "SignedHeaders", "Signature"} {
		if !seen[i] {
			return nil, malformed(codeHeaderMalformed, "Authorization header", "", "has no "+name)
		}
	}
	return &a, nil
}

// parseCredential parses AKID/YYYYMMDD/region/service/aws4_request.
func parseCredential(v, part, code string) (Credential, error) {
	f := strings.Split(v, "/")
	if len(f) != 5 {
		return Credential{}, malformed(code, part, v, "want 5 parts, access-key-id/YYYYMMDD/region/service/aws4_request, got "+strconv.Itoa(len(f)))
	}
	c := Credential{AccessKeyID: f[0], Date: f[1], Region: f[2], Service: f[3]}
	switch {
	case c.AccessKeyID == "":
		return c, malformed(code, part, v, "access key id is empty")
	case !isDate(c.Date):
		return c, malformed(code, part, v, "scope date "+strconv.Quote(c.Date)+" is not YYYYMMDD")
	case c.Region == "":
		return c, malformed(code, part, v, "region is empty")
	case c.Service == "":
		return c, malformed(code, part, v, "service is empty")
	case f[4] != scopeTerminator:
		return c, malformed(code, part, v, "scope must end in aws4_request, not "+strconv.Quote(f[4]))
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

// parseSignedHeaders parses "host;x-amz-date": lower-case names, no empty ones, host included.
func parseSignedHeaders(v, part, code string) ([]string, error) {
	if v == "" {
		return nil, malformed(code, part, v, "is empty; it must list at least host")
	}
	names := strings.Split(v, ";")
	host := false
	for _, n := range names {
		switch {
		case n == "":
			return nil, malformed(code, part, v, "has an empty header name")
		case n != strings.ToLower(n):
			return nil, malformed(code, part, v, "header name "+strconv.Quote(n)+" is not lower-case")
		case strings.ContainsAny(n, " \t:,"):
			return nil, malformed(code, part, v, "header name "+strconv.Quote(n)+" has a space, ':' or ','")
		case n == "host":
			host = true
		}
	}
	if !host {
		return nil, malformed(code, part, v, "does not include host, which must be signed")
	}
	return names, nil
}

func checkSignature(v, part, code string) error {
	if len(v) != 64 {
		return malformed(code, part, v, "want 64 lower-case hex digits, got "+strconv.Itoa(len(v))+" characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed(code, part, v, "want 64 lower-case hex digits; "+strconv.QuoteRune(rune(c))+" is not one")
		}
	}
	return nil
}

// Presign is the parsed set of SigV4 query parameters of a presigned URL.
type Presign struct {
	Credential    Credential
	Date          time.Time
	Expires       time.Duration
	SignedHeaders []string
	Signature     string
}

// ParsePresign parses the X-Amz-* parameters of a presigned URL's query. Every problem is a
// [*apisig.RequestError] wrapping [apisig.ErrMalformed] that names the parameter.
func ParsePresign(q url.Values) (*Presign, error) {
	get := func(name string) (string, error) {
		v, ok := q[name]
		switch {
		case !ok || len(v) == 0:
			return "", malformed(codeQueryMalformed, name, "", "query parameter is missing")
		case len(v) > 1:
			return "", malformed(codeQueryMalformed, name, "", "query parameter appears "+strconv.Itoa(len(v))+" times")
		}
		return v[0], nil
	}
	var p Presign
	alg, err := get(QueryAlgorithm)
	if err != nil {
		return nil, err
	}
	if alg != Algorithm {
		return nil, malformed(codeQueryMalformed, QueryAlgorithm, alg, "want "+Algorithm)
	}
	cred, err := get(QueryCredential)
	if err != nil {
		return nil, err
	}
	if p.Credential, err = parseCredential(cred, QueryCredential, codeQueryMalformed); err != nil {
		return nil, err
	}
	date, err := get(QueryDate)
	if err != nil {
		return nil, err
	}
	if p.Date, err = parseAmzDate(date, QueryDate, codeQueryMalformed); err != nil {
		return nil, err
	}
	exp, err := get(QueryExpires)
	if err != nil {
		return nil, err
	}
	n, perr := strconv.ParseInt(exp, 10, 64)
	switch {
	case perr != nil || exp == "" || exp[0] == '+' || exp[0] == '-':
		return nil, malformed(codeQueryMalformed, QueryExpires, exp, "want a whole number of seconds")
	case n < 1:
		return nil, malformed(codeQueryMalformed, QueryExpires, exp, "must be at least 1 second")
	case n > int64(MaxPresignExpiry/time.Second):
		return nil, malformed(codeQueryMalformed, QueryExpires, exp, "must be less than a week (604800 seconds)")
	}
	p.Expires = time.Duration(n) * time.Second
	sh, err := get(QuerySignedHeaders)
	if err != nil {
		return nil, err
	}
	if p.SignedHeaders, err = parseSignedHeaders(sh, QuerySignedHeaders, codeQueryMalformed); err != nil {
		return nil, err
	}
	if p.Signature, err = get(QuerySignature); err != nil {
		return nil, err
	}
	if err := checkSignature(p.Signature, QuerySignature, codeQueryMalformed); err != nil {
		return nil, err
	}
	if p.Credential.Date != date[:8] {
		return nil, malformed(codeQueryMalformed, QueryCredential, cred, "scope date "+p.Credential.Date+" is not the date of X-Amz-Date "+date)
	}
	return &p, nil
}

func parseAmzDate(v, part, code string) (time.Time, error) {
	t, err := time.Parse(amzDateLayout, v)
	if err != nil || len(v) != len(amzDateLayout) {
		return time.Time{}, malformed(code, part, v, "want YYYYMMDD'T'HHMMSS'Z', e.g. 20150830T123600Z")
	}
	return t, nil
}
