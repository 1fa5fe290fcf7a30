// Package sigparse parses what the SigV4 family's signatures have in common: the three parts of
// the Authorization header, the credential scope, the signed-header list and the X-Amz-*
// parameters of a presigned URL. SigV4 (package aws) and SigV4a (package aws/sigv4a) differ
// only in the algorithm name, whether the scope holds a region, and the form of the signature;
// a [Scheme] states those three things and the rest is written once here.
//
// Every error is a [*apisig.RequestError] wrapping [apisig.ErrMalformed]. Its text is part of
// what the scheme packages promise (their tests, package diagnose and the CLI's scripts match
// on it), so change none of it here without changing it there.
package sigparse

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Scheme is one member of the SigV4 family, as far as parsing goes. Use it through a pointer to
// a package-level value.
type Scheme struct {
	// ID is the registry id put in every error ("aws-sigv4", "aws-sigv4a").
	ID string
	// Algorithm is the first word of the Authorization header and the X-Amz-Algorithm value.
	Algorithm string
	// Regional is true when the credential scope names a region,
	// access-key-id/YYYYMMDD/region/service/aws4_request (SigV4), and false when it has none,
	// access-key-id/YYYYMMDD/service/aws4_request (SigV4a).
	Regional bool
	// CheckSignature returns an error when v is not a signature of this scheme's form; part and
	// code go into that error as they do into [Malformed].
	CheckSignature func(v, part, code string) error
}

// The error codes AWS gives a malformed Authorization header and a malformed presigned query.
const (
	CodeHeaderMalformed = "AuthorizationHeaderMalformed"
	CodeQueryMalformed  = "AuthorizationQueryParametersError"
)

// The query parameters of a presigned URL, the date layout and the longest expiry. Package aws
// exports the same values (QueryAlgorithm, ..., MaxPresignExpiry); it cannot be imported here,
// as it imports this package, so the tests check that the two agree.
const (
	queryAlgorithm     = "X-Amz-Algorithm"
	queryCredential    = "X-Amz-Credential"
	queryDate          = "X-Amz-Date"
	queryExpires       = "X-Amz-Expires"
	querySignedHeaders = "X-Amz-SignedHeaders"
	querySignature     = "X-Amz-Signature"

	amzDateLayout    = "20060102T150405Z"
	scopeTerminator  = "aws4_request"
	maxPresignExpiry = 7 * 24 * time.Hour
)

