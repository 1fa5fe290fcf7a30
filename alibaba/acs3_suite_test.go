package alibaba_test

import (
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/internal/schemetest"
)

func acs3Cases(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "rpc-style-post-query", Request: newRequest("POST", host, "/", "ImageId=win2019&RegionId=cn-shanghai", "",
			"x-acs-action", "RunInstances", "x-acs-version", "2014-05-26")},
		{Name: "rpc-style-awkward-query", Request: newRequest("GET", host, "/", "b=2&a=1&a=0&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E4%BD%A0&%5B=x&A=y&eq=%3D%26", "",
			"x-acs-action", "DescribeRegions", "x-acs-version", "2014-05-26")},
		{Name: "rpc-style-form", Request: newRequest("POST", host, "/", "", "RegionId=cn-hangzhou&InstanceNameWithALongValue=abcdefghij",
			"Content-Type", form, "x-acs-action", "CreateInstance", "x-acs-version", "2014-05-26")},
		{Name: "roa-style-path", Request: newRequest("PUT", host, "/clusters/c 1/ä+*~%/nodes", "force=true", `{"count":1,"name":"a b"}`,
			"Content-Type", "application/json", "x-acs-action", "ScaleCluster", "x-acs-version", "2015-12-15", "User-Agent", "test/1.0")},
		{Name: "padded-headers", Request: newRequest("GET", host, "/", "", "", "x-acs-action", "  Describe  ", "x-acs-meta", "a", "x-acs-meta", "b")},
	}
}

func TestACS3Suite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, tc := range []struct {
		name  string
		creds apisig.Credentials
	}{{"access-key", testCreds}, {"sts", stsCreds}} {
		t.Run(tc.name, func(t *testing.T) {
			s := &alibaba.ACS3{Clock: clock, Nonce: suiteNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
			schemetest.Run(t, schemetest.Suite{
				Signer:      s,
				Verifier:    s,
				Credentials: tc.creds,
				Cases:       acs3Cases("ecs.cn-shanghai.aliyuncs.com"),
				Carriers:    []string{alibaba.HeaderAuthorization},
				Unsigned:    []string{"User-Agent"},
				Structural:  []string{alibaba.HeaderACSDate, alibaba.HeaderACSNonce, alibaba.HeaderACSContentSHA256},
			})
		})
	}
}
