package aws_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestPresignStreamingRejected checks that a presigned URL whose signed X-Amz-Content-Sha256
// claims an aws-chunked payload is rejected: Verify checks chunk signatures only for
// header-signed uploads, and would otherwise pass the framed body on unchecked.
func TestPresignStreamingRejected(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	creds := apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}
	s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(at), Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
	req, _ := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/chunkObject.txt", nil)
	req.Header.Set(aws.HeaderContentSHA256, aws.StreamingPayload)
	p, err := s.Presign(ctx, req, creds, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := http.NewRequest("PUT", p.URL.String(), strings.NewReader("5;chunk-signature=forged\r\nhello\r\n"))
	got.Header = p.Header.Clone()
	if _, err := s.Verify(ctx, got); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("Verify of a presigned URL with X-Amz-Content-Sha256 %s = %v, want ErrMalformed", aws.StreamingPayload, err)
	}
}