// Malformed returns the [*apisig.RequestError] of scheme that wraps [apisig.ErrMalformed]: code
// is AWS's name for the failure, part the header or parameter, value what was received and
// problem what is wrong with it.
func Malformed(scheme, code, part, value, problem string) error {
	return &apisig.RequestError{Scheme: scheme, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

func (s *Scheme) malformed(code, part, value, problem string) error {
	return Malformed(s.ID, code, part, value, problem)
}

// Fields are what a parsed Authorization header or presigned query holds. Date and Expires
// are those of a presigned URL; [Scheme.ParseAuthorization] leaves them zero, as the request's
// time comes from its X-Amz-Date header.
type Fields struct {
	Credential Credential
	// SignedHeaders are the lower-case header names, in the order given.
	SignedHeaders []string
	// Signature is as received, checked by [Scheme.CheckSignature].
	Signature string
	Date      time.Time
	Expires   time.Duration
}

// Credential is a parsed credential: the access key id and the scope. Region is empty when the
// scheme is not [Scheme.Regional].
type Credential struct {
	AccessKeyID string
	// Date is the scope date, YYYYMMDD.
	Date    string
	Region  string
	Service string
}

// ParseAuthorization parses an Authorization header value of the form
//
//	<Algorithm> Credential=<scope>, SignedHeaders=host;x-amz-date, Signature=<signature>
//
// accepting "," or ", " between the parts, in any order. The first problem met is the one
// returned.
func (s *Scheme) ParseAuthorization(v string) (Fields, error) {
	const code = CodeHeaderMalformed
	alg, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if alg != s.Algorithm {
		return Fields{}, s.malformed(code, "Authorization header algorithm", alg, "want "+s.Algorithm)
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return Fields{}, s.malformed(code, "Authorization header", "", "has no Credential, SignedHeaders and Signature after the algorithm")
	}
	var a Fields
	var seen [3]bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return Fields{}, s.malformed(code, "Authorization header part", part, "want key=value")
		}
		var i int
		var err error
		switch k {
		case "Credential":
			i = 0
			a.Credential, err = s.ParseCredential(val, "Authorization header Credential", code)
		case "SignedHeaders":
			i = 1
			a.SignedHeaders, err = s.ParseSignedHeaders(val, "Authorization header SignedHeaders", code)
		case "Signature":
			i = 2
			a.Signature = val
			err = s.CheckSignature(val, "Authorization header Signature", code)
		default:
			return Fields{}, s.malformed(code, "Authorization header part", k, "is not Credential, SignedHeaders or Signature")
		}
		if err != nil {
			return Fields{}, err
		}
		if seen[i] {
			return Fields{}, s.malformed(code, "Authorization header part", k, "appears twice")
		}
		seen[i] = true
	}
	for i, name := range [...]string{"Credential", "SignedHeaders", "Signature"} {
		if !seen[i] {
			return Fields{}, s.malformed(code, "Authorization header", "", "has no "+name)
		}
	}
	return a, nil
}

