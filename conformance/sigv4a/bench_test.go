package sigv4a

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv4a"
	smithycreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	smithyv4a "github.com/aws/smithy-go/aws-http-auth/sigv4a"
	smithyv4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

var benchTime = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func benchRequest() *http.Request {
	req, _ := http.NewRequest("GET", "https://mrap.accesspoint.s3-global.amazonaws.com/photos/2026/test.txt", nil)
	req.Header.Set("Range", "bytes=0-9")
	return req
}

// BenchmarkSigV4a signs the same S3 GET (UNSIGNED-PAYLOAD, region set *) with apisig and with
// smithy-go's sigv4a, each with its derived key cached, and verifies with apisig. ECDSA P-256
// signing dominates both.
func BenchmarkSigV4a(b *testing.B) {
	ctx := context.Background()
	creds := apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	b.Run("apisig", func(b *testing.B) {
		s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(benchTime)}
		req := benchRequest()
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(ctx, req, creds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("smithy-go", func(b *testing.B) {
		signer := smithyv4a.New(func(o *smithyv4.SignerOptions) { o.DisableDoublePathEscape = true; o.AddPayloadHashHeader = true })
		req := benchRequest()
		in := &smithyv4a.SignRequestInput{Request: req, PayloadHash: smithyv4.UnsignedPayload(),
			Credentials: smithycreds.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.Secret.Reveal()},
			Service:     "s3", RegionSet: []string{"*"}, Time: benchTime}
		b.ReportAllocs()
		for b.Loop() {
			if err := signer.SignRequest(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("apisig-verify", func(b *testing.B) {
		s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(benchTime), Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
		req := benchRequest()
		if err := s.Sign(ctx, req, creds); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Verify(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
