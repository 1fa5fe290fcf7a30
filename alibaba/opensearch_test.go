package alibaba_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// TestOpenSearchSearchExample signs the OpenSearch v3 search example (app_schema_demo, nonce
// 1551089397451704, 2019-02-25T10:09:57Z). The expected value is a CROSS-CHECK, not a shared
// published vector: it comes from a public Go repository's test that says it reproduces the
// official search example (found by exact-string search for X-Opensearch-Nonce); it was not yet
// confirmed against Alibaba Cloud's page. It fixed one rule: the empty parameter "empty=" is
// left out of the canonicalized resource.
func TestOpenSearchSearchExample(t *testing.T) {
	raw := "https://opensearch-cn-hangzhou.aliyuncs.com/v3/openapi/apps/app_schema_demo/search?query=query%3Dname%3A%27%E6%96%87%E6%A1%A3%27%26%26sort%3Did%26%26config%3Dformat%3Afulljson&fetch_fields=name&empty="
	req, err := http.NewRequest("GET", raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	s := &alibaba.OpenSearch{Clock: apisig.FixedClock(time.Date(2019, 2, 25, 10, 9, 57, 0, time.UTC)), Nonce: fixedNonce("1551089397451704")}
	if err := s.Sign(context.Background(), req, apisig.Credentials{AccessKeyID: "LTAIEXAMPLE", Secret: apisig.NewSecret("yourAccessKeySecret")}); err != nil {
		t.Fatal(err)
	}
	if got, want := req.Header.Get("Authorization"), "OPENSEARCH LTAIEXAMPLE:Mv5FyQxr6myxxnwMPqJ6f6F9+9Y="; got != want {
		t.Errorf("Authorization = %s, want %s", got, want)
	}
	if req.Header.Get("Date") != "2019-02-25T10:09:57Z" || req.Header.Get("X-Opensearch-Nonce") != "1551089397451704" {
		t.Errorf("headers = %v", req.Header)
	}
}
