package tencent_test

import (
	"context"
	"crypto/fips140"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// TestFIPSOnly re-runs itself with GODEBUG=fips140=only: there v1 HmacSHA1 must be an error
// (never a panic from crypto/hmac), while HmacSHA256 and TC3 still sign.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		if testing.Short() {
			t.Skip("re-runs the test binary")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestFIPSOnly") {
			t.Fatalf("under fips140=only: %v\n%s", err, out)
		}
		return
	}
	ctx := context.Background()
	get := newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")
	err := (&tencent.V1{Clock: apisig.FixedClock(testTime)}).Sign(ctx, get(), testCreds)
	if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "FIPS") {
		t.Fatalf("HmacSHA1 under FIPS-only: %v", err)
	}
	if err := (&tencent.V1{Method: tencent.HmacSHA256, Clock: apisig.FixedClock(testTime)}).Sign(ctx, get(), testCreds); err != nil {
		t.Fatalf("HmacSHA256 under FIPS-only: %v", err)
	}
	if err := (&tencent.TC3{Clock: apisig.FixedClock(testTime)}).Sign(ctx, tc3Req("{}")(), testCreds); err != nil {
		t.Fatalf("TC3 under FIPS-only: %v", err)
	}
}
