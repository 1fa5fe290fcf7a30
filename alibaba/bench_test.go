package alibaba_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// Benchmark requests: an ECS DescribeInstances GET (RPC), the V3 RunInstances example, and an
// ROA POST with a JSON body, as in the conformance module's side-by-side benchmarks.
func benchRPC() (*alibaba.RPC, *http.Request) {
	s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"), Format: "JSON"}
	req, _ := http.NewRequest("GET", "https://ecs.aliyuncs.com/?Action=DescribeInstances&Version=2014-05-26&RegionId=cn-hangzhou&PageSize=50&PageNumber=1&InstanceName=web%20server*&Tag.1.Key=env&Tag.1.Value=prod~1", nil)
	return s, req
}

func benchACS3() (*alibaba.ACS3, *http.Request) {
	s := &alibaba.ACS3{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("3156853299f313e23d1673dc12e1703d")}
	req, _ := http.NewRequest("POST", "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai", nil)
	req.Header["x-acs-action"] = []string{"RunInstances"}
	req.Header["x-acs-version"] = []string{"2014-05-26"}
	return s, req
}

func benchROA() (*alibaba.ROA, *http.Request) {
	s := &alibaba.ROA{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("3156853299f313e23d1673dc12e1703d")}
	req, _ := http.NewRequest("POST", "https://cs.aliyuncs.com/clusters?force=true", strings.NewReader(`{"name":"my cluster","size":3}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	return s, req
}

type signer interface {
	Sign(context.Context, *http.Request, apisig.Credentials) error
}

func benchCases() []struct {
	name string
	new  func() (signer, *http.Request)
} {
	return []struct {
		name string
		new  func() (signer, *http.Request)
	}{
		{"rpc-describe-instances", func() (signer, *http.Request) { return benchRPC() }},
		{"acs3-run-instances", func() (signer, *http.Request) { return benchACS3() }},
		{"roa-post-json", func() (signer, *http.Request) { return benchROA() }},
	}
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, bc := range benchCases() {
		b.Run(bc.name, func(b *testing.B) {
			s, req := bc.new()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSignAllocs guards the hot paths: re-signing a request costs a handful of allocations.
// RPC: the new query string and a decoded escaped value (InstanceName=web%20server*); ACS3: the
// Authorization string; ROA: the two the body's GetBody makes (a reader and its closer), the
// Content-MD5 value and the Authorization string.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	limits := map[string]float64{"rpc-describe-instances": 2, "acs3-run-instances": 1, "roa-post-json": 4}
	for _, bc := range benchCases() {
		s, req := bc.new()
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > limits[bc.name] {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most %.0f", bc.name, allocs, limits[bc.name])
		}
		t.Logf("%s: %.1f allocations per Sign", bc.name, allocs)
	}
}
