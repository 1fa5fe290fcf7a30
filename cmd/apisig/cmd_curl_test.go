package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/apisig/apisig"
)

func TestTransient(t *testing.T) {
	for code, want := range map[int]bool{200: false, 404: false, 403: false, 408: true, 429: true, 500: true, 501: false, 502: true, 503: true, 504: true} {
		if got := transient(&http.Response{StatusCode: code}, nil); got != want {
			t.Errorf("transient(HTTP %d) = %v; want %v", code, got, want)
		}
	}
	if !transient(nil, fmt.Errorf("get: %w", context.DeadlineExceeded)) {
		t.Errorf("transient(a deadline) = false; want true")
	}
	if !transient(nil, &os.SyscallError{Syscall: "read", Err: os.ErrDeadlineExceeded}) {
		t.Errorf("transient(a network timeout) = false; want true")
	}
	if transient(nil, errors.New("connection refused")) {
		t.Errorf("transient(connection refused) = true; want false, as curl without --retry-connrefused")
	}
}

func TestRedactor(t *testing.T) {
	r := redactor(apisig.Credentials{SessionToken: apisig.NewSecret("a/b+c=")})
	for in, want := range map[string]string{
		"X-Amz-Security-Token: a/b+c=":            "X-Amz-Security-Token: [REDACTED]",
		"GET /?X-Amz-Security-Token=a%2Fb%2Bc%3D": "GET /?X-Amz-Security-Token=[REDACTED]",
		"nothing here": "nothing here",
	} {
		if got := r(in); got != want {
			t.Errorf("redact(%q) = %q; want %q", in, got, want)
		}
	}
	if got := redactor(apisig.Credentials{})("a/b+c="); got != "a/b+c=" {
		t.Errorf("redact without a token = %q; want the input", got)
	}
}

// TestCurlErrorRedactsToken: a transport error quotes the URL, and a presigned URL carries the
// session token; the error printed must not.
func TestCurlErrorRedactsToken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens: the connection is refused
	var stdout, stderr bytes.Buffer
	code := run([]string{"curl", "--presign", "--scheme", "aws-sigv4", "--region", "us-east-1", "--service", "s3",
		"--access-key", "AKIDEXAMPLE", "--secret-key", "SECRETzz9876", "--session-token", "TOKENqq/54+32",
		"http://" + addr + "/b/k"}, &stdout, &stderr)
	if code != exitFailure {
		t.Errorf("exit status %d; want %d", code, exitFailure)
	}
	out := stdout.String() + stderr.String()
	if !strings.Contains(out, "X-Amz-Security-Token=[REDACTED]") {
		t.Errorf("the error does not show the redacted URL:\n%s", out)
	}
	for _, s := range []string{"TOKENqq", "SECRETzz9876"} {
		if strings.Contains(out, s) {
			t.Errorf("output shows %s:\n%s", s, out)
		}
	}
}
