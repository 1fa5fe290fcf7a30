package oss_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// TestTarget checks where the bucket and key are read from, through the resource in the
// string to sign (the rule of the OSS docs: /bucket/key, or / without a bucket).
func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      oss.V1
		url    string
		host   string
		wantRe string
	}{
		{"virtual-hosted", oss.V1{}, "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a/b", "", "\n/examplebucket/a/b"},
		{"virtual-hosted root", oss.V1{}, "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/", "", "\n/examplebucket/"},
		{"path-style endpoint", oss.V1{}, "https://oss-cn-hangzhou.aliyuncs.com/examplebucket/a", "", "\n/examplebucket/a"},
		{"service root", oss.V1{}, "https://oss-cn-hangzhou.aliyuncs.com/", "", "GMT\n/"},
		{"region.oss endpoint", oss.V1{}, "https://cn-hangzhou.oss.aliyuncs.com/b/k", "", "\n/b/k"},
		{"internal endpoint", oss.V1{}, "https://oss-cn-hangzhou-internal.aliyuncs.com/b/k", "", "\n/b/k"},
		{"ip address", oss.V1{}, "http://127.0.0.1:9000/b/k//x/", "", "\n/b/k//x/"},
		{"ipv6 address", oss.V1{}, "http://[::1]:9000/b/k", "", "\n/b/k"},
		{"virtual-hosted with port", oss.V1{}, "https://b.oss-cn-hangzhou.aliyuncs.com:443/k", "", "\n/b/k"},
		{"bucket named oss-", oss.V1{}, "https://oss-example.oss-cn-hangzhou.aliyuncs.com/k", "", "\n/oss-example/k"},
		{"bucket on region.oss endpoint", oss.V1{}, "https://b.cn-hangzhou.oss.aliyuncs.com/k", "", "\n/b/k"},
		{"double slash key", oss.V1{}, "https://b.oss-cn-hangzhou.aliyuncs.com//x", "", "\n/b//x"},
		{"cname", oss.V1{Bucket: "b", Addressing: oss.AddressingCNAME}, "https://static.example.com/a", "", "\n/b/a"},
		{"bucket set, auto, cname", oss.V1{Bucket: "b"}, "https://static.example.com/a", "", "\n/b/a"},
		{"bucket set, auto, path", oss.V1{Bucket: "b"}, "http://localhost/b/a", "", "\n/b/a"},
		{"host header wins", oss.V1{}, "https://10.0.0.1/a", "bkt.oss-cn-beijing.aliyuncs.com", "\n/bkt/a"},
		{"forced path style", oss.V1{Addressing: oss.AddressingPathStyle}, "https://x.example.com/b/k", "", "\n/b/k"},
		{"forced virtual hosted", oss.V1{Addressing: oss.AddressingVirtualHosted}, "https://b.example.com/k", "", "\n/b/k"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", tc.url, nil)
			if tc.host != "" {
				req.Host = tc.host
			}
			s := tc.s
			s.Clock = apisig.FixedClock(testTime)
			tr, err := s.Explain(context.Background(), req, testCreds)
			if err != nil {
				t.Fatal(err)
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if !strings.HasSuffix(sts, tc.wantRe) {
				t.Errorf("string to sign %q does not end in %q", sts, tc.wantRe)
			}
		})
	}
}

// TestWirePath checks that the signer sends the key escaped as it signs it: a '+' goes out as
// %2B, so OSS never reads it as a space (D06).
func TestWirePath(t *testing.T) {
	req, _ := http.NewRequest("PUT", "https://b.oss-cn-hangzhou.aliyuncs.com/a+b c", nil)
	if err := (&oss.V1{Clock: apisig.FixedClock(testTime)}).Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	if got := req.URL.EscapedPath(); got != "/a%2Bb%20c" {
		t.Errorf("path on the wire %q, want /a%%2Bb%%20c", got)
	}
}
