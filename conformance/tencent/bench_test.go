package tencent

// Side-by-side benchmarks: apisig's tencent.TC3 and tencent.V1 against tencentcloud-sdk-go,
// which signs only inside Client.Send. The SDK rows are Send through a capturing transport,
// signed and with SetSkipSign(true) (the SDK builds and "sends" the same request without
// signing it); their difference is the SDK's signing cost. Results: BENCHMARKS.md.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

var (
	benchTime  = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	benchID    = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	benchKey   = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	benchCreds = apisig.Credentials{AccessKeyID: benchID, Secret: apisig.NewSecret(benchKey)}
)

// benchParams is a DescribeInstances call: a limit, an offset, two filters with values.
func benchParams() *genRequest {
	s := func(v string) *string { return &v }
	limit, offset := int64(20), uint64(0)
	r := &genRequest{BaseRequest: &tchttp.BaseRequest{}, Limit: &limit, Offset: &offset,
		InstanceIds: []*string{s("ins-09dx96dg")},
		Filters: []*genFilter{
			{Name: s("zone"), Values: []*string{s("ap-guangzhou-3"), s("ap-guangzhou-4")}},
			{Name: s("instance-name"), Values: []*string{s("web-01"), s("web-02")}},
		}}
	r.Init().WithApiInfo("cvm", "2017-03-12", "DescribeInstances")
	return r
}

func benchClient(signMethod, method string) *common.Client {
	cp := profile.NewClientProfile()
	cp.SignMethod = signMethod
	cp.DisableRegionBreaker = true
	cp.HttpProfile.ReqMethod = method
	return common.NewCommonClient(common.NewCredential(benchID, benchKey), "ap-guangzhou", cp).WithHttpTransport(&capture{})
}

// sdkSent returns the request the SDK sends for the benchmark call, so apisig signs the same.
func sdkSent(b *testing.B, signMethod, method string) (*http.Request, []byte) {
	cp := &capture{}
	cl := benchClient(signMethod, method).WithHttpTransport(cp)
	req := benchParams()
	req.SetHeader(map[string]string{"X-TC-Timestamp": strconv.FormatInt(benchTime.Unix(), 10)})
	if err := cl.Send(req, tchttp.NewCommonResponse()); err != nil {
		b.Fatal(err)
	}
	return cp.req, cp.body
}

func BenchmarkTC3(b *testing.B) {
	ctx := context.Background()
	b.Run("apisig", func(b *testing.B) {
		sent, body := sdkSent(b, "TC3-HMAC-SHA256", "POST")
		req := replay(sent, body, "Authorization")
		s := &tencent.TC3{Clock: apisig.FixedClock(benchTime)}
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(ctx, req, benchCreds); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, skip := range []bool{false, true} {
		name := "sdk-send"
		if skip {
			name = "sdk-send-skipsign"
		}
		b.Run(name, func(b *testing.B) {
			cl := benchClient("TC3-HMAC-SHA256", "POST")
			b.ReportAllocs()
			for b.Loop() {
				req := benchParams()
				req.SetSkipSign(skip)
				if err := cl.Send(req, tchttp.NewCommonResponse()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("floor", func(b *testing.B) {
		sent, body := sdkSent(b, "TC3-HMAC-SHA256", "POST")
		s := &tencent.TC3{Clock: apisig.FixedClock(benchTime)}
		tr, err := s.Explain(ctx, replay(sent, body, "Authorization"), benchCreds)
		if err != nil {
			b.Fatal(err)
		}
		cr, _ := tr.Find(apisig.StepCanonicalRequest)
		sts, _ := tr.Find(apisig.StepStringToSign)
		var key []byte
		for _, st := range tr.Steps {
			if st.Kind == apisig.StepKey {
				key, _ = hex.DecodeString(st.Reveal())
			}
		}
		floorTC3(b, body, []byte(cr), []byte(sts[:len(sts)-64]), key)
	})
}

// floorTC3 is the cryptographic work every TC3 signer does: SHA-256 of the body, SHA-256 of the
// canonical request, one HMAC-SHA256 with a cached, pre-keyed signing key.
func floorTC3(b *testing.B, body, cr, stsPrefix, key []byte) {
	m := hmac.New(sha256.New, key)
	h := sha256.New()
	var sum [32]byte
	var hx [64]byte
	sts := make([]byte, 0, len(stsPrefix)+64)
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		h.Write(body)
		h.Sum(sum[:0])
		h.Reset()
		h.Write(cr)
		hex.Encode(hx[:], h.Sum(sum[:0]))
		sts = append(append(sts[:0], stsPrefix...), hx[:]...)
		m.Reset()
		m.Write(sts)
		m.Sum(sum[:0])
	}
}

func BenchmarkV1(b *testing.B) {
	ctx := context.Background()
	for _, method := range []string{"GET", "POST"} {
		b.Run(method+"/apisig", func(b *testing.B) {
			sent, body := sdkSent(b, "HmacSHA1", method)
			raw, rawBody := sent.URL.RawQuery, body
			if method == "POST" {
				rawBody = []byte(withoutSignature(string(body)))
			} else {
				raw = withoutSignature(raw)
			}
			s := &tencent.V1{Clock: apisig.FixedClock(benchTime), Nonce: apisig.NonceFunc(func() (string, error) { return "11886", nil })}
			req := replay(sent, rawBody)
			b.ReportAllocs()
			for b.Loop() {
				if method == "POST" {
					req.Body = io.NopCloser(bytes.NewReader(rawBody))
					req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(rawBody)), nil }
				} else {
					req.URL.RawQuery = raw
				}
				if err := s.Sign(ctx, req, benchCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(method+"/sdk-send", func(b *testing.B) {
			cl := benchClient("HmacSHA1", method)
			b.ReportAllocs()
			for b.Loop() {
				if err := cl.Send(benchParams(), tchttp.NewCommonResponse()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("common.Sign", func(b *testing.B) {
		sts := "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12"
		b.ReportAllocs()
		for b.Loop() {
			_ = common.Sign(sts, benchKey, "HmacSHA1")
		}
	})
}
