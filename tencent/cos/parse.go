package cos

import (
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
)

// TimeRange is a q-sign-time or q-key-time value: a start and an end, Unix seconds.
type TimeRange struct {
	Start, End int64
}

// String formats the range as COS writes it: "start;end".
func (r TimeRange) String() string {
	return strconv.FormatInt(r.Start, 10) + ";" + strconv.FormatInt(r.End, 10)
}

func (r TimeRange) keyTime() keyTime { return keyTime{start: r.Start, end: r.End} }

// Authorization is a parsed COS signature: the q-* parameters of an Authorization header or a
// presigned URL.
type Authorization struct {
	// AccessKeyID is q-ak, the SecretId.
	AccessKeyID string
	// SignTime is q-sign-time: when the signature is valid. The string to sign carries it.
	SignTime TimeRange
	// KeyTime is q-key-time: the range SignKey was derived from.
	KeyTime TimeRange
	// HeaderList is q-header-list split at ';': encoded header names, lower-case when right.
	HeaderList []string
	// ParamList is q-url-param-list split at ';': encoded query keys, lower-case when right.
	ParamList []string
	// Signature is q-signature: 40 lower-case hex digits.
	Signature string
}

// Error codes COS answers with, as its documentation and error bodies name them.
const (
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	CodeAccessDenied          = "AccessDenied"
	CodeInvalidAccessKeyID    = "InvalidAccessKeyId"
	CodeRequestTimeTooSkewed  = "RequestTimeTooSkewed"
)

