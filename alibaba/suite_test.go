package alibaba_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "LTAI5tTestKeyId", Secret: apisig.NewSecret("testSecret+/=&~")}
	testKeys  = apisig.StaticKeys{"LTAI5tTestKeyId": apisig.NewSecret("testSecret+/=&~")}
	stsCreds  = apisig.Credentials{AccessKeyID: "LTAI5tTestKeyId", Secret: apisig.NewSecret("testSecret+/=&~"),
		SessionToken: apisig.NewSecret("CAIS+sts/token==&x")}
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

// suiteNonces returns a nonce source for schemetest.Run, which per case signs once (and
// verifies, claiming the nonce), then signs and explains once each (which must agree). Call k
// (from 1) returns (k+1)/3: the verified nonces are all different, and the sign/explain pair
// shares one.
func suiteNonces() apisig.NonceSource {
	var n atomic.Int64
	return apisig.NonceFunc(func() (string, error) {
		return "nonce-" + strconv.FormatInt((n.Add(1)+1)/3, 10), nil
	})
}

// countingNonces returns a new nonce on every call.
func countingNonces() apisig.NonceSource {
	var n atomic.Int64
	return apisig.NonceFunc(func() (string, error) { return "n" + strconv.FormatInt(n.Add(1), 10), nil })
}

const form = "application/x-www-form-urlencoded"

func rpcCases(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-describe-regions", Request: newRequest("GET", host, "/", "Action=DescribeRegions&Version=2014-05-26&Format=JSON", "")},
		{Name: "get-awkward", Request: newRequest("GET", host, "/", "Action=Send&Version=2017-05-25&Msg=%E4%BD%A0%E5%A5%BD+world%20*~%25/=%26!'()&Empty=&Tag.1.Key=a+b", "")},
		{Name: "post-query", Request: newRequest("POST", host, "/", "Action=CreateVpc&Version=2016-04-28&RegionId=cn-hangzhou&CidrBlock=10.0.0.0%2F8", "")},
		{Name: "post-form", Request: newRequest("POST", host, "/", "Action=SendSms&Version=2017-05-25",
			"PhoneNumbers=13800000000&SignName=AlibabaCloudSignatureTestLongValue&TemplateParam=%7B%22code%22%3A%221+2*3~%22%7D", "Content-Type", form)},
	}
}

func rpcSuite(s *alibaba.RPC, creds apisig.Credentials, cases []schemetest.Case) schemetest.Suite {
	return schemetest.Suite{
		Signer:         s,
		Verifier:       s,
		Credentials:    creds,
		Cases:          cases,
		Carriers:       []string{alibaba.ParamSignature},
		UnsignedTarget: true,
		Structural: []string{alibaba.ParamTimestamp, alibaba.ParamAccessKeyID, alibaba.ParamSignatureMethod,
			alibaba.ParamSignatureVersion, alibaba.ParamSignatureNonce},
	}
}

func TestRPCSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, tc := range []struct {
		name   string
		format string
		creds  apisig.Credentials
	}{{"access-key", "", testCreds}, {"sts", "XML", stsCreds}} {
		t.Run(tc.name, func(t *testing.T) {
			s := &alibaba.RPC{Format: tc.format, Clock: clock, Nonce: suiteNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
			schemetest.Run(t, rpcSuite(s, tc.creds, rpcCases("ecs.aliyuncs.com")))
		})
	}
	t.Run("presign", func(t *testing.T) {
		s := &alibaba.RPC{Clock: clock, Nonce: countingNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
		schemetest.Run(t, rpcSuite(s, stsCreds, []schemetest.Case{
			{Name: "presign-get", Request: newRequest("GET", "ecs.aliyuncs.com", "/", "Action=DescribeInstances&Version=2014-05-26&Name=a%20b*~", ""), Presign: 10 * time.Minute},
		}))
	})
}
