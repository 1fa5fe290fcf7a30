package cos_test

import (
	"context"
	"crypto/fips140"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
)

// TestFIPSOnly runs itself again under GODEBUG=fips140=only, where HMAC-SHA1 would panic, and
// requires Sign and Verify to return an error instead.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		if os.Getenv("APISIG_COS_FIPS_CHILD") != "" {
			t.Skip("GODEBUG=fips140=only is not available in this toolchain")
		}
		if testing.Short() {
			t.Skip("re-runs the test binary")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only", "APISIG_COS_FIPS_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("under fips140=only: %v\n%s", err, out)
		}
		return
	}
	s := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	req := newRequest("GET", bucket, "/", "", "")()
	if err := s.Sign(context.Background(), req, testCreds); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Sign = %v, want ErrInvalidInput", err)
	}
	req.Header.Set("Authorization", "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=&q-signature=0000000000000000000000000000000000000000")
	if _, err := s.Verify(context.Background(), req); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Verify = %v, want ErrInvalidInput", err)
	}
}
