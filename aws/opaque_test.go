package aws_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestOpaqueURL reproduces aws-sdk-go-v2's published signatures of requests whose path is given
// as URL.Opaque, which net/http sends verbatim and the SDK signs as sent (aws/signer/v4,
// v1.47.7, Apache-2.0):
//
//   - v4_test.go TestSignRequest: buildRequest("dynamodb", "us-east-1", "{}"), Opaque
//     "//example.org/bucket/key-._~,!@#$%^&*()", credentials AKID/SECRET/SESSION, time 0;
//     the path as sent is escaped once more.
//   - functional_test.go TestStandaloneSign_CustomURIEscape: es, DisableURIPathEscaping, Opaque
//     "//subdomain.us-east-1.es.amazonaws.com/log-%2A/_search" while URL.Path is "/log-*/_search";
//     the path is signed escaped once, "%2A" as sent, not "*" from URL.Path.
func TestOpaqueURL(t *testing.T) {
	creds := apisig.Credentials{AccessKeyID: "AKID", Secret: apisig.NewSecret("SECRET"), SessionToken: apisig.NewSecret("SESSION")}
	ctx := context.Background()
	epoch := apisig.FixedClock(time.Unix(0, 0))

	t.Run("TestSignRequest", func(t *testing.T) {
		req, err := http.NewRequest("POST", "https://dynamodb.us-east-1.amazonaws.com", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = "//example.org/bucket/key-._~,!@#$%^&*()"
		req.Header.Set("X-Amz-Target", "prefix.Operation")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		// The SDK signs Content-Length from req.ContentLength (2); apisig signs the headers.
		req.Header.Set("Content-Length", "2")
		req.Header.Set("X-Amz-Meta-Other-Header", "some-value=!@#$%^&* (+)")
		req.Header.Add("X-Amz-Meta-Other-Header_With_Underscore", "some-value=!@#$%^&* (+)")
		req.Header.Add("X-amz-Meta-Other-Header_With_Underscore", "some-value=!@#$%^&* (+)")
		req.Header.Set("User-Agent", "foo")
		req.Header.Set("X-Amzn-Trace-Id", "bar")
		req.Header.Set("Expect", "baz")
		req.Header.Set("Transfer-Encoding", "qux")
		s := &aws.SigV4{Region: "us-east-1", Service: "dynamodb", Clock: epoch}
		if err := s.Sign(ctx, req, creds); err != nil {
			t.Fatal(err)
		}
		const want = "AWS4-HMAC-SHA256 Credential=AKID/19700101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-meta-other-header;x-amz-meta-other-header_with_underscore;x-amz-security-token;x-amz-target, Signature=a518299330494908a70222cec6899f6f32f297f8595f6df1776d998936652ad9"
		if got := req.Header.Get("Authorization"); got != want {
			t.Errorf("Authorization =\n  %s\nwant (aws-sdk-go-v2)\n  %s", got, want)
		}
		if req.URL.Opaque != "//example.org/bucket/key-._~,!@#$%^&*()" {
			t.Errorf("Sign changed URL.Opaque to %q", req.URL.Opaque)
		}
	})

	t.Run("TestStandaloneSign_CustomURIEscape", func(t *testing.T) {
		req, err := http.NewRequest("GET", "https://subdomain.us-east-1.es.amazonaws.com", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Path = "/log-*/_search"
		req.URL.Opaque = "//subdomain.us-east-1.es.amazonaws.com/log-%2A/_search"
		s := &aws.SigV4{Region: "us-east-1", Service: "es", Clock: epoch}
		s.Dialect.PathEncoding = aws.PathEncodingOnce // DisableURIPathEscaping
		s.Dialect.PathNormalization = aws.Off
		if err := s.Sign(ctx, req, creds); err != nil {
			t.Fatal(err)
		}
		const want = "AWS4-HMAC-SHA256 Credential=AKID/19700101/us-east-1/es/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=6601e883cc6d23871fd6c2a394c5677ea2b8c82b04a6446786d64cd74f520967"
		if got := req.Header.Get("Authorization"); got != want {
			t.Errorf("Authorization =\n  %s\nwant (aws-sdk-go-v2)\n  %s", got, want)
		}
	})

	t.Run("bad escape", func(t *testing.T) {
		req, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com", nil)
		req.URL.Opaque = "/bucket/50%zz"
		s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: epoch}
		err := s.Sign(ctx, req, creds)
		if err == nil || !strings.Contains(err.Error(), "URL.Opaque") {
			t.Errorf("Sign of an S3 request with Opaque %q = %v, want an error naming URL.Opaque", req.URL.Opaque, err)
		}
	})
}