func malformed(part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: CodeAccessDenied, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

var authParams = [...]string{ParamAlgorithm, ParamAK, ParamSignTime, ParamKeyTime, ParamHeaderList, ParamParamList, ParamSignature}

// ParseAuthorization parses the value of a COS Authorization header:
//
//	q-sign-algorithm=sha1&q-ak=AKID...&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953&q-header-list=date;host&q-url-param-list=&q-signature=<40 hex>
//
// Values are taken as they are (the lists hold encoded names such as %e8%85%be). Each of the seven parameters must
// appear exactly once; the algorithm must be sha1 (an unknown one is an error, never a
// fallback); time ranges must be "start;end" with start <= end. Every problem is a
// [*apisig.RequestError] wrapping [apisig.ErrMalformed] that names the parameter.
func ParseAuthorization(v string) (*Authorization, error) {
	var vals [len(authParams)]string
	var seen [len(authParams)]bool
	for seg := range strings.SplitSeq(v, "&") {
		k, val, ok := strings.Cut(seg, "=")
		if !ok {
			return nil, malformed("Authorization", seg, "want key=value parameters joined by '&'")
		}
		i := indexOf(k)
		if i < 0 {
			return nil, malformed("Authorization parameter", k, "is not one of "+strings.Join(authParams[:], ", "))
		}
		if seen[i] {
			return nil, malformed("Authorization parameter", k, "appears twice")
		}
		seen[i] = true
		vals[i] = val
	}
	return fromValues(vals, seen, "Authorization")
}

// ParsePresigned parses the q-* parameters of a presigned URL's query. Every problem is a
// [*apisig.RequestError] wrapping [apisig.ErrMalformed] that names the parameter.
func ParsePresigned(pairs []canon.Pair) (*Authorization, error) {
	var vals [len(authParams)]string
	var seen [len(authParams)]bool
	for _, p := range pairs {
		i := indexOf(p.Key)
		if i < 0 {
			continue
		}
		if seen[i] {
			return nil, malformed("query parameter "+p.Key, "", "appears twice")
		}
		seen[i] = true
		vals[i] = p.Value
	}
	return fromValues(vals, seen, "query")
}

func indexOf(k string) int {
	for i, name := range authParams {
		if k == name {
			return i
		}
	}
	return -1
}

func fromValues(vals [len(authParams)]string, seen [len(authParams)]bool, where string) (*Authorization, error) {
	for i, ok := range seen {
		if !ok {
			return nil, malformed(where, "", "has no "+authParams[i])
		}
	}
	if vals[0] != Algorithm {
		return nil, malformed(ParamAlgorithm, vals[0], "unknown algorithm: COS defines only sha1")
	}
	a := &Authorization{AccessKeyID: vals[1], Signature: vals[6]}
	if a.AccessKeyID == "" {
		return nil, malformed(ParamAK, "", "is empty; want the SecretId")
	}
	if !validAK(a.AccessKeyID) {
		return nil, malformed(ParamAK, a.AccessKeyID, "has whitespace, a control character, '&' or '='")
	}
	var err error
	if a.SignTime, err = parseRange(ParamSignTime, vals[2]); err != nil {
		return nil, err
	}
	if a.KeyTime, err = parseRange(ParamKeyTime, vals[3]); err != nil {
		return nil, err
	}
	if a.HeaderList, err = parseList(ParamHeaderList, vals[4]); err != nil {
		return nil, err
	}
	if a.ParamList, err = parseList(ParamParamList, vals[5]); err != nil {
		return nil, err
	}
	if len(a.Signature) != 40 || !isLowerHex(a.Signature) {
		return nil, malformed(ParamSignature, a.Signature, "want 40 lower-case hex digits (hex of HMAC-SHA1)")
	}
	return a, nil
}

// maxTime bounds timestamps so that arithmetic on them cannot overflow a time.Time.
const maxTime = 1 << 40

func parseRange(name, v string) (TimeRange, error) {
	a, b, ok := strings.Cut(v, ";")
	if !ok {
		return TimeRange{}, malformed(name, v, "want start;end in Unix seconds, e.g. 1557989753;1557996953")
	}
	start, err1 := parseUnix(a)
	end, err2 := parseUnix(b)
	if err1 != nil || err2 != nil {
		return TimeRange{}, malformed(name, v, "want start;end in Unix seconds, e.g. 1557989753;1557996953")
	}
	if start > end {
		return TimeRange{}, malformed(name, v, "is inverted: the start "+time.Unix(start, 0).UTC().Format(time.RFC3339)+
			" is after the end "+time.Unix(end, 0).UTC().Format(time.RFC3339))
	}
	return TimeRange{Start: start, End: end}, nil
}

func parseUnix(s string) (int64, error) {
	if s == "" || len(s) > 13 {
		return 0, strconv.ErrSyntax
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > maxTime {
		return 0, strconv.ErrRange
	}
	return n, nil
}

// parseList splits a ';' list of encoded names. An empty value is an empty list. Names are
// lower-case when computed as COS specifies; an upper-case one is a client's mistake that shows
// as a mismatch (and that package diagnose can name), not a malformed header.
func parseList(name, v string) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	list := strings.Split(v, ";")
	for _, n := range list {
		switch {
		case n == "":
			return nil, malformed(name, v, "has an empty name")
		case strings.ContainsAny(n, "&= \t\r\n"):
			return nil, malformed(name, v, "name "+strconv.Quote(n)+" has '&', '=' or whitespace")
		}
	}
	return list, nil
}

// validAK reports whether a SecretId can stand in the Authorization value as it is.
func validAK(ak string) bool {
	for i := 0; i < len(ak); i++ {
		if c := ak[i]; c <= ' ' || c == 0x7f || c == '&' || c == '=' {
			return false
		}
	}
	return true
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// String formats the authorization as the Authorization header value.
func (a *Authorization) String() string {
	return ParamAlgorithm + "=" + Algorithm + "&" + ParamAK + "=" + a.AccessKeyID + "&" + ParamSignTime + "=" + a.SignTime.String() +
		"&" + ParamKeyTime + "=" + a.KeyTime.String() + "&" + ParamHeaderList + "=" + strings.Join(a.HeaderList, ";") +
		"&" + ParamParamList + "=" + strings.Join(a.ParamList, ";") + "&" + ParamSignature + "=" + a.Signature
}
