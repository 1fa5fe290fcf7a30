package oss_test

import (
	"strings"
	"testing"

	"github.com/apisig/apisig/alibaba/oss"
)

// TestSignatureHexErrorByte names a non-hex byte of a V4 signature as the byte it is, not as the
// rune its value happens to be ("\xc3", not "Ã").
func TestSignatureHexErrorByte(t *testing.T) {
	sig := "é" + strings.Repeat("0", 62)
	_, err := oss.ParseAuthorizationV4("OSS4-HMAC-SHA256 Credential=AKID/20260101/cn-hangzhou/oss/aliyun_v4_request,Signature=" + sig)
	if err == nil || !strings.Contains(err.Error(), `"\xc3" is not one`) {
		t.Errorf("ParseAuthorizationV4(signature %q) = %v; want it to name the byte \"\\xc3\"", sig, err)
	}
}
