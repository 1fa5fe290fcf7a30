package oss_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// TestFIPSOnly checks that V1 (HMAC-SHA1) refuses to sign or verify under
// GODEBUG=fips140=only with an error, instead of the panic crypto/hmac would raise, and that V4
// still signs. It re-runs itself in a child process with that setting.
func TestFIPSOnly(t *testing.T) {
	if os.Getenv("APISIG_OSS_FIPS_CHILD") == "1" {
		req := newRequest("GET", host, "/k", "", "")
		err := (&oss.V1{}).Sign(context.Background(), req(), testCreds)
		if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "FIPS") {
			t.Fatalf("V1 Sign under fips140=only: %v, want an error naming FIPS", err)
		}
		if _, err := (&oss.V1{Keys: testKeys}).Verify(context.Background(), req()); err == nil || !strings.Contains(err.Error(), "FIPS") {
			t.Fatalf("V1 Verify under fips140=only: %v", err)
		}
		if err := (&oss.V4{Region: "cn-hangzhou"}).Sign(context.Background(), req(), testCreds); err != nil {
			t.Fatalf("V4 Sign under fips140=only: %v", err)
		}
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
	cmd.Env = append(os.Environ(), "APISIG_OSS_FIPS_CHILD=1", "GODEBUG=fips140=only")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "fips140") && !strings.Contains(string(out), "--- FAIL") {
			t.Skipf("this toolchain cannot run with fips140=only: %s", out)
		}
		t.Fatalf("child: %v\n%s", err, out)
	}
}
