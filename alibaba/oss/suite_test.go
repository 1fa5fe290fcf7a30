package oss_test

import (
	"crypto/md5"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "LTAI5tEXAMPLE", Secret: apisig.NewSecret("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV")}
	testKeys  = apisig.StaticKeys{"LTAI5tEXAMPLE": apisig.NewSecret("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV")}
	withToken = apisig.Credentials{AccessKeyID: "LTAI5tEXAMPLE", Secret: testCreds.Secret, SessionToken: apisig.NewSecret("CAIS+sts/token=with&chars")}
)

// newRequest builds a request with a decoded path, a raw query, headers and a body. A body
// gets its Content-MD5, which is how OSS protects a body (the signature does not cover it).
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
		if body != "" {
			sum := md5.Sum([]byte(body))
			req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(sum[:]))
		}
		return req
	}
}

// awkward is the set of requests every OSS configuration is run on: object keys with unicode,
// spaces, '+', '%', '~', '*', "//" and a trailing '/', sub-resources, x-oss-* headers.
func awkward(host string, v1 bool) []schemetest.Case {
	q := "acl&versionId=CAEQ%2B%2F%3D&response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22"
	if !v1 {
		q += "&b=2&a=1&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E1%88%B4&%2Bplus=x&%7Cbar=y"
	}
	return []schemetest.Case{
		{Name: "get-root", Request: newRequest("GET", host, "/", "", "")},
		{Name: "awkward-key", Request: newRequest("GET", host, "/ሴ/a b/c+d*e~f%g//h/", "", "")},
		{Name: "sub-resources", Request: newRequest("GET", host, "/k", q, "")},
		{Name: "oss-headers", Request: newRequest("PUT", host, "/h", "", "", "X-Oss-Meta-Author", "  alice  ", "x-oss-meta-b", "1", "X-Oss-Meta-b", "2", "Content-Type", "text/plain", "User-Agent", "test/1.0")},
		{Name: "put-body", Request: newRequest("PUT", host, "/p q", "", `{"k":"v","n":[1,2,3]}`, "Content-Type", "application/json")},
		{Name: "presign", Request: newRequest("GET", host, "/obj ect+1", "versionId=3&response-content-type=text%2Fplain", ""), Presign: 15 * time.Minute},
		{Name: "presign-with-header", Request: newRequest("PUT", host, "/up/", "", "", "Content-Type", "text/plain", "x-oss-object-acl", "private"), Presign: time.Hour},
	}
}

func TestSuiteV1(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, tc := range []struct {
		name  string
		s     *oss.V1
		creds apisig.Credentials
		host  string
	}{
		{"virtual-hosted", &oss.V1{Clock: clock, Keys: testKeys}, testCreds, "examplebucket.oss-cn-hangzhou.aliyuncs.com"},
		{"virtual-hosted-token", &oss.V1{Clock: clock, Keys: testKeys}, withToken, "oss-example.oss-cn-beijing.aliyuncs.com"},
		// Path style and CNAME are not in this suite: V1 does not sign the host, so a changed
		// host that still maps to the same bucket verifies (TestTarget covers both).
	} {
		t.Run(tc.name, func(t *testing.T) {
			schemetest.Run(t, schemetest.Suite{
				Signer: tc.s, Verifier: tc.s, Credentials: tc.creds, Cases: awkward(tc.host, true),
				Carriers:   []string{"Authorization", oss.QuerySignature},
				Unsigned:   []string{"User-Agent"},
				Structural: []string{"Date", oss.QueryExpires, oss.QueryAccessKeyID},
				AddedQuery: canon.Pair{Key: "tagging", Value: "1"},
			})
		})
	}
}

func TestSuiteV4(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, tc := range []struct {
		name  string
		s     *oss.V4
		creds apisig.Credentials
		host  string
	}{
		{"virtual-hosted", &oss.V4{Region: "cn-hangzhou", Clock: clock, Keys: testKeys}, testCreds, "examplebucket.oss-cn-hangzhou.aliyuncs.com"},
		{"path-style-token-additional", &oss.V4{Region: "cn-hangzhou", AdditionalHeaders: []string{"User-Agent", "host"}, Clock: clock, Keys: testKeys}, withToken, "oss-cn-hangzhou.aliyuncs.com"},
		// A CNAME signs its host as an additional header, or a changed host would verify.
		{"cname-signed-host", &oss.V4{Region: "eu-central-1", Bucket: "examplebucket", Addressing: oss.AddressingCNAME, AdditionalHeaders: []string{"host"}, Clock: clock, Keys: testKeys}, testCreds, "static.example.com:8443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var unsigned []string
			if !slices.Contains(tc.s.AdditionalHeaders, "User-Agent") {
				unsigned = []string{"User-Agent"}
			}
			schemetest.Run(t, schemetest.Suite{
				Signer: tc.s, Verifier: tc.s, Credentials: tc.creds, Cases: awkward(tc.host, false),
				Carriers:   []string{"Authorization", oss.QuerySignatureV4},
				Unsigned:   append(unsigned, "Date"),
				Structural: []string{oss.HeaderOSSDate, oss.HeaderContentSHA256, oss.QueryDate, oss.QueryCredential, oss.QuerySignatureVersion, oss.QueryExpiresV4, oss.QueryAdditional, "User-Agent"},
			})
		})
	}
}
