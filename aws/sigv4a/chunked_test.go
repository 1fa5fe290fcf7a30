package sigv4a_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
)

// TestChunkedRoundTrip signs aws-chunked uploads with SigV4a and checks them with the streaming
// verifier (itself checked against chunk bodies built from aws-c-auth's published strings to
// sign, in TestStreamingVerify): the body is as long as announced, every signature on the wire
// is 144 characters, and the data comes through, from the body and from GetBody's replay.
func TestChunkedRoundTrip(t *testing.T) {
	ctx := context.Background()
	at, _ := time.Parse("20060102T150405Z", streamDate)
	creds := apisig.Credentials{AccessKeyID: streamAKID, Secret: apisig.NewSecret(streamSecret)}
	data := bytes.Repeat([]byte("0123456789abcdef"), 66560/16+3) // a 64 KiB chunk, a short one, the final one
	sigs := regexp.MustCompile(`(chunk-signature=|x-amz-trailer-signature:)([^\r]*)\r\n`)
	cases := []struct {
		name     string
		payload  aws.StreamPayload
		checksum aws.Checksum
		header   string
	}{
		{"signed", aws.StreamSigned, aws.ChecksumNone, sigv4a.StreamingPayload},
		{"signed trailer", aws.StreamSignedTrailer, aws.ChecksumCRC32C, sigv4a.StreamingPayloadTrailer},
		{"unsigned trailer", aws.StreamUnsignedTrailer, aws.ChecksumSHA256, aws.StreamingUnsignedTrailer},
	}
	for _, c := range cases {
		for _, det := range []bool{false, true} {
			t.Run(c.name, func(t *testing.T) {
				s := sigv4a.SigV4a{RegionSet: []string{"us-east-1"}, Service: "s3", Region: "us-east-1", Clock: apisig.FixedClock(at),
					Deterministic: det, Keys: apisig.StaticKeys{streamAKID: apisig.NewSecret(streamSecret)}}
				ch := &sigv4a.Chunked{SigV4a: s, Payload: c.payload, Checksum: c.checksum}
				req, err := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				tr, err := ch.Explain(ctx, req, creds)
				if err != nil {
					t.Fatal(err)
				}
				if got := req.Header.Get("X-Amz-Content-Sha256"); got != c.header {
					t.Errorf("X-Amz-Content-Sha256 = %s, want %s", got, c.header)
				}
				body, err := io.ReadAll(req.Body)
				if err != nil {
					t.Fatal(err)
				}
				if int64(len(body)) != req.ContentLength || req.Header.Get("Content-Length") != itoa(len(body)) {
					t.Errorf("body is %d bytes; ContentLength %d, Content-Length header %s", len(body), req.ContentLength, req.Header.Get("Content-Length"))
				}
				found := sigs.FindAllSubmatch(body, -1)
				if c.payload != aws.StreamUnsignedTrailer && len(found) == 0 {
					t.Fatal("no chunk signatures in the body")
				}
				for _, m := range found {
					if len(m[2]) != sigv4a.ChunkSignatureLength {
						t.Errorf("signature %q is %d characters, want %d", m[2], len(m[2]), sigv4a.ChunkSignatureLength)
					}
				}
				if c.payload != aws.StreamUnsignedTrailer {
					if sts, ok := tr.Find(apisig.StepStringToSign); !ok || !strings.HasPrefix(sts, "AWS4-ECDSA-P256-SHA256\n") {
						t.Errorf("trace's first string to sign = %q", sts)
					}
					n := 0
					for _, st := range tr.Steps {
						if st.Kind == apisig.StepStringToSign && strings.HasPrefix(st.Value, "AWS4-ECDSA-P256-SHA256-PAYLOAD\n20130524T000000Z\n20130524/s3/aws4_request\n") {
							n++
						}
					}
					if n != 3 {
						t.Errorf("trace has %d chunk strings to sign, want 3 (two chunks of data and the final one)", n)
					}
				}
				for i, b := range [][]byte{body, replay(t, req)} {
					vr, _ := http.NewRequest("PUT", req.URL.String(), bytes.NewReader(b))
					vr.Header = req.Header.Clone()
					if _, err := ch.Verify(ctx, vr); err != nil {
						t.Fatalf("body %d: Verify: %v", i, err)
					}
					got, err := io.ReadAll(vr.Body)
					if err != nil || !bytes.Equal(got, data) {
						t.Fatalf("body %d: read %d bytes, %v; want the %d bytes of data", i, len(got), err, len(data))
					}
				}
			})
		}
	}
}

func replay(t *testing.T, req *http.Request) []byte {
	t.Helper()
	rc, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}

// TestChunkedBadConfig checks that a configuration S3 would refuse is an ErrInvalidInput.
func TestChunkedBadConfig(t *testing.T) {
	creds := apisig.Credentials{AccessKeyID: streamAKID, Secret: apisig.NewSecret(streamSecret)}
	s := sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3"}
	for _, ch := range []*sigv4a.Chunked{
		{SigV4a: s, Payload: aws.StreamSigned, Checksum: aws.ChecksumCRC32},
		{SigV4a: s, Payload: aws.StreamSignedTrailer},
		{SigV4a: s, Payload: 9},
		{SigV4a: s, Payload: aws.StreamSignedTrailer, Checksum: 99},
		{SigV4a: s, ChunkSize: 100},
	} {
		req, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/b/k", strings.NewReader("data"))
		if err := ch.Sign(context.Background(), req, creds); !isInvalid(err) {
			t.Errorf("Sign with %+v = %v, want ErrInvalidInput", *ch, err)
		}
	}
	req, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/b/k", io.NopCloser(strings.NewReader("data")))
	req.ContentLength = -1
	if err := (&sigv4a.Chunked{SigV4a: s}).Sign(context.Background(), req, creds); !isInvalid(err) {
		t.Errorf("Sign with an unknown length = %v, want ErrInvalidInput", err)
	}
}

func isInvalid(err error) bool { return errors.Is(err, apisig.ErrInvalidInput) }
