package sigv4a

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

const (
	codeHeaderMalformed = aws.CodeAuthorizationHeaderMalformed
	codeQueryMalformed  = aws.CodeAuthorizationQueryError
)

func malformed(code, part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// Credential is the parsed Credential of a SigV4a signature: access key id and a scope
// without region.
type Credential struct {
	AccessKeyID string
	// Date is the scope date, YYYYMMDD.
	Date    string
	Service string
}

// Authorization is a parsed SigV4a Authorization header.
type Authorization struct {
	Credential Credential
	// SignedHeaders are the lower-case header names, in the order given.
	SignedHeaders []string
	// Signature is the lower-case hex of the DER-encoded ECDSA signature.
	Signature string
}

// ParseAuthorization parses an Authorization header value of the form
//
//	AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045...
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
		var err error
		switch k {
		case "Credential":
			i = 0
			a.Credential, err = parseCredential(val, "Authorization header Credential", codeHeaderMalformed)
		case "SignedHeaders":
			i = 1
			a.SignedHeaders, err = parseSignedHeaders(val, "Authorization header SignedHeaders", codeHeaderMalformed)
		case "Signature":
			i = 2
			a.Signature = val
			err = checkSignature(val, "Authorization header Signature", codeHeaderMalformed)
		default:
			return nil, malformed(codeHeaderMalformed, "Authorization header part", k, "is not Credential, SignedHeaders or Signature")
		}
		if err != nil {
			return nil, err
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

// parseCredential parses AKID/YYYYMMDD/service/aws4_request (no region: SigV4a's scope).
func parseCredential(v, part, code string) (Credential, error) {
	f := strings.Split(v, "/")
	if len(f) != 4 {
		return Credential{}, malformed(code, part, v, "want 4 parts, access-key-id/YYYYMMDD/service/aws4_request (SigV4a scopes have no region), got "+strconv.Itoa(len(f)))
	}
	c := Credential{AccessKeyID: f[0], Date: f[1], Service: f[2]}
	switch {
	case c.AccessKeyID == "":
		return c, malformed(code, part, v, "access key id is empty")
	case !isDate(c.Date):
		return c, malformed(code, part, v, "scope date "+strconv.Quote(c.Date)+" is not YYYYMMDD")
	case c.Service == "":
		return c, malformed(code, part, v, "service is empty")
	case f[3] != "aws4_request":
		return c, malformed(code, part, v, "scope must end in aws4_request, not "+strconv.Quote(f[3]))
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

// parseSignedHeaders parses "host;x-amz-date;x-amz-region-set": lower-case names, host and
// x-amz-region-set included when in is a header signature.
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

// checkSignature accepts the lower-case hex of a DER ECDSA P-256 signature: 8 to 72 bytes.
func checkSignature(v, part, code string) error {
	if len(v) < 16 || len(v) > 144 || len(v)%2 != 0 {
		return malformed(code, part, v, "want the lower-case hex of a DER ECDSA signature (16 to 144 hex digits), got "+strconv.Itoa(len(v))+" characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed(code, part, v, strconv.QuoteRune(rune(c))+" is not a lower-case hex digit")
		}
	}
	return nil
}

// ParseRegionSet parses an X-Amz-Region-Set value: comma-separated regions or patterns ("*",
// "us-*"), none empty.
func ParseRegionSet(v, part, code string) ([]string, error) {
	if v == "" {
		return nil, malformed(code, part, v, "is empty; want regions such as us-east-1,us-west-2 or *")
	}
	rs := strings.Split(v, ",")
	for _, r := range rs {
		if r == "" || strings.ContainsAny(r, " \t") {
			return nil, malformed(code, part, v, "has an empty region or a space")
		}
	}
	return rs, nil
}

// Presign is the parsed set of SigV4a query parameters of a presigned URL.
type Presign struct {
	Credential    Credential
	Date          time.Time
	Expires       time.Duration
	SignedHeaders []string
	RegionSet     []string
	Signature     string
}

// ParsePresign parses the X-Amz-* parameters of a SigV4a presigned URL's query. Every problem is
// a [*apisig.RequestError] wrapping [apisig.ErrMalformed] that names the parameter.
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
	alg, err := get(aws.QueryAlgorithm)
	if err != nil {
		return nil, err
	}
	if alg != Algorithm {
		return nil, malformed(codeQueryMalformed, aws.QueryAlgorithm, alg, "want "+Algorithm)
	}
	cred, err := get(aws.QueryCredential)
	if err != nil {
		return nil, err
	}
	if p.Credential, err = parseCredential(cred, aws.QueryCredential, codeQueryMalformed); err != nil {
		return nil, err
	}
	date, err := get(aws.QueryDate)
	if err != nil {
		return nil, err
	}
	if p.Date, err = time.Parse(amzDateLayout, date); err != nil || len(date) != len(amzDateLayout) {
		return nil, malformed(codeQueryMalformed, aws.QueryDate, date, "want YYYYMMDD'T'HHMMSS'Z', e.g. 20150830T123600Z")
	}
	exp, err := get(aws.QueryExpires)
	if err != nil {
		return nil, err
	}
	n, perr := strconv.ParseInt(exp, 10, 64)
	switch {
	case perr != nil || exp == "" || exp[0] == '+' || exp[0] == '-':
		return nil, malformed(codeQueryMalformed, aws.QueryExpires, exp, "want a whole number of seconds")
	case n < 1:
		return nil, malformed(codeQueryMalformed, aws.QueryExpires, exp, "must be at least 1 second")
	case n > int64(aws.MaxPresignExpiry/time.Second):
		return nil, malformed(codeQueryMalformed, aws.QueryExpires, exp, "must be less than a week (604800 seconds)")
	}
	p.Expires = time.Duration(n) * time.Second
	sh, err := get(aws.QuerySignedHeaders)
	if err != nil {
		return nil, err
	}
	if p.SignedHeaders, err = parseSignedHeaders(sh, aws.QuerySignedHeaders, codeQueryMalformed); err != nil {
		return nil, err
	}
	rs, err := get(QueryRegionSet)
	if err != nil {
		return nil, err
	}
	if p.RegionSet, err = ParseRegionSet(rs, QueryRegionSet, codeQueryMalformed); err != nil {
		return nil, err
	}
	if p.Signature, err = get(aws.QuerySignature); err != nil {
		return nil, err
	}
	if err := checkSignature(p.Signature, aws.QuerySignature, codeQueryMalformed); err != nil {
		return nil, err
	}
	if p.Credential.Date != date[:8] {
		return nil, malformed(codeQueryMalformed, aws.QueryCredential, cred, "scope date "+p.Credential.Date+" is not the date of X-Amz-Date "+date)
	}
	return &p, nil
}
