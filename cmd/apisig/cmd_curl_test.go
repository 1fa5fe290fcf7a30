package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
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
