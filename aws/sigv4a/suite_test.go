package sigv4a_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	testKeys  = apisig.StaticKeys{"AKIDEXAMPLE": apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
)

func newRequest(method, host, path, rawQuery, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		u := schemetest.URL("https", host, path, rawQuery)
		var req *http.Request
		var err error
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

func awkward(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-vanilla", Request: newRequest("GET", host, "/", "", "")},
		{Name: "unicode-and-spaces", Request: newRequest("GET", host, "/ሴ/a b/c+d*e~f%g", "", "")},
		{Name: "query-awkward", Request: newRequest("GET", host, "/k", "b=2&a=1&a=0&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E1%88%B4", "")},
		{Name: "headers-folded", Request: newRequest("GET", host, "/h", "", "", "My-Header", "  a   b  c ", "My-Header", "second", "User-Agent", "test/1.0")},
		{Name: "post-body", Request: newRequest("POST", host, "/p", "", `{"k":"v"}`, "Content-Type", "application/json")},
		{Name: "presign", Request: newRequest("GET", host, "/obj ect", "versionId=3&x=", ""), Presign: 15 * time.Minute},
		{Name: "presign-with-header", Request: newRequest("PUT", host, "/up", "", "", "Content-Type", "text/plain"), Presign: time.Hour},
	}
}

func TestSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("session/token+with=chars")
	for _, tc := range []struct {
		name  string
		s     *sigv4a.SigV4a
		creds apisig.Credentials
		host  string
	}{
		{"s3-all-regions", &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: clock, Keys: testKeys, Deterministic: true, Region: "eu-west-1"}, testCreds, "mrap.accesspoint.s3-global.amazonaws.com"},
		{"s3-session-token", &sigv4a.SigV4a{RegionSet: []string{"us-east-1", "us-west-2"}, Service: "s3", Clock: clock, Keys: testKeys, Deterministic: true, Region: "us-west-2"}, withToken, "s3.example:8443"},
		{"service-pattern", &sigv4a.SigV4a{RegionSet: []string{"us-*"}, Service: "service", Clock: clock, Keys: testKeys, Deterministic: true, Region: "us-east-1"}, testCreds, "example.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schemetest.Run(t, schemetest.Suite{
				Signer:      tc.s,
				Verifier:    tc.s,
				Credentials: tc.creds,
				Cases:       awkward(tc.host),
				Carriers:    []string{"Authorization", aws.QuerySignature},
				Unsigned:    []string{"User-Agent"},
				Structural: []string{aws.HeaderDate, aws.QueryDate, aws.QueryCredential, aws.QueryAlgorithm, aws.QueryExpires,
					aws.QuerySignedHeaders, aws.HeaderContentSHA256, sigv4a.HeaderRegionSet},
			})
		})
	}
}
