package sigv2

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig"
)

// Error codes SigV2 verification reports, as S3 names them.
const (
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	CodeRequestTimeTooSkewed  = "RequestTimeTooSkewed"
	CodeAccessDenied          = "AccessDenied"
	CodeInvalidAccessKeyID    = "InvalidAccessKeyId"
	CodeInvalidArgument       = "InvalidArgument"
)

// Authorization is a parsed SigV2 Authorization header, "AWS AKID:signature".
type Authorization struct {
	AccessKeyID string
	// Signature is the base64 signature as sent.
	Signature string
}

func malformed(code, part, value, problem string) error {
	return &apisig.RequestError{Scheme: SchemeID, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

// ParseAuthorization parses an Authorization header value "AWS AKID:signature". The signature
// is not decoded here: one that is not the base64 of the right MAC is a mismatch, found by
// Verify, whose trace then shows it (a '+' read back as a space, B03). Every problem is a [*apisig.RequestError] wrapping
// [apisig.ErrMalformed] with S3's code InvalidArgument.
func ParseAuthorization(v string) (*Authorization, error) {
	rest, ok := strings.CutPrefix(v, AuthPrefix)
	if !ok {
		alg, _, _ := strings.Cut(v, " ")
		return nil, malformed(CodeInvalidArgument, "Authorization header", alg, "want \"AWS AKID:signature\"")
	}
	akid, sig, ok := strings.Cut(rest, ":")
	switch {
	case !ok:
		return nil, malformed(CodeInvalidArgument, "Authorization header", rest, "AWS authorization header is invalid; expected AwsAccessKeyId:signature")
	case akid == "" || strings.ContainsAny(akid, " \t"):
		return nil, malformed(CodeInvalidArgument, "Authorization header access key id", akid, "is empty or contains a space")
	case strings.Contains(sig, ":"):
		return nil, malformed(CodeInvalidArgument, "Authorization header", rest, "has more than one ':'")
	}
	if sig == "" {
		return nil, malformed(CodeInvalidArgument, "Authorization header signature", "", "is empty")
	}
	return &Authorization{AccessKeyID: akid, Signature: sig}, nil
}

// Presign is the parsed set of SigV2 query parameters of a presigned URL.
type Presign struct {
	AccessKeyID string
	// Expires is when the URL stops being valid.
	Expires time.Time
	// ExpiresRaw is the Expires parameter as sent: the Date line of the string to sign.
	ExpiresRaw string
	Signature  string
}

// ParsePresign parses AWSAccessKeyId, Expires and Signature from a presigned URL's query.
// Every problem is a [*apisig.RequestError] wrapping [apisig.ErrMalformed] with S3's code
// AccessDenied, as S3 reports them.
func ParsePresign(q url.Values) (*Presign, error) {
	get := func(name string) (string, error) {
		v := q[name]
		switch {
		case len(v) == 0 || v[0] == "":
			return "", malformed(CodeAccessDenied, name, "", "query parameter is missing; query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
		case len(v) > 1:
			return "", malformed(CodeAccessDenied, name, "", "query parameter appears "+strconv.Itoa(len(v))+" times")
		}
		return v[0], nil
	}
	var p Presign
	var err error
	if p.AccessKeyID, err = get(QueryAccessKeyID); err != nil {
		return nil, err
	}
	if p.ExpiresRaw, err = get(QueryExpires); err != nil {
		return nil, err
	}
	n, perr := strconv.ParseInt(p.ExpiresRaw, 10, 64)
	if perr != nil || p.ExpiresRaw[0] == '+' || p.ExpiresRaw[0] == '-' {
		return nil, malformed(CodeAccessDenied, QueryExpires, p.ExpiresRaw, "want the expiry as whole Unix seconds")
	}
	p.Expires = time.Unix(n, 0).UTC()
	if p.Signature, err = get(QuerySignature); err != nil {
		return nil, err
	}
	return &p, nil
}
