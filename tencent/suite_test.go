package tencent_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/tencent"
)

var (
	testTime  = time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC) // 09:30 in Beijing
	testCreds = apisig.Credentials{AccessKeyID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", Secret: apisig.NewSecret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")}
	testKeys  = apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}
)

// newRequest builds a request with a raw query, headers and a body.
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

// suiteNonces returns a nonce source for schemetest.Run, which per case signs once (and
// verifies, claiming the nonce), then signs and explains once each (which must agree): call k
// (from 1) returns 10000+(k+1)/3, so the verified nonces all differ and the sign/explain pair
// shares one.
func suiteNonces() apisig.NonceSource {
	var n atomic.Int64
	return apisig.NonceFunc(func() (string, error) { return strconv.FormatInt(10000+(n.Add(1)+1)/3, 10), nil })
}

func tc3Cases(host string) []schemetest.Case {
	const json = "application/json; charset=utf-8"
	return []schemetest.Case{
		{Name: "post-json", Request: newRequest("POST", host, "/", "", `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
			"Content-Type", json, "X-TC-Action", "DescribeInstances", "X-TC-Version", "2017-03-12", "X-TC-Region", "ap-guangzhou")},
		{Name: "get-query", Request: newRequest("GET", host, "/", "Limit=10&Offset=0&Filters.0.Name=zone&Filters.0.Values.0=ap-guangzhou-1&sp=a+b&uni=%E6%9C%AA", "",
			"Content-Type", "application/x-www-form-urlencoded", "X-TC-Action", "DescribeZones", "X-TC-Version", "2017-03-12")},
		{Name: "upper-case-values", Request: newRequest("POST", host, "/", "", `{"InstanceIds":["ins-1"]}`,
			"Content-Type", "Application/JSON", "X-TC-Action", "StartInstances", "X-TC-Version", "2017-03-12", "X-TC-Language", "en-US", "X-Custom", " Padded Value ")},
		{Name: "empty-body-post", Request: newRequest("POST", host, "/", "", "", "Content-Type", "application/json", "X-TC-Action", "DescribeRegions", "X-TC-Version", "2022-06-27")},
	}
}

func TestTC3Suite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("Token/With+Chars=")
	unsigned := []string{tencent.HeaderAction, tencent.HeaderVersion, tencent.HeaderRegion, tencent.HeaderLanguage, tencent.HeaderToken, "X-Custom"}
	structural := []string{tencent.HeaderTimestamp, tencent.HeaderContentSHA256}
	for _, tc := range []struct {
		name       string
		s          *tencent.TC3
		creds      apisig.Credentials
		host       string
		unsigned   []string
		structural []string
	}{
		{"cvm", &tencent.TC3{Clock: clock, Keys: testKeys}, testCreds, "cvm.tencentcloudapi.com", unsigned, structural},
		{"session-token", &tencent.TC3{Clock: clock, Keys: testKeys}, withToken, "cvm.ap-guangzhou.tencentcloudapi.com", unsigned, structural},
		{"own-host-service", &tencent.TC3{Service: "cvm", Clock: clock, Keys: testKeys}, testCreds, "api.example.test:8443", unsigned, structural},
		{"signed-x-tc-headers", &tencent.TC3{Clock: clock, Keys: testKeys, SignedHeaders: []string{"x-tc-action", "X-TC-Version", "x-custom", "x-tc-token"}}, withToken, "cvm.tencentcloudapi.com",
			[]string{tencent.HeaderRegion, tencent.HeaderLanguage},
			append([]string{tencent.HeaderAction, tencent.HeaderVersion}, structural...)},
		{"unsigned-payload", &tencent.TC3{Clock: clock, Keys: testKeys, Payload: tencent.PayloadUnsigned, AllowUnsignedPayload: true}, testCreds, "cos.tencentcloudapi.com", unsigned, structural},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cases := tc3Cases(tc.host)
			if tc.s.Payload == tencent.PayloadUnsigned {
				cases = cases[1:2] // the body is not signed: the body mutation would verify
			}
			schemetest.Run(t, schemetest.Suite{
				Signer: tc.s, Verifier: tc.s, Credentials: tc.creds, Cases: cases,
				Carriers: []string{"Authorization"}, Unsigned: tc.unsigned, Structural: tc.structural,
			})
		})
	}
}

func v1Cases(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get", Request: newRequest("GET", host, "/", "Action=DescribeInstances&Version=2017-03-12&InstanceIds.0=ins-09dx96dg&Limit=20&Offset=0", "")},
		{Name: "get-awkward", Request: newRequest("GET", host, "/", "Action=DescribeInstances&Action.1=x&Version=2017-03-12&Filters.0.Name=instance-name&Filters.0.Values.0=%E6%9C%AA%E5%91%BD%E5%90%8D&sp=a+b&star=*&tilde=~&pct=%25&empty=", "")},
		{Name: "post-form", Request: newRequest("POST", host, "/", "", "Action=RunInstances&Version=2017-03-12&Placement.Zone=ap-guangzhou-3&InstanceName=web+server+01&ImageId=img-pmqg1cw7&UserData=IyEvYmluL2Jhc2gKZWNobyAiaGVsbG8gd29ybGQiCmVjaG8gImhlbGxvIHdvcmxkIgplY2hvICJoZWxsbyB3b3JsZCIKZWNobyAiaGVsbG8gd29ybGQiCmVjaG8gImhlbGxvIHdvcmxkIgo",
			"Content-Type", "application/x-www-form-urlencoded")},
	}
}

func TestV1Suite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("Token/With+Chars=")
	for _, tc := range []struct {
		name  string
		s     *tencent.V1
		creds apisig.Credentials
	}{
		{"hmac-sha1", &tencent.V1{Clock: clock, Nonce: suiteNonces(), Keys: testKeys, Region: "ap-guangzhou"}, testCreds},
		{"hmac-sha256-token", &tencent.V1{Method: tencent.HmacSHA256, Clock: clock, Nonce: suiteNonces(), Keys: testKeys}, withToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schemetest.Run(t, schemetest.Suite{
				Signer: tc.s, Verifier: tc.s, Credentials: tc.creds, Cases: v1Cases("cvm.tencentcloudapi.com"),
				Carriers:   []string{tencent.ParamSignature},
				Structural: []string{tencent.ParamNonce, tencent.ParamTimestamp, tencent.ParamSecretID, tencent.ParamSignatureMethod, "Content-Type"},
			})
		})
	}
}
