package sigv2_test

import (
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/apisig/apisig/aws/sigv2"
)

// FuzzParseAuthorization checks that no input panics the parser and that what it accepts
// formats back to itself.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=",
		"AWS AKIAIOSFODNN7EXAMPLE:",
		"AWS :sig",
		"AWS a:b:c",
		"AWS4-HMAC-SHA256 Credential=x",
		"AWS  x:y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := sigv2.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		if a.AccessKeyID == "" || a.Signature == "" {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		if again := sigv2.AuthPrefix + a.AccessKeyID + ":" + a.Signature; again != v {
			t.Fatalf("round trip: %q != %q", again, v)
		}
	})
}

// FuzzParsePresign checks that no query panics the presign parser and that an accepted query
// has every parameter.
func FuzzParsePresign(f *testing.F) {
	for _, s := range []string{
		"AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
		"AWSAccessKeyId=a&Signature=b&Expires=-1",
		"AWSAccessKeyId=a&AWSAccessKeyId=b&Signature=c&Expires=1",
		"Expires=99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := sigv2.ParsePresign(q)
		if err != nil {
			return
		}
		if p.AccessKeyID == "" || p.Signature == "" || p.ExpiresRaw == "" || p.Expires.Unix() < 0 {
			t.Fatalf("accepted an incomplete presign: %+v", p)
		}
		_, _ = base64.StdEncoding.DecodeString(p.Signature)
	})
}
