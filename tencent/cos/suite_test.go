package cos_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/tencent/cos"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", Secret: apisig.NewSecret("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz")}
	testKeys  = apisig.StaticKeys{"AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q": apisig.NewSecret("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz")}
)

// newRequest builds a request with a decoded path, a raw query, headers and a body.
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

const bucket = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"

// awkward is the set of requests every configuration is run on: unicode, spaces, '+', '%',
// '~', '*', '/' in keys and values, repeated and valueless parameters, multi-valued headers.
func awkward() []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-root", Request: newRequest("GET", bucket, "/", "", "")},
		{Name: "unicode-key", Request: newRequest("GET", bucket, "/exampleobject(腾讯云)", "", "")},
		{Name: "awkward-key", Request: newRequest("GET", bucket, "/a b/c+d*e~f%g/'h'!(i)", "", "")},
		{Name: "list-prefix", Request: newRequest("GET", bucket, "/", "prefix=a%2Fb+c&delimiter=%2F&max-keys=20&encoding-type=url", "")},
		{Name: "query-awkward", Request: newRequest("GET", bucket, "/k", "b=2&a=1&a=0&A=3&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E8%85%BE&%E8%AE%AF=x&plus=%2B", "")},
		{Name: "response-params", Request: newRequest("GET", bucket, "/o", "response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600", "",
			"Range", "bytes=0-9", "If-None-Match", `"abc"`)},
		{Name: "put-headers", Request: newRequest("PUT", bucket, "/up/ob ject.txt", "", "ObjectContent",
			"Content-Type", "text/plain", "Content-MD5", "mQ/fVh815F3k6TAUm8m0eg==", "X-Cos-Acl", "private",
			"X-Cos-Grant-Read", `uin="100000000011"`, "X-Cos-Meta-A", "  a  b  ", "X-Cos-Meta-A", "second", "User-Agent", "test/1.0")},
		{Name: "post-multi-upload", Request: newRequest("POST", bucket, "/big", "uploads", "", "Content-Type", "application/xml")},
		{Name: "presign-get", Request: newRequest("GET", bucket, "/obj ect+1", "versionId=3&x=", ""), Presign: 15 * time.Minute},
		{Name: "presign-put-with-header", Request: newRequest("PUT", bucket, "/up", "", "", "Content-Type", "text/plain", "X-Cos-Storage-Class", "STANDARD_IA"), Presign: time.Hour},
	}
}

func suite(s *cos.Signer, creds apisig.Credentials) schemetest.Suite {
	return schemetest.Suite{
		Signer:      s,
		Verifier:    s,
		Credentials: creds,
		Cases:       awkward(),
		Carriers:    []string{"Authorization", cos.ParamSignature},
		Unsigned:    []string{"User-Agent"},
		Structural: []string{cos.ParamAlgorithm, cos.ParamAK, cos.ParamSignTime, cos.ParamKeyTime,
			cos.ParamHeaderList, cos.ParamParamList},
	}
}

func TestSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("session/token+with=chars")
	for _, tc := range []struct {
		name  string
		s     *cos.Signer
		creds apisig.Credentials
	}{
		{"default", &cos.Signer{Clock: clock, Keys: testKeys}, testCreds},
		{"session-token", &cos.Signer{Clock: clock, Keys: testKeys, Expiry: 10 * time.Minute}, withToken},
		{"strict-bucket-headers", &cos.Signer{Clock: clock, Keys: testKeys, SignedHeaders: []string{"host", "content-type", "content-length", "content-md5", "date", "range", "if-none-match"},
			RequireSigned: []string{"host", "content-type", "content-length"}, SignContentLength: true}, testCreds},
	} {
		t.Run(tc.name, func(t *testing.T) { schemetest.Run(t, suite(tc.s, tc.creds)) })
	}
}
