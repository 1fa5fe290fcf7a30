package alibaba_test

import (
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/internal/schemetest"
)

func headerCases(host, prefix string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get", Request: newRequest("GET", host, "/clusters", "", "", "Accept", "application/json")},
		{Name: "awkward-path-and-query", Request: newRequest("GET", host, "/clusters/c 1/ä+*~", "b=2&a=1&empty=&bare&sp=a+b&uni=%E4%BD%A0&pct=%25", "",
			prefix+"meta", "v")},
		{Name: "post-json", Request: newRequest("POST", host, "/clusters", "", `{"name":"my cluster","size":3}`,
			"Content-Type", "application/json", "Accept", "application/json", "User-Agent", "test/1.0")},
	}
}

func TestROASuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, tc := range []struct {
		name  string
		creds apisig.Credentials
	}{{"access-key", testCreds}, {"sts", stsCreds}} {
		t.Run(tc.name, func(t *testing.T) {
			s := &alibaba.ROA{Clock: clock, Nonce: suiteNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
			schemetest.Run(t, schemetest.Suite{
				Signer: s, Verifier: s, Credentials: tc.creds,
				Cases:          headerCases("cs.aliyuncs.com", "x-acs-"),
				Carriers:       []string{alibaba.HeaderAuthorization},
				Unsigned:       []string{"User-Agent"},
				Structural:     []string{"Date"},
				UnsignedTarget: true,
			})
		})
	}
}

func TestOpenSearchSuite(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	s := &alibaba.OpenSearch{Clock: clock, Nonce: suiteNonces(), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: clock}}
	schemetest.Run(t, schemetest.Suite{
		Signer: s, Verifier: s, Credentials: stsCreds,
		Cases:          headerCases("opensearch-cn-hangzhou.aliyuncs.com", "x-opensearch-"),
		Carriers:       []string{alibaba.HeaderAuthorization},
		Unsigned:       []string{"User-Agent", "Accept"},
		Structural:     []string{"Date"},
		UnsignedTarget: true,
		// OpenSearch leaves parameters with an empty value out of the resource.
		UnsignedQuery: []string{"empty", "bare"},
	})
}
