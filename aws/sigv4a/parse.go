package sigv4a

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/internal/sigparse"
)

const (
	codeHeaderMalformed = aws.CodeAuthorizationHeaderMalformed
	codeQueryMalformed  = aws.CodeAuthorizationQueryError
)

// sigv4aScheme is SigV4a to the parsing it shares with SigV4 (package aws): the two differ only
// in the algorithm, the scope's region (SigV4a's has none) and the signature's form.
var sigv4aScheme = sigparse.Scheme{ID: SchemeID, Algorithm: Algorithm, Regional: false, CheckSignature: checkSignature}

func malformed(code, part, value, problem string) error {
	return sigparse.Malformed(SchemeID, code, part, value, problem)
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
	a, err := sigv4aScheme.ParseAuthorization(v)
	if err != nil {
		return nil, err
	}
	return &Authorization{Credential: credential(a.Credential), SignedHeaders: a.SignedHeaders, Signature: a.Signature}, nil
}

// credential keeps the fields of a SigV4a scope, which has no region.
func credential(c sigparse.Credential) Credential {
	return Credential{AccessKeyID: c.AccessKeyID, Date: c.Date, Service: c.Service}
}

// checkSignature accepts the lower-case hex of a DER ECDSA P-256 signature: 8 to 72 bytes.
func checkSignature(v, part, code string) error {
	if len(v) < 16 || len(v) > 144 || len(v)%2 != 0 {
		return malformed(code, part, v, "want the lower-case hex of a DER ECDSA signature (16 to 144 hex digits), got "+strconv.Itoa(len(v))+" characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed(code, part, v, strconv.Quote(v[i:i+1])+" is not a lower-case hex digit")
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
	var rs []string
	p, err := sigv4aScheme.ParsePresign(q, func() error {
		v, err := sigv4aScheme.Query(q, QueryRegionSet)
		if err != nil {
			return err
		}
		rs, err = ParseRegionSet(v, QueryRegionSet, codeQueryMalformed)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Presign{Credential: credential(p.Credential), Date: p.Date, Expires: p.Expires, SignedHeaders: p.SignedHeaders, RegionSet: rs, Signature: p.Signature}, nil
}
