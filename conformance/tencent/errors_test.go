package tencent

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// TestErrorBodyReadBySDK: the SDK's own response parser reads apisig's rendered verification
// errors as the Tencent errors they are (code, message, request id).
func TestErrorBodyReadBySDK(t *testing.T) {
	ctx := context.Background()
	c := Generate(9, 1)[0]
	c.Endpoint, c.Unsigned = "", false
	sent, body, err := sendSDK(c, "TC3-HMAC-SHA256")
	if err != nil {
		t.Fatal(err)
	}
	keys := apisig.StaticKeys{c.SecretID: apisig.NewSecret(c.SecretKey)}
	for _, tc := range []struct {
		name string
		v    *tencent.TC3
		req  *http.Request
		code string
	}{
		{"mismatch", &tencent.TC3{Clock: apisig.FixedClock(c.Time), Keys: apisig.StaticKeys{c.SecretID: apisig.NewSecret("other")}}, replay(sent, body), tencent.CodeSignatureFailure},
		{"expired", &tencent.TC3{Clock: apisig.FixedClock(c.Time.Add(time.Hour)), Keys: keys}, replay(sent, body), tencent.CodeSignatureExpire},
		{"unknown-key", &tencent.TC3{Clock: apisig.FixedClock(c.Time), Keys: apisig.StaticKeys{}}, replay(sent, body), tencent.CodeSecretIDNotFound},
		{"no-action", &tencent.TC3{Clock: apisig.FixedClock(c.Time), Keys: keys}, replay(sent, body, "X-TC-Action"), tencent.CodeMissingParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, verr := tc.v.Verify(ctx, tc.req)
			if verr == nil {
				t.Fatal("verified")
			}
			err := tchttp.ParseErrorFromHTTPResponse(tencent.ErrorBody(verr, "req-42"))
			var sdkErr *tcerr.TencentCloudSDKError
			if !errors.As(err, &sdkErr) {
				t.Fatalf("SDK parsed %v", err)
			}
			if sdkErr.GetCode() != tc.code || sdkErr.GetRequestId() != "req-42" || sdkErr.GetMessage() == "" {
				t.Errorf("SDK read code %q message %q request id %q, want code %s", sdkErr.GetCode(), sdkErr.GetMessage(), sdkErr.GetRequestId(), tc.code)
			}
		})
	}
}
