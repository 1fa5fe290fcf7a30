package tencent_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// benchBody is a CVM DescribeInstances body of about 200 bytes.
var benchBody = []byte(`{"Limit":20,"Offset":0,"Filters":[{"Name":"zone","Values":["ap-guangzhou-3","ap-guangzhou-4"]},{"Name":"instance-name","Values":["web-01","web-02","web-03"]}],"InstanceIds":["ins-09dx96dg"]}`)

func benchTC3() (*tencent.TC3, *http.Request) {
	s := &tencent.TC3{Clock: apisig.FixedClock(testTime)}
	req, _ := http.NewRequest("POST", "https://cvm.tencentcloudapi.com/", bytes.NewReader(benchBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "DescribeInstances")
	req.Header.Set("X-TC-Version", "2017-03-12")
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	return s, req
}

func benchTC3Unsigned() (*tencent.TC3, *http.Request) {
	s, req := benchTC3()
	s.Payload = tencent.PayloadUnsigned
	return s, req
}

func benchV1() (*tencent.V1, *http.Request) {
	s := &tencent.V1{Clock: apisig.FixedClock(testTime), Nonce: apisig.NonceFunc(func() (string, error) { return "11886", nil })}
	req, _ := http.NewRequest("GET", "https://cvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Offset=0&Region=ap-guangzhou&Version=2017-03-12", nil)
	return s, req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		new  func() (apisig.Signer, *http.Request)
	}{
		{"tc3-post-json", func() (apisig.Signer, *http.Request) { return benchTC3() }},
		{"tc3-unsigned-payload", func() (apisig.Signer, *http.Request) { return benchTC3Unsigned() }},
		{"v1-get-hmacsha1", func() (apisig.Signer, *http.Request) { return benchV1() }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s, req := bc.new()
			raw := req.URL.RawQuery
			b.ReportAllocs()
			for b.Loop() {
				req.URL.RawQuery = raw
				if err := s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerifyTC3(b *testing.B) {
	ctx := context.Background()
	s, req := benchTC3()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		b.Fatal(err)
	}
	v := &tencent.TC3{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignAllocs guards the hot paths: re-signing a TC3 request hashes its body through
// GetBody (the reader GetBody returns is the only unavoidable allocation) and builds the
// Authorization value; v1 re-encodes the query.
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		max  float64
		new  func() (apisig.Signer, *http.Request)
	}{
		{"tc3-post-json", 3, func() (apisig.Signer, *http.Request) { return benchTC3() }},
		{"tc3-unsigned-payload", 2, func() (apisig.Signer, *http.Request) { return benchTC3Unsigned() }},
		{"v1-get-hmacsha1", 5, func() (apisig.Signer, *http.Request) { return benchV1() }},
	} {
		s, req := bc.new()
		raw := req.URL.RawQuery
		allocs := testing.AllocsPerRun(200, func() {
			req.URL.RawQuery = raw
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > bc.max {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most %.0f", bc.name, allocs, bc.max)
		}
		t.Logf("%s: %.1f allocations per Sign", bc.name, allocs)
	}
}
