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

// benchS3Get is an S3 GET with a Range header and UNSIGNED-PAYLOAD, as in the benchmarks of
// the conformance module.
func benchS3Get() (*aws.SigV4, *http.Request) {
	s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(testTime), Payload: aws.PayloadUnsigned}
	req, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/photos/2026/test.txt", nil)
	req.Header.Set("Range", "bytes=0-9")
	return s, req
}

func benchPostJSON() (*aws.SigV4, *http.Request) {
	s := &aws.SigV4{Region: "us-east-1", Service: "dynamodb", Clock: apisig.FixedClock(testTime)}
	body := `{"TableName":"t","Item":{"k":{"S":"` + strings.Repeat("v", 1000) + `"}}}`
	req, _ := http.NewRequest("POST", "https://dynamodb.us-east-1.amazonaws.com/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.PutItem")
	req.Header.Set("X-Amz-Content-Sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
	return s, req
}

func BenchmarkSign(b *testing.B) {
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		new  func() (*aws.SigV4, *http.Request)
	}{{"s3-get-range-unsigned", benchS3Get}, {"post-json-1k", benchPostJSON}} {
		b.Run(bc.name, func(b *testing.B) {
			s, req := bc.new()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(ctx, req, testCreds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("presign-get", func(b *testing.B) {
		s, req := benchS3Get()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Presign(ctx, req, testCreds, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestSignAllocs guards the hot path: re-signing a request costs at most two allocations (the
// Authorization value and nothing else in the steady state).
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		new  func() (*aws.SigV4, *http.Request)
	}{{"s3-get-range-unsigned", benchS3Get}, {"post-json-1k", benchPostJSON}} {
		s, req := bc.new()
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 2 {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most 2", bc.name, allocs)
		}
	}
}
