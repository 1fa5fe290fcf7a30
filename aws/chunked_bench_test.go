package aws_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/apisig/apisig/aws"
)

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

// streamOnce signs an upload of data and streams the encoded body through a 32 KiB buffer, as
// net/http does; verify also reads it back through the verifier.
func streamOnce(tb testing.TB, c *aws.Chunked, data []byte, buf []byte, verify bool) {
	req, _ := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/k", bytes.NewReader(data))
	if err := c.Sign(context.Background(), req, testCreds); err != nil {
		tb.Fatal(err)
	}
	if !verify {
		if _, err := io.CopyBuffer(nopWriter{}, struct{ io.Reader }{req.Body}, buf); err != nil {
			tb.Fatal(err)
		}
		return
	}
	var enc bytes.Buffer
	io.Copy(&enc, req.Body)
	sreq := serverRequest(req, enc.Bytes())
	if _, err := c.Verify(context.Background(), sreq); err != nil {
		tb.Fatal(err)
	}
	if _, err := io.CopyBuffer(nopWriter{}, struct{ io.Reader }{sreq.Body}, buf); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkChunked signs (and, for verify, checks) 4 MiB in 64 KiB chunks.
func BenchmarkChunked(b *testing.B) {
	data := chunkData(4 << 20)
	buf := make([]byte, 32<<10)
	for _, bc := range []struct {
		name    string
		payload aws.StreamPayload
		cs      aws.Checksum
		verify  bool
	}{
		{"sign", aws.StreamSigned, 0, false},
		{"sign-trailer-crc32c", aws.StreamSignedTrailer, aws.ChecksumCRC32C, false},
		{"sign-unsigned-crc32c", aws.StreamUnsignedTrailer, aws.ChecksumCRC32C, false},
		{"sign+verify", aws.StreamSigned, 0, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := chunkedSigner(bc.payload, bc.cs)
			c.ChunkSize = aws.DefaultChunkSize
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				streamOnce(b, c, data, buf, bc.verify)
			}
		})
	}
}

// TestChunkedAllocs guards the streaming hot path: signing allocates a fixed number of times
// per upload, none per chunk, so 4 MiB costs what 64 KiB does.
func TestChunkedAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	buf := make([]byte, 32<<10)
	c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32C)
	c.ChunkSize = aws.DefaultChunkSize
	small, large := chunkData(64<<10), chunkData(4<<20)
	a := testing.AllocsPerRun(20, func() { streamOnce(t, c, small, buf, false) })
	b := testing.AllocsPerRun(20, func() { streamOnce(t, c, large, buf, false) })
	if b > a {
		t.Errorf("4 MiB allocates %.0f times, 64 KiB %.0f: allocations grow with the chunks", b, a)
	}
	if a > 60 {
		t.Errorf("signing an upload allocates %.0f times, want at most 60", a)
	}
	t.Logf("allocations per upload: %.0f (64 KiB), %.0f (4 MiB)", a, b)
}
