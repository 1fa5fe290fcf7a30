package alibaba

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// ACS3Authorization is a parsed V3 Authorization header.
type ACS3Authorization struct {
	// AccessKeyID is the Credential.
	AccessKeyID string
	// SignedHeaders are the lower-case header names, in the order given.
	SignedHeaders []string
	// Signature is the lower-case hex signature.
	Signature string
}

func acs3Malformed(part, value, problem string) *Error {
	return badRequest(ACS3SchemeID, CodeIncompleteSignature, "The request signature does not conform to Aliyun standards.", part, value, problem, apisig.ErrMalformed)
}

// ParseACS3Authorization parses an Authorization header value of the form
//
//	ACS3-HMAC-SHA256 Credential=AccessKeyId,SignedHeaders=host;x-acs-date,Signature=<64 hex>
//
// accepting "," or ", " between the parts. Every problem is an [*Error] (IncompleteSignature)
// wrapping a [*apisig.RequestError] and [apisig.ErrMalformed] that names the part and what
// was expected.
func ParseACS3Authorization(v string) (*ACS3Authorization, error) {
	alg, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if alg != ACS3Algorithm {
		return nil, acs3Malformed("Authorization header algorithm", alg, "want "+ACS3Algorithm)
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return nil, acs3Malformed("Authorization header", "", "has no Credential, SignedHeaders and Signature after the algorithm")
	}
	var a ACS3Authorization
	var seen [3]bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return nil, acs3Malformed("Authorization header part", part, "want key=value")
		}
		var i int
		switch k {
		case "Credential":
			i = 0
			if val == "" || strings.ContainsAny(val, " \t") {
				return nil, acs3Malformed("Authorization header Credential", val, "want the AccessKeyId, non-empty and without spaces")
			}
			a.AccessKeyID = val
		case "SignedHeaders":
			i = 1
			sh, err := parseACS3SignedHeaders(val)
			if err != nil {
				return nil, err
			}
			a.SignedHeaders = sh
		case "Signature":
			i = 2
			if len(val) != 64 || !isLowerHex(val) {
				return nil, acs3Malformed("Authorization header Signature", val, "want 64 lower-case hex digits, got "+strconv.Itoa(len(val))+" characters")
			}
			a.Signature = val
		default:
			return nil, acs3Malformed("Authorization header part", k, "is not Credential, SignedHeaders or Signature")
		}
		if seen[i] {
			return nil, acs3Malformed("Authorization header part", k, "appears twice")
		}
		seen[i] = true
	}
	for i, name := range [...]string{"Credential", "SignedHeaders", "Signature"} {
		if !seen[i] {
			return nil, acs3Malformed("Authorization header", "", "has no "+name)
		}
	}
	return &a, nil
}

// parseACS3SignedHeaders parses "host;x-acs-date": lower-case token names, no empty ones and
// no repeats, host and x-acs-date among them.
func parseACS3SignedHeaders(v string) ([]string, error) {
	const part = "Authorization header SignedHeaders"
	if v == "" {
		return nil, acs3Malformed(part, v, "is empty; it must list at least host and x-acs-date")
	}
	names := strings.Split(v, ";")
	if len(names) > maxACS3SignedHeaderSize {
		return nil, acs3Malformed(part, v, "lists more than "+strconv.Itoa(maxACS3SignedHeaderSize)+" headers")
	}
	var host, date bool
	for i, n := range names {
		switch {
		case n == "":
			return nil, acs3Malformed(part, v, "has an empty header name")
		case !isToken(n) || n != strings.ToLower(n):
			return nil, acs3Malformed(part, v, "header name "+strconv.Quote(n)+" is not a lower-case header name")
		}
		for _, m := range names[:i] {
			if m == n {
				return nil, acs3Malformed(part, v, "header "+strconv.Quote(n)+" is listed twice")
			}
		}
		host = host || n == headerHostLower
		date = date || n == HeaderACSDate
	}
	if !host || !date {
		return nil, acs3Malformed(part, v, "must include host and x-acs-date")
	}
	return names, nil
}

// isToken reports whether s is an RFC 9110 token (a valid header name).
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// headerValues returns the values of a lower-case header name in h, whatever its spelling.
func headerValues(h http.Header, name string) []string {
	if v, ok := h[http.CanonicalHeaderKey(name)]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}
