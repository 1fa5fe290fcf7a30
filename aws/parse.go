package aws

import (
	"net/url"
	"strconv"
	"time"

	"github.com/apisig/apisig/aws/internal/sigparse"
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

// sigv4 is SigV4 to the parsing it shares with SigV4a (package aws/sigv4a): the two differ only
// in the algorithm, the scope's region and the signature's form.
var sigv4 = sigparse.Scheme{ID: SchemeID, Algorithm: Algorithm, Regional: true, CheckSignature: checkSignature}

func malformed(code, part, value, problem string) error {
	return sigparse.Malformed(SchemeID, code, part, value, problem)
}

const codeHeaderMalformed = sigparse.CodeHeaderMalformed
const codeQueryMalformed = sigparse.CodeQueryMalformed

// ParseAuthorization parses an Authorization header value of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=<64 hex>
//
// accepting "," or ", " between the parts. Every problem is a [*apisig.RequestError] wrapping
// [apisig.ErrMalformed] that names the part and what was expected.
func ParseAuthorization(v string) (*Authorization, error) {
	a, err := sigv4.ParseAuthorization(v)
	if err != nil {
		return nil, err
	}
	return &Authorization{Credential: Credential(a.Credential), SignedHeaders: a.SignedHeaders, Signature: a.Signature}, nil
}

// parseCredential parses AKID/YYYYMMDD/region/service/aws4_request. On a problem it returns the
// fields read so far along with the error.
func parseCredential(v, part, code string) (Credential, error) {
	c, err := sigv4.ParseCredential(v, part, code)
	return Credential(c), err
}

func checkSignature(v, part, code string) error {
	if len(v) != 64 {
		return malformed(code, part, v, "want 64 lower-case hex digits, got "+strconv.Itoa(len(v))+" characters")
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return malformed(code, part, v, "want 64 lower-case hex digits; "+strconv.Quote(v[i:i+1])+" is not one")
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
	p, err := sigv4.ParsePresign(q, nil)
	if err != nil {
		return nil, err
	}
	return &Presign{Credential: Credential(p.Credential), Date: p.Date, Expires: p.Expires, SignedHeaders: p.SignedHeaders, Signature: p.Signature}, nil
}

func parseAmzDate(v, part, code string) (time.Time, error) {
	return sigv4.ParseAmzDate(v, part, code)
}
