package sigv4a_test

import (
	"context"
	"crypto/fips140"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv4a"
)

// TestFIPSOnly runs itself again under GODEBUG=fips140=only: SigV4a (HMAC-SHA256, ECDSA P-256)
// signs and verifies there, and a secret too short for HMAC in that mode is an error, not a
// panic.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		if os.Getenv("APISIG_SIGV4A_FIPS_CHILD") != "" {
			t.Skip("GODEBUG=fips140=only is not available in this toolchain")
		}
		if testing.Short() {
			t.Skip("re-runs the test binary")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only", "APISIG_SIGV4A_FIPS_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("under fips140=only: %v\n%s", err, out)
		}
		return
	}
	ctx := context.Background()
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	req := newRequest("GET", "h", "/k", "", "")()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if _, err := s.Verify(ctx, req); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	short := apisig.Credentials{AccessKeyID: "AKID", Secret: apisig.NewSecret("SECRET")}
	if err := s.Sign(ctx, newRequest("GET", "h", "/k", "", "")(), short); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Fatalf("Sign with a 6-byte secret = %v, want ErrInvalidInput", err)
	}
}
