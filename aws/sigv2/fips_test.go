package sigv2_test

import (
	"context"
	"crypto/fips140"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
)

// TestFIPSOnly runs itself again under GODEBUG=fips140=only, where HMAC-SHA1 would panic, and
// requires Sign, Presign and Verify to return an error instead.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		if os.Getenv("APISIG_SIGV2_FIPS_CHILD") != "" {
			t.Skip("GODEBUG=fips140=only is not available in this toolchain")
		}
		if testing.Short() {
			t.Skip("re-runs the test binary")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only", "APISIG_SIGV2_FIPS_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("under fips140=only: %v\n%s", err, out)
		}
		return
	}
	ctx := context.Background()
	s := &sigv2.SigV2{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	if err := s.Sign(ctx, newRequest("GET", "h", "/b/k", "", "")(), testCreds); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Sign = %v, want ErrInvalidInput", err)
	}
	if _, err := s.Presign(ctx, newRequest("GET", "h", "/b/k", "", "")(), testCreds, 60e9); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Presign = %v, want ErrInvalidInput", err)
	}
	req := newRequest("GET", "h", "/b/k", "", "", "Date", "Mon, 23 Nov 2026 09:30:00 GMT", "Authorization", "AWS AKIDEXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=")()
	if _, err := s.Verify(ctx, req); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Verify = %v, want ErrInvalidInput", err)
	}
}
