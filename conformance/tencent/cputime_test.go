package tencent

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// cpuNow is the process's user+system CPU time (GC workers included).
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUTimePerOp measures CPU time per operation for the benchmark scenarios: on a loaded
// shared machine, wall-clock benchmarks mostly measure the run queue, CPU time much less so.
// Run with APISIG_CPUBENCH=1; results in BENCHMARKS.md.
func TestCPUTimePerOp(t *testing.T) {
	if os.Getenv("APISIG_CPUBENCH") == "" {
		t.Skip("set APISIG_CPUBENCH=1 to measure")
	}
	ctx := context.Background()
	b := &testing.B{}
	tc3Sent, tc3Body := sdkSent(b, "TC3-HMAC-SHA256", "POST")
	tc3Req := replay(tc3Sent, tc3Body, "Authorization")
	tc3 := &tencent.TC3{Clock: apisig.FixedClock(benchTime)}
	v1Sent, _ := sdkSent(b, "HmacSHA1", "GET")
	v1Raw := withoutSignature(v1Sent.URL.RawQuery)
	v1Req := replay(v1Sent, nil)
	v1Req.URL.RawQuery = v1Raw
	v1 := &tencent.V1{Clock: apisig.FixedClock(benchTime), Nonce: apisig.NonceFunc(func() (string, error) { return "11886", nil })}
	p1Sent, p1Body := sdkSent(b, "HmacSHA1", "POST")
	p1Raw := []byte(withoutSignature(string(p1Body)))
	p1Req := replay(p1Sent, p1Raw)
	v1Probe := replay(v1Sent, nil)
	v1Probe.URL.RawQuery = v1Raw
	trV1, err := v1.Explain(ctx, v1Probe, benchCreds)
	must(t, err)
	v1STS, _ := trV1.Find(apisig.StepStringToSign)
	tc3Client := benchClient("TC3-HMAC-SHA256", "POST")
	v1Get := benchClient("HmacSHA1", "GET")
	v1Post := benchClient("HmacSHA1", "POST")
	scenarios := []struct {
		name string
		n    int
		op   func()
	}{
		{"TC3/apisig", 50000, func() { must(t, tc3.Sign(ctx, tc3Req, benchCreds)) }},
		{"TC3/floor", 50000, floorOp(t, tc3Sent, tc3Body)},
		{"TC3/sdk-send", 5000, func() { must(t, tc3Client.Send(benchParams(), tchttp.NewCommonResponse())) }},
		{"TC3/sdk-send-skipsign", 5000, func() {
			r := benchParams()
			r.SetSkipSign(true)
			must(t, tc3Client.Send(r, tchttp.NewCommonResponse()))
		}},
		{"V1/GET/apisig", 50000, func() { v1Req.URL.RawQuery = v1Raw; must(t, v1.Sign(ctx, v1Req, benchCreds)) }},
		{"V1/GET/sdk-send", 5000, func() { must(t, v1Get.Send(benchParams(), tchttp.NewCommonResponse())) }},
		{"V1/POST/apisig", 50000, func() {
			p1Req.Body = io.NopCloser(bytes.NewReader(p1Raw))
			p1Req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(p1Raw)), nil }
			must(t, v1.Sign(ctx, p1Req, benchCreds))
		}},
		{"V1/POST/sdk-send", 5000, func() { must(t, v1Post.Send(benchParams(), tchttp.NewCommonResponse())) }},
		{"V1/common.Sign", 50000, func() { _ = common.Sign(v1STS, benchKey, "HmacSHA1") }},
	}
	const rounds = 7
	res := make([][]time.Duration, len(scenarios))
	for range rounds { // interleaved, so load changes hit every scenario alike
		for i, sc := range scenarios {
			start := cpuNow()
			for range sc.n {
				sc.op()
			}
			res[i] = append(res[i], (cpuNow()-start)/time.Duration(sc.n))
		}
	}
	for i, sc := range scenarios {
		slices.Sort(res[i])
		t.Logf("%-24s median %8d ns/op CPU (min %d, max %d, %d rounds)", sc.name, res[i][rounds/2].Nanoseconds(), res[i][0].Nanoseconds(), res[i][rounds-1].Nanoseconds(), rounds)
	}
}

func must(t *testing.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

// floorOp is floorTC3's loop body: SHA-256 of the body and of the canonical request, one
// HMAC-SHA256 with a pre-keyed signing key.
func floorOp(t *testing.T, sent *http.Request, body []byte) func() {
	s := &tencent.TC3{Clock: apisig.FixedClock(benchTime)}
	tr, err := s.Explain(context.Background(), replay(sent, body, "Authorization"), benchCreds)
	must(t, err)
	cr, _ := tr.Find(apisig.StepCanonicalRequest)
	sts, _ := tr.Find(apisig.StepStringToSign)
	var key []byte
	for _, st := range tr.Steps {
		if st.Kind == apisig.StepKey {
			key, _ = hex.DecodeString(st.Reveal())
		}
	}
	prefix := []byte(sts[:len(sts)-64])
	m := hmac.New(sha256.New, key)
	h := sha256.New()
	var sum [32]byte
	var hx [64]byte
	buf := make([]byte, 0, len(prefix)+64)
	return func() {
		h.Reset()
		h.Write(body)
		h.Sum(sum[:0])
		h.Reset()
		h.Write([]byte(cr))
		hex.Encode(hx[:], h.Sum(sum[:0]))
		buf = append(append(buf[:0], prefix...), hx[:]...)
		m.Reset()
		m.Write(buf)
		m.Sum(sum[:0])
	}
}
