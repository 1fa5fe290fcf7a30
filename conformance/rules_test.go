package conformance

// Checks that the models of each signer's header rules used by the class predicates
// (classes_test.go) match what the real code does, header by header.

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func signedHeadersOf(auth string) []string {
	_, rest, ok := strings.Cut(auth, "SignedHeaders=")
	if !ok {
		return nil
	}
	list, _, _ := strings.Cut(rest, ",")
	return strings.Split(list, ";")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

var probeHeaders = append(append([]string{}, apisigIgnored...),
	"Accept-Encoding", "Accept", "X-Forwarded-For", "Content-Type", "X-Amz-Foo", "X-Amz-Acl",
	"X-Amz-Meta-A", "X-Amz-Checksum-Mode", "X-Amz-Checksum-Crc32", "X-Amz-Expected-Bucket-Owner",
	"X-Amz-Request-Payer", "X-Amz-Object-Lock-Mode", "Range")

func probeCase(name string, presign bool) *Case {
	c := &Case{
		Service: "s3", Region: "us-east-1", Method: "GET", Host: "examplebucket.s3.amazonaws.com",
		Path: "/k", RawPath: "/k", AccessKeyID: "AKID", Secret: "secret",
		Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Presign: presign, Expires: time.Minute,
	}
	c.Header = []Field{{name, "v"}}
	return c
}

// TestApisigIgnoredHeaders: the list apisigIgnored mirrors what aws.SigV4 really leaves out,
// in canonical and in lower-case spelling.
func TestApisigIgnoredHeaders(t *testing.T) {
	for _, name := range probeHeaders {
		for _, spelling := range []string{name, strings.ToLower(name)} {
			c := probeCase(spelling, false)
			s, err := signApisig(c, false)
			if err != nil {
				t.Fatal(err)
			}
			signed := containsFold(signedHeadersOf(s.Auth), name)
			if want := !isApisigIgnored(name); signed != want {
				t.Errorf("apisig signs header %q = %v; the conformance model says %v", spelling, signed, want)
			}
		}
	}
}

// TestSDKHeaderModels: the predicates' models of aws-sdk-go-v2 (ignored list, case-sensitive
// matching, presign hoisting) and minio-go (ignored list) agree with the SDKs themselves.
func TestSDKHeaderModels(t *testing.T) {
	for _, name := range probeHeaders {
		for _, spelling := range []string{name, strings.ToLower(name)} {
			// aws-sdk-go-v2, header mode.
			s, err := signAWSV2(probeCase(spelling, false), SignInput{PayloadHash: unsignedPayload})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := containsFold(signedHeadersOf(s.Auth), name), awsV2Signs(spelling); got != want {
				t.Errorf("aws-sdk-go-v2 signs %q = %v; model says %v", spelling, got, want)
			}
			// aws-sdk-go-v2, presign: hoisted into the query, or signed as a header.
			p, err := signAWSV2(probeCase(spelling, true), SignInput{PayloadHash: unsignedPayload})
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(p.URL)
			q := u.Query()
			hoistedAs := ""
			for k := range q {
				if strings.EqualFold(k, name) {
					hoistedAs = k
				}
			}
			if want := awsV2Hoisted(spelling); hoistedAs != want && awsV2Signs(spelling) {
				t.Errorf("aws-sdk-go-v2 presign hoists %q as %q; model says %q", spelling, hoistedAs, want)
			}
			// minio-go, header mode.
			m, err := signMinio(t, probeCase(spelling, false), SignInput{PayloadHash: unsignedPayload})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := containsFold(signedHeadersOf(m.Auth), name), minioSigns(spelling); got != want {
				t.Errorf("minio-go signs %q = %v; model says %v", spelling, got, want)
			}
		}
	}
}
