package tencent

import (
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// TC3Credential is the parsed Credential of a TC3 Authorization header.
type TC3Credential struct {
	SecretID string
	// Date is the scope date, YYYY-MM-DD.
	Date    string
	Service string
}

// TC3Authorization is a parsed TC3-HMAC-SHA256 Authorization header.
type TC3Authorization struct {
	Credential TC3Credential
	// SignedHeaders are the lower-case header names, in the order given.
	SignedHeaders []string
	// Signature is the lower-case hex signature.
	Signature string
}

func tc3Malformed(part, value, problem string) error {
	return &apisig.RequestError{Scheme: TC3SchemeID, Code: CodeInvalidAuthorization, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// ParseTC3Authorization parses an Authorization header value of the form
//
//	TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=<64 hex>
//
// accepting "," or ", " between the parts. Every problem is a [*apisig.RequestError] wrapping
// [apisig.ErrMalformed], with code AuthFailure.InvalidAuthorization, that names the part.
func ParseTC3Authorization(v string) (*TC3Authorization, error) {
	alg, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if alg != TC3Algorithm {
		return nil, tc3Malformed("Authorization header algorithm", alg, "want "+TC3Algorithm)
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return nil, tc3Malformed("Authorization header", "", "has no Credential, SignedHeaders and Signature after the algorithm")
	}
	var a TC3Authorization
	var seen [3]bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, tc3Malformed("Authorization header part", part, "want key=value")
		}
		var i int
		switch k {
		case "Credential":
			i = 0
			c, err := parseTC3Credential(val)
			if err != nil {
				return nil, err
			}
			a.Credential = c
		case "SignedHeaders":
			i = 1
			sh, err := parseTC3SignedHeaders(val)
			if err != nil {
				return nil, err
			}
			a.SignedHeaders = sh
		case "Signature":
			i = 2
			if !isLowerHex(val, 64) {
				return nil, tc3Malformed("Authorization header Signature", val, "want 64 lower-case hex digits")
			}
			a.Signature = val
		default:
			return nil, tc3Malformed("Authorization header part", k, "is not Credential, SignedHeaders or Signature")
		}
		if seen[i] {
			return nil, tc3Malformed("Authorization header part", k, "appears twice")
		}
		seen[i] = true
	}
	for i, name := range [...]string{"Credential", "SignedHeaders", "Signature"} {
		if !seen[i] {
			return nil, tc3Malformed("Authorization header", "", "has no "+name)
		}
	}
	return &a, nil
}

// parseTC3Credential parses SecretId/YYYY-MM-DD/service/tc3_request.
func parseTC3Credential(v string) (TC3Credential, error) {
	const part = "Authorization header Credential"
	f := strings.Split(v, "/")
	if len(f) != 4 {
		return TC3Credential{}, tc3Malformed(part, v, "want 4 parts, SecretId/YYYY-MM-DD/service/tc3_request, got "+strconv.Itoa(len(f)))
	}
	c := TC3Credential{SecretID: f[0], Date: f[1], Service: f[2]}
	switch {
	case c.SecretID == "":
		return c, tc3Malformed(part, v, "SecretId is empty")
	case !isDate(c.Date):
		return c, tc3Malformed(part, v, "scope date "+strconv.Quote(c.Date)+" is not YYYY-MM-DD")
	case c.Service == "":
		return c, tc3Malformed(part, v, "service is empty")
	case f[3] != tc3Terminator:
		return c, tc3Malformed(part, v, "scope must end in tc3_request, not "+strconv.Quote(f[3]))
	}
	return c, nil
}

func isDate(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// parseTC3SignedHeaders parses "content-type;host;...": lower-case names, no empty ones, no
// repeats, content-type and host included (Tencent requires both).
func parseTC3SignedHeaders(v string) ([]string, error) {
	const part = "Authorization header SignedHeaders"
	names := strings.Split(v, ";")
	var ct, host bool
	for i, n := range names {
		switch {
		case n == "":
			return nil, tc3Malformed(part, v, "has an empty header name")
		case strings.ContainsAny(n, " \t:,") || !isToken(n):
			return nil, tc3Malformed(part, v, "header name "+strconv.Quote(n)+" is not a lower-case header name")
		case n == "content-type":
			ct = true
		case n == "host":
			host = true
		}
		for _, m := range names[:i] {
			if m == n {
				return nil, tc3Malformed(part, v, "header name "+strconv.Quote(n)+" appears twice")
			}
		}
	}
	if !ct || !host {
		return nil, tc3Malformed(part, v, "must include content-type and host")
	}
	return names, nil
}

// isToken reports whether s is a lower-case HTTP header name.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
