package oss_test

import (
	"context"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

// TestHeaderSpellingsDeterministic signs a hand-built header map that holds headers in two
// spellings: Go ranges over maps in random order, and the signature must not follow it.
func TestHeaderSpellingsDeterministic(t *testing.T) {
	clock := apisig.FixedClock(testTime)
	for _, s := range []apisig.Signer{
		&oss.V1{Clock: clock, Keys: testKeys},
		&oss.V4{Region: "cn-hangzhou", Clock: clock, Keys: testKeys},
	} {
		var first string
		for i := range 50 {
			r := newRequest("PUT", host, "/k", "", "hello")()
			r.Header["X-Oss-Meta-A"] = []string{"1"}
			r.Header["x-oss-meta-a"] = []string{"2"}
			r.Header["X-OSS-META-A"] = []string{"3"}
			r.Header["Content-Type"] = []string{"text/plain"}
			r.Header["content-type"] = []string{"text/html"}
			r.Header["Content-Md5"] = []string{"XUFAKrxLKna5cZ2REBfFkg=="}
			r.Header["content-md5"] = []string{"1B2M2Y8AsgTpgAmY7PhCfg=="}
			if err := s.Sign(context.Background(), r, testCreds); err != nil {
				t.Fatal(err)
			}
			got := r.Header.Get("Authorization")
			if i == 0 {
				first = got
			} else if got != first {
				t.Fatalf("%T: signing the same request twice gave %q and %q", s, first, got)
			}
		}
	}
}
