package sigparse_test

import (
	"errors"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/internal/sigparse"
)

func anySignature(v, part, code string) error {
	if v == "" {
		return sigparse.Malformed("test", code, part, v, "is empty")
	}
	return nil
}

var (
	regional = &sigparse.Scheme{ID: "test", Algorithm: aws.Algorithm, Regional: true, CheckSignature: anySignature}
	global   = &sigparse.Scheme{ID: "test", Algorithm: "TEST-ALG", Regional: false, CheckSignature: anySignature}
)

// The package keeps its own copies of package aws's query names, maximum expiry and error
// codes, since it cannot import aws; this checks that they agree.
func TestAgreesWithPackageAWS(t *testing.T) {
	if sigparse.CodeHeaderMalformed != aws.CodeAuthorizationHeaderMalformed || sigparse.CodeQueryMalformed != aws.CodeAuthorizationQueryError {
		t.Errorf("codes %q, %q; package aws has %q, %q", sigparse.CodeHeaderMalformed, sigparse.CodeQueryMalformed,
			aws.CodeAuthorizationHeaderMalformed, aws.CodeAuthorizationQueryError)
	}
	maxSeconds := int64(aws.MaxPresignExpiry / time.Second)
	valid := func() url.Values {
		return url.Values{
			aws.QueryAlgorithm:     {aws.Algorithm},
			aws.QueryCredential:    {"AKID/20150830/us-east-1/s3/aws4_request"},
			aws.QueryDate:          {"20150830T123600Z"},
			aws.QueryExpires:       {strconv.FormatInt(maxSeconds, 10)},
			aws.QuerySignedHeaders: {"host"},
			aws.QuerySignature:     {"00"},
		}
	}
	p, err := regional.ParsePresign(valid(), nil)
	if err != nil {
		t.Fatalf("ParsePresign(valid query) = %v", err)
	}
	if p.Expires != aws.MaxPresignExpiry {
		t.Errorf("Expires = %v, want %v", p.Expires, aws.MaxPresignExpiry)
	}
	for _, name := range []string{aws.QueryAlgorithm, aws.QueryCredential, aws.QueryDate, aws.QueryExpires, aws.QuerySignedHeaders, aws.QuerySignature} {
		q := valid()
		delete(q, name)
		_, err := regional.ParsePresign(q, nil)
		if re := (*apisig.RequestError)(nil); !errors.As(err, &re) || re.Part != name || re.Problem != "query parameter is missing" {
			t.Errorf("without %s: %v, want that it is missing", name, err)
		}
	}
	q := valid()
	q.Set(aws.QueryExpires, strconv.FormatInt(maxSeconds+1, 10))
	if _, err := regional.ParsePresign(q, nil); err == nil {
		t.Errorf("X-Amz-Expires %d accepted; package aws's maximum is %v", maxSeconds+1, aws.MaxPresignExpiry)
	}
}

func TestParseCredential(t *testing.T) {
	for _, tc := range []struct {
		name    string
		s       *sigparse.Scheme
		v       string
		want    sigparse.Credential
		problem string
	}{
		{"regional", regional, "AKID/20150830/us-east-1/s3/aws4_request", sigparse.Credential{AccessKeyID: "AKID", Date: "20150830", Region: "us-east-1", Service: "s3"}, ""},
		{"global", global, "AKID/20150830/s3/aws4_request", sigparse.Credential{AccessKeyID: "AKID", Date: "20150830", Service: "s3"}, ""},
		{"regional without region", regional, "AKID/20150830/s3/aws4_request", sigparse.Credential{},
			"want 5 parts, access-key-id/YYYYMMDD/region/service/aws4_request, got 4"},
		{"global with region", global, "AKID/20150830/us-east-1/s3/aws4_request", sigparse.Credential{},
			"want 4 parts, access-key-id/YYYYMMDD/service/aws4_request (SigV4a scopes have no region), got 5"},
		{"empty region", regional, "AKID/20150830//s3/aws4_request", sigparse.Credential{AccessKeyID: "AKID", Date: "20150830", Service: "s3"}, "region is empty"},
		{"bad date", global, "AKID/20150230/s3/aws4_request", sigparse.Credential{AccessKeyID: "AKID", Date: "20150230", Service: "s3"},
			`scope date "20150230" is not YYYYMMDD`},
		{"bad terminator", global, "AKID/20150830/s3/aws4", sigparse.Credential{AccessKeyID: "AKID", Date: "20150830", Service: "s3"},
			`scope must end in aws4_request, not "aws4"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.s.ParseCredential(tc.v, "Credential", "Code")
			if got != tc.want {
				t.Errorf("ParseCredential(%q) = %+v; want %+v", tc.v, got, tc.want)
			}
			var re *apisig.RequestError
			switch {
			case tc.problem == "" && err != nil:
				t.Errorf("ParseCredential(%q) = %v; want no error", tc.v, err)
			case tc.problem != "" && (!errors.As(err, &re) || re.Problem != tc.problem || re.Scheme != "test" || !errors.Is(err, apisig.ErrMalformed)):
				t.Errorf("ParseCredential(%q) error = %v; want %q from scheme test", tc.v, err, tc.problem)
			}
		})
	}
}
