package sigv4a_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
)

// FuzzParseAuthorization checks that no input panics the parser and that what it accepts
// formats back to an equal header.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045022100f4c37457a8978d07fa07044d5724237f8c30f8529c4c4cd1f30a4c0e6486303f02207968f80296f1ac3808e3cb45ae1f31c479d071dcad4f0621084cd6d1b6a912bd",
		"AWS4-ECDSA-P256-SHA256 Credential=a/20150830/us-east-1/s/aws4_request,SignedHeaders=host,Signature=00",
		"AWS4-ECDSA-P256-SHA256",
		"AWS4-ECDSA-P256-SHA256 Credential==, SignedHeaders=;;, Signature=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := sigv4a.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		c := a.Credential
		if c.AccessKeyID == "" || len(c.Date) != 8 || c.Service == "" || a.Signature == "" || !slices.Contains(a.SignedHeaders, "host") {
			t.Fatalf("accepted an incomplete header: %+v", a)
		}
		again := sigv4a.Algorithm + " Credential=" + c.AccessKeyID + "/" + c.Date + "/" + c.Service + "/aws4_request, SignedHeaders=" +
			strings.Join(a.SignedHeaders, ";") + ", Signature=" + a.Signature
		b, err := sigv4a.ParseAuthorization(again)
		if err != nil {
			t.Fatalf("reformatted header %q does not parse: %v", again, err)
		}
		if b.Credential != a.Credential || b.Signature != a.Signature || !slices.Equal(b.SignedHeaders, a.SignedHeaders) {
			t.Fatalf("round trip: %+v != %+v", b, a)
		}
	})
}

// FuzzParsePresign checks that no query panics the presign parser and that an accepted query
// is within its documented limits.
func FuzzParsePresign(f *testing.F) {
	for _, s := range []string{
		"X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Region-Set=us-east-1&X-Amz-Signature=3046022100f247d46a320dbcdddf4796f6a10db3d246f088129f8167c647a9bb4549a1b8e202210086310205d88744b6808cb3875e43e7d362942abc0d21a6e55797435ab2c00567",
		"X-Amz-Region-Set=,&X-Amz-Expires=0",
		"X-Amz-Algorithm=AWS4-HMAC-SHA256",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := sigv4a.ParsePresign(q)
		if err != nil {
			return
		}
		if p.Expires <= 0 || p.Expires > aws.MaxPresignExpiry || len(p.RegionSet) == 0 || slices.Contains(p.RegionSet, "") || p.Credential.Date != p.Date.Format("20060102") {
			t.Fatalf("accepted out-of-range presign: %+v", p)
		}
	})
}
