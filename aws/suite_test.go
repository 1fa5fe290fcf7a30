package aws_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	testKeys  = apisig.StaticKeys{"AKIDEXAMPLE": apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
)

// newRequest builds a request with a decoded path, a raw query, headers and a body.
func newRequest(method, host, path, rawQuery, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		var req *http.Request
		var err error
		u := schemetest.URL("https", host, path, rawQuery)
		if body != "" {
			req, err = http.NewRequest(method, u.String(), strings.NewReader(body))
		} else {
			req, err = http.NewRequest(method, u.String(), nil)
		}
		if err != nil {
			panic(err)
		}
		req.URL = u
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Add(headers[i], headers[i+1])
		}
		return req
	}
}

// awkward is the set of requests every SigV4 configuration is run on.
func awkward(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-vanilla", Request: newRequest("GET", host, "/", "", "")},
		{Name: "unicode-and-spaces", Request: newRequest("GET", host, "/ሴ/a b/c+d*e~f%g", "", "")},
		{Name: "query-awkward", Request: newRequest("GET", host, "/k", "b=2&a=1&a=0&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E1%88%B4&%5B=x&A=y", "")},
		{Name: "headers-folded", Request: newRequest("GET", host, "/h", "", "", "My-Header", "  a   b  c ", "My-Header", "second", "X-Amz-Meta-K", "v", "User-Agent", "test/1.0")},
		{Name: "post-body", Request: newRequest("POST", host, "/p", "", `{"k":"v","n":[1,2,3]}`, "Content-Type", "application/json")},
		{Name: "presign", Request: newRequest("GET", host, "/obj ect", "versionId=3&x=", ""), Presign: 15 * time.Minute},
		{Name: "presign-with-header", Request: newRequest("PUT", host, "/up", "", "", "Content-Type", "text/plain"), Presign: time.Hour},
	}
}

func suite(s *aws.SigV4, creds apisig.Credentials, host string) schemetest.Suite {
	return schemetest.Suite{
		Signer:      s,
		Verifier:    s,
		Credentials: creds,
		Cases:       awkward(host),
		Carriers:    []string{"Authorization", aws.QuerySignature},
		Unsigned:    []string{"User-Agent"},
		Structural: []string{aws.HeaderDate, aws.QueryDate, aws.QueryCredential, aws.QueryAlgorithm,
			aws.QueryExpires, aws.QuerySignedHeaders, aws.HeaderContentSHA256},
	}
}

func TestSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("session/token+with=chars")
	for _, tc := range []struct {
		name  string
		s     *aws.SigV4
		creds apisig.Credentials
		host  string
	}{
		{"s3", &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: clock, Keys: testKeys}, testCreds, "bucket.s3.amazonaws.com"},
		{"s3-session-token", &aws.SigV4{Region: "eu-west-1", Service: "s3", Clock: clock, Keys: testKeys}, withToken, "s3.eu-west-1.amazonaws.com:8443"},
		{"execute-api", &aws.SigV4{Region: "us-west-2", Service: "execute-api", Clock: clock, Keys: testKeys}, testCreds, "abc.execute-api.us-west-2.amazonaws.com"},
		{"dynamodb-session-token", &aws.SigV4{Region: "ap-south-1", Service: "dynamodb", Clock: clock, Keys: testKeys}, withToken, "dynamodb.ap-south-1.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) { schemetest.Run(t, suite(tc.s, tc.creds, tc.host)) })
	}
}
