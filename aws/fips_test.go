package aws_test

import (
	"context"
	"crypto/fips140"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestFIPSOnly runs itself again under GODEBUG=fips140=only, where crypto/hmac panics on a key
// shorter than 112 bits: SigV4 signs and verifies there with AWS's example secret, and a secret
// that makes "AWS4" + secret shorter than 14 bytes is an ErrInvalidInput for every entry point
// (header, presign, chunked, POST policy, verification), never a panic.
func TestFIPSOnly(t *testing.T) {
	if !fips140.Enforced() {
		if os.Getenv("APISIG_AWS_FIPS_CHILD") != "" {
			t.Skip("GODEBUG=fips140=only is not available in this toolchain")
		}
		if testing.Short() {
			t.Skip("re-runs the test binary")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnly$", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only", "APISIG_AWS_FIPS_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("under fips140=only: %v\n%s", err, out)
		}
		t.Logf("%s", out)
		return
	}
	ctx := context.Background()
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	good := apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}
	short := apisig.Credentials{AccessKeyID: "AKID", Secret: apisig.NewSecret("SECRET")} // "AWS4SECRET": 10 bytes
	keys := apisig.StaticKeys{good.AccessKeyID: good.Secret, short.AccessKeyID: short.Secret}
	s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(at), Keys: keys}
	newReq := func() *http.Request {
		req, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/test.txt", nil)
		return req
	}

	req := newReq()
	if err := s.Sign(ctx, req, good); err != nil {
		t.Fatalf("Sign: %v", err)
	}
	if _, err := s.Verify(ctx, req); err != nil {
		t.Fatalf("Verify: %v", err)
	}

	wantInvalid := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%s with a 6-byte secret = %v, want ErrInvalidInput", name, err)
		}
	}
	wantInvalid("Sign", s.Sign(ctx, newReq(), short))
	_, err := s.Explain(ctx, newReq(), short)
	wantInvalid("Explain", err)
	_, err = s.Presign(ctx, newReq(), short, time.Hour)
	wantInvalid("Presign", err)
	put, _ := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/k", nil)
	wantInvalid("Chunked.Sign", (&aws.Chunked{SigV4: *s}).Sign(ctx, put, short))
	policy := (&aws.PostPolicy{Expiration: at.Add(time.Hour)}).Bucket("b").Key("k")
	_, err = (&aws.PostSigner{Region: "us-east-1", Clock: apisig.FixedClock(at)}).Sign(ctx, policy, short)
	wantInvalid("PostSigner.Sign", err)
	fu := &aws.FineUploader{Rules: aws.FineUploaderRules{Bucket: "b"}, Credentials: good, Clock: apisig.FixedClock(at)}
	_, err = fu.Sign([]byte(`{"expiration":"2013-05-24T01:00:00.000Z","conditions":[{"bucket":"b"},["starts-with","$key",""]]}`), false)
	wantInvalid("FineUploader.Sign (SigV2, HMAC-SHA1)", err)

	// A verifier whose key store holds a short secret answers with an error too.
	req = newReq()
	if err := (&aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(at)}).Sign(ctx, req,
		apisig.Credentials{AccessKeyID: short.AccessKeyID, Secret: apisig.NewSecret("a secret long enough")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Verify(ctx, req)
	wantInvalid("Verify", err)
}