// ParseCredential parses access-key-id/YYYYMMDD/region/service/aws4_request, or the same
// without the region when s is not [Scheme.Regional]. On a problem it returns the fields read
// so far along with the error.
func (s *Scheme) ParseCredential(v, part, code string) (Credential, error) {
	f := strings.Split(v, "/")
	want, shape := 5, "want 5 parts, access-key-id/YYYYMMDD/region/service/aws4_request, got "
	if !s.Regional {
		want, shape = 4, "want 4 parts, access-key-id/YYYYMMDD/service/aws4_request (SigV4a scopes have no region), got "
	}
	if len(f) != want {
		return Credential{}, s.malformed(code, part, v, shape+strconv.Itoa(len(f)))
	}
	c := Credential{AccessKeyID: f[0], Date: f[1], Service: f[want-2]}
	if s.Regional {
		c.Region = f[2]
	}
	switch {
	case c.AccessKeyID == "":
		return c, s.malformed(code, part, v, "access key id is empty")
	case !isDate(c.Date):
		return c, s.malformed(code, part, v, "scope date "+strconv.Quote(c.Date)+" is not YYYYMMDD")
	case s.Regional && c.Region == "":
		return c, s.malformed(code, part, v, "region is empty")
	case c.Service == "":
		return c, s.malformed(code, part, v, "service is empty")
	case f[want-1] != scopeTerminator:
		return c, s.malformed(code, part, v, "scope must end in aws4_request, not "+strconv.Quote(f[want-1]))
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

// ParseSignedHeaders parses "host;x-amz-date": lower-case names, none empty and none with a
// space, ':' or ',', host among them.
func (s *Scheme) ParseSignedHeaders(v, part, code string) ([]string, error) {
	if v == "" {
		return nil, s.malformed(code, part, v, "is empty; it must list at least host")
	}
	names := strings.Split(v, ";")
	host := false
	for _, n := range names {
		switch {
		case n == "":
			return nil, s.malformed(code, part, v, "has an empty header name")
		case n != strings.ToLower(n):
			return nil, s.malformed(code, part, v, "header name "+strconv.Quote(n)+" is not lower-case")
		case strings.ContainsAny(n, " \t:,"):
			return nil, s.malformed(code, part, v, "header name "+strconv.Quote(n)+" has a space, ':' or ','")
		case n == "host":
			host = true
		}
	}
	if !host {
		return nil, s.malformed(code, part, v, "does not include host, which must be signed")
	}
	return names, nil
}

// ParseAmzDate parses an X-Amz-Date value, YYYYMMDD'T'HHMMSS'Z'.
func (s *Scheme) ParseAmzDate(v, part, code string) (time.Time, error) {
	t, err := time.Parse(amzDateLayout, v)
	if err != nil || len(v) != len(amzDateLayout) {
		return time.Time{}, s.malformed(code, part, v, "want YYYYMMDD'T'HHMMSS'Z', e.g. 20150830T123600Z")
	}
	return t, nil
}

// Query returns the one value of the query parameter name, or an error when it is missing or
// repeated.
func (s *Scheme) Query(q url.Values, name string) (string, error) {
	v, ok := q[name]
	switch {
	case !ok || len(v) == 0:
		return "", s.malformed(CodeQueryMalformed, name, "", "query parameter is missing")
	case len(v) > 1:
		return "", s.malformed(CodeQueryMalformed, name, "", "query parameter appears "+strconv.Itoa(len(v))+" times")
	}
	return v[0], nil
}

// ParsePresign parses the X-Amz-* parameters of a presigned URL's query, naming the parameter in
// every error. It reads them in a fixed order (algorithm, credential, date, expires, signed
// headers, signature) and returns the first problem met; extra, when not nil, reads the
// scheme's own parameters after the signed headers and before the signature (SigV4a's
// X-Amz-Region-Set). Last it checks that the scope date is the date of X-Amz-Date.
func (s *Scheme) ParsePresign(q url.Values, extra func() error) (Fields, error) {
	const code = CodeQueryMalformed
	var p Fields
	alg, err := s.Query(q, queryAlgorithm)
	if err != nil {
		return Fields{}, err
	}
	if alg != s.Algorithm {
		return Fields{}, s.malformed(code, queryAlgorithm, alg, "want "+s.Algorithm)
	}
	cred, err := s.Query(q, queryCredential)
	if err != nil {
		return Fields{}, err
	}
	if p.Credential, err = s.ParseCredential(cred, queryCredential, code); err != nil {
		return Fields{}, err
	}
	date, err := s.Query(q, queryDate)
	if err != nil {
		return Fields{}, err
	}
	if p.Date, err = s.ParseAmzDate(date, queryDate, code); err != nil {
		return Fields{}, err
	}
	exp, err := s.Query(q, queryExpires)
	if err != nil {
		return Fields{}, err
	}
	n, perr := strconv.ParseInt(exp, 10, 64)
	switch {
	case perr != nil || exp == "" || exp[0] == '+' || exp[0] == '-':
		return Fields{}, s.malformed(code, queryExpires, exp, "want a whole number of seconds")
	case n < 1:
		return Fields{}, s.malformed(code, queryExpires, exp, "must be at least 1 second")
	case n > int64(maxPresignExpiry/time.Second):
		return Fields{}, s.malformed(code, queryExpires, exp, "must be less than a week (604800 seconds)")
	}
	p.Expires = time.Duration(n) * time.Second
	sh, err := s.Query(q, querySignedHeaders)
	if err != nil {
		return Fields{}, err
	}
	if p.SignedHeaders, err = s.ParseSignedHeaders(sh, querySignedHeaders, code); err != nil {
		return Fields{}, err
	}
	if extra != nil {
		if err := extra(); err != nil {
			return Fields{}, err
		}
	}
	if p.Signature, err = s.Query(q, querySignature); err != nil {
		return Fields{}, err
	}
	if err := s.CheckSignature(p.Signature, querySignature, code); err != nil {
		return Fields{}, err
	}
	if p.Credential.Date != date[:8] {
		return Fields{}, s.malformed(code, queryCredential, cred, "scope date "+p.Credential.Date+" is not the date of X-Amz-Date "+date)
	}
	return p, nil
}
