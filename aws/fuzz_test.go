package aws_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig/aws"
)

// FuzzParseAuthorization checks that no input panics the Authorization parser, and that what it
// accepts is a well-formed header that formats back to itself.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
		"AWS4-HMAC-SHA256",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/e,,,",
		"AWS4-HMAC-SHA256 Credential==, SignedHeaders=;;, Signature=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := aws.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		c := a.Credential
		if c.AccessKeyID == "" || len(c.Date) != 8 || c.Region == "" || c.Service == "" || len(a.Signature) != 64 || !slices.Contains(a.SignedHeaders, "host") {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		again := aws.Algorithm + " Credential=" + c.AccessKeyID + "/" + c.Date + "/" + c.Region + "/" + c.Service + "/aws4_request, SignedHeaders=" +
			strings.Join(a.SignedHeaders, ";") + ", Signature=" + a.Signature
		b, err := aws.ParseAuthorization(again)
		if err != nil {
			t.Fatalf("reformatted header %q does not parse: %v", again, err)
		}
		if b.Credential != a.Credential || b.Signature != a.Signature || !slices.Equal(b.SignedHeaders, a.SignedHeaders) {
			t.Fatalf("round trip: %+v != %+v", b, a)
		}
	})
}

// FuzzParsePresign checks that no query panics the presign parser and that an accepted query
// has every parameter within its documented limits.
func FuzzParsePresign(f *testing.F) {
	for _, s := range []string{
		"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
		"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604801",
		"X-Amz-Expires=-1&X-Amz-Expires=+5",
		"X-Amz-Date=20130524T000000Z&X-Amz-Credential=a/20130524/r/s/aws4_request",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := aws.ParsePresign(q)
		if err != nil {
			return
		}
		if p.Expires <= 0 || p.Expires > aws.MaxPresignExpiry || len(p.Signature) != 64 || p.Credential.Date != p.Date.Format("20060102") {
			t.Fatalf("accepted out-of-range presign: %+v", p)
		}
	})
}
