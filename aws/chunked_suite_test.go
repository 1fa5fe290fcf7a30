package aws_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/internal/schemetest"
)

// consumingVerifier verifies an aws-chunked request and reads its body, so that a chunk that
// does not verify fails Verify as the shared harness expects.
type consumingVerifier struct{ c *aws.Chunked }

func (v consumingVerifier) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	vd, err := v.c.Verify(ctx, req)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, req.Body); err != nil {
		return nil, err
	}
	return vd, nil
}

// TestChunkedSuite runs the shared harness on aws-chunked uploads in every payload mode: round
// trip, explain == sign, and every single-field change of the signed request (headers, path,
// host, query, and a byte in the middle of the encoded body) refused.
func TestChunkedSuite(t *testing.T) {
	body := strings.Repeat("0123456789abcdef", 1250) // 20000 bytes: 8192 + 8192 + 3616
	cases := []schemetest.Case{
		{Name: "put-20000", Request: newRequest("PUT", "bucket.s3.amazonaws.com", "/photos/a b+c.bin", "", body, "Content-Type", "image/png", "X-Amz-Meta-K", "v")},
		{Name: "upload-part", Request: newRequest("PUT", "s3.amazonaws.com:9000", "/bucket/ሴ/k", "partNumber=2&uploadId=x%2By", body)},
	}
	for _, m := range []struct {
		name    string
		payload aws.StreamPayload
		cs      aws.Checksum
	}{
		{"signed", aws.StreamSigned, aws.ChecksumNone},
		{"signed-trailer", aws.StreamSignedTrailer, aws.ChecksumCRC32},
		{"unsigned-trailer", aws.StreamUnsignedTrailer, aws.ChecksumSHA256},
	} {
		t.Run(m.name, func(t *testing.T) {
			c := &aws.Chunked{SigV4: aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys},
				Payload: m.payload, Checksum: m.cs, ChunkSize: aws.MinChunkSize}
			schemetest.Run(t, schemetest.Suite{
				Signer:      c,
				Verifier:    consumingVerifier{c},
				Credentials: testCreds,
				Cases:       cases,
				Carriers:    []string{"Authorization"},
				// Content-Length is signed, but from req.ContentLength, which is what is sent:
				// deleting the header map's copy changes nothing on the wire.
				Unsigned:   []string{"Content-Length"},
				Structural: []string{aws.HeaderDate, aws.HeaderContentSHA256, aws.HeaderDecodedLength, aws.HeaderTrailer},
			})
		})
	}
}
