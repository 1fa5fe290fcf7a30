package tencent

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// TestSDKAgainstMiddleware runs the real SDK client over HTTP against apisig's verifying
// middleware with Tencent's error writer: signed calls (TC3, v1 HmacSHA1 and HmacSHA256, GET and
// POST) pass, and a call with a wrong secret fails in the SDK with the code apisig answered.
func TestSDKAgainstMiddleware(t *testing.T) {
	const id, secret = "AKIDmiddlewareEXAMPLE", "middleware-secret/+="
	keys := apisig.StaticKeys{id: apisig.NewSecret(secret)}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(okBody)
	})
	for _, tc := range []struct {
		name, signMethod, method string
		verifier                 apisig.Verifier
	}{
		{"tc3-post", "TC3-HMAC-SHA256", "POST", &tencent.TC3{Keys: keys}},
		{"tc3-get", "TC3-HMAC-SHA256", "GET", &tencent.TC3{Keys: keys}},
		{"v1-sha1-get", "HmacSHA1", "GET", &tencent.V1{Keys: keys}},
		{"v1-sha256-post", "HmacSHA256", "POST", &tencent.V1{Keys: keys}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(apisig.Middleware(apisig.MiddlewareOptions{Verifier: tc.verifier, OnError: tencent.WriteError})(ok))
			defer srv.Close()
			u, _ := url.Parse(srv.URL)
			call := func(key string) error {
				cp := profile.NewClientProfile()
				cp.SignMethod = tc.signMethod
				cp.DisableRegionBreaker = true
				cp.HttpProfile.ReqMethod = tc.method
				cp.HttpProfile.Scheme = "http"
				cp.HttpProfile.Endpoint = u.Host
				cl := common.NewCommonClient(common.NewCredential(id, key), "ap-guangzhou", cp)
				return cl.Send(benchParams(), tchttp.NewCommonResponse())
			}
			if err := call(secret); err != nil {
				t.Fatalf("signed SDK call rejected: %v", err)
			}
			err := call("wrong-secret")
			var sdkErr *tcerr.TencentCloudSDKError
			if !errors.As(err, &sdkErr) || sdkErr.GetCode() != tencent.CodeSignatureFailure || sdkErr.GetRequestId() == "" {
				t.Fatalf("wrong secret: SDK error %v, want %s with a request id", err, tencent.CodeSignatureFailure)
			}
		})
	}
}
