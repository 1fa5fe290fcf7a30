package sigv2

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
	miniosigner "github.com/minio/minio-go/v7/pkg/signer"
)

// BenchmarkSigV2 signs the same path-style S3 GET (a Range header, an x-amz-meta header and a
// versionId sub-resource) with apisig and with minio-go's SignV2.
func BenchmarkSigV2(b *testing.B) {
	newReq := func() *http.Request {
		req, _ := http.NewRequest("GET", "https://s3.amazonaws.com/examplebucket/photos/2026/test.txt?versionId=3", nil)
		req.Header.Set("Range", "bytes=0-9")
		req.Header.Set("X-Amz-Meta-Note", "n")
		return req
	}
	creds := apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")}
	b.Run("apisig", func(b *testing.B) {
		s := &sigv2.SigV2{Clock: apisig.FixedClock(time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC))}
		req := newReq()
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(ctx, req, creds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("minio-go", func(b *testing.B) {
		req := newReq()
		req.Header.Set("Date", "Mon, 23 Nov 2026 09:30:00 GMT")
		b.ReportAllocs()
		for b.Loop() {
			miniosigner.SignV2(*req, creds.AccessKeyID, creds.Secret.Reveal(), false)
		}
	})
}
