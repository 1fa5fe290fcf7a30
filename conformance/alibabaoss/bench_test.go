package alibabaoss

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"net/http"
	"testing"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/signer"
	aliyun "github.com/aliyun/aliyun-oss-go-sdk/oss"
	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

var benchTime = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// benchRequest is a PUT of an object with a sub-resource, Content-Type, Content-MD5 and two
// x-oss-meta headers.
func benchRequest() *http.Request {
	req, _ := http.NewRequest("PUT", "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/photos/2026/test.txt?acl", nil)
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Content-MD5", "eB5eJF1ptWaXm4bijSPyxw==")
	req.Header.Set("X-Oss-Meta-Author", "alice")
	req.Header.Set("X-Oss-Meta-Magic", "abracadabra")
	return req
}

var benchCreds = apisig.Credentials{AccessKeyID: accessKey, Secret: apisig.NewSecret(secretKey)}

func sdkV2Context(req *http.Request, query bool) *signer.SigningContext {
	b, k, r, p := "examplebucket", "photos/2026/test.txt", region, "oss"
	return &signer.SigningContext{Bucket: &b, Key: &k, Region: &r, Product: &p, Request: req, AuthMethodQuery: query,
		Credentials: &credentials.Credentials{AccessKeyID: accessKey, AccessKeySecret: secretKey}, Time: benchTime}
}

func BenchmarkHeader(b *testing.B) {
	ctx := context.Background()
	clock := apisig.FixedClock(benchTime)
	for _, bc := range []struct {
		name string
		sign func(req *http.Request) error
	}{
		{"v1/apisig", func(req *http.Request) error { return (&oss.V1{Clock: clock}).Sign(ctx, req, benchCreds) }},
		{"v1/sdk-v2", func(req *http.Request) error { return (&signer.SignerV1{}).Sign(ctx, sdkV2Context(req, false)) }},
		{"v4/apisig", func(req *http.Request) error {
			return (&oss.V4{Region: region, Clock: clock}).Sign(ctx, req, benchCreds)
		}},
		{"v4/sdk-v2", func(req *http.Request) error { return (&signer.SignerV4{}).Sign(ctx, sdkV2Context(req, false)) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := benchRequest()
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.sign(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The crypto floor of a V1 signature: HMAC-SHA1 of the 160-byte string to sign.
	b.Run("v1/floor-hmac-sha1", func(b *testing.B) {
		sts := []byte("PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/plain\nMon, 23 Nov 2026 09:30:00 GMT\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/photos/2026/test.txt?acl")
		m := hmac.New(sha1.New, []byte(secretKey))
		var sum [20]byte
		b.ReportAllocs()
		for b.Loop() {
			m.Reset()
			m.Write(sts)
			m.Sum(sum[:0])
		}
	})
}

func BenchmarkPresign(b *testing.B) {
	ctx := context.Background()
	clock := apisig.FixedClock(benchTime)
	old := func(v4 bool) *aliyun.Bucket {
		opts := []aliyun.ClientOption{}
		if v4 {
			opts = append(opts, aliyun.AuthVersion(aliyun.AuthV4), aliyun.Region(region))
		}
		cl, err := aliyun.New("https://"+endpoint, accessKey, secretKey, opts...)
		if err != nil {
			b.Fatal(err)
		}
		bk, _ := cl.Bucket("examplebucket")
		return bk
	}
	oldV1, oldV4 := old(false), old(true)
	oldOpts := []aliyun.Option{aliyun.AddParam("acl", ""), aliyun.ContentType("text/plain"), aliyun.ContentMD5("eB5eJF1ptWaXm4bijSPyxw=="), aliyun.Meta("author", "alice"), aliyun.Meta("magic", "abracadabra")}
	sdkV2 := func(s signer.Signer) func(req *http.Request) error {
		return func(req *http.Request) error {
			r := *req
			u := *req.URL
			r.URL = &u
			sc := sdkV2Context(&r, true)
			sc.Time = time.Now().Add(time.Hour)
			return s.Sign(ctx, sc)
		}
	}
	for _, bc := range []struct {
		name string
		sign func(req *http.Request) error
	}{
		{"v1/apisig", func(req *http.Request) error {
			_, err := (&oss.V1{Clock: clock}).Presign(ctx, req, benchCreds, time.Hour)
			return err
		}},
		{"v1/sdk-v2", sdkV2(&signer.SignerV1{})},
		{"v1/aliyun-oss-go-sdk", func(*http.Request) error {
			_, err := oldV1.SignURL("photos/2026/test.txt", aliyun.HTTPPut, 3600, oldOpts...)
			return err
		}},
		{"v4/apisig", func(req *http.Request) error {
			_, err := (&oss.V4{Region: region, Clock: clock}).Presign(ctx, req, benchCreds, time.Hour)
			return err
		}},
		{"v4/sdk-v2", sdkV2(&signer.SignerV4{})},
		{"v4/aliyun-oss-go-sdk", func(*http.Request) error {
			_, err := oldV4.SignURL("photos/2026/test.txt", aliyun.HTTPPut, 3600, oldOpts...)
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := benchRequest()
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.sign(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
