package minio

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// streamData yields n deterministic, non-repeating-looking bytes without holding them, and
// the MD5 of what it yielded (MinIO's ETag of a single-part upload).
type streamData struct {
	n, off int64
	md5    interface {
		io.Writer
		Sum([]byte) []byte
	}
}

func newStreamData(n int64) *streamData { return &streamData{n: n, md5: md5.New()} }

func (r *streamData) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n-r.off)]
	for i := range p {
		x := uint64(r.off + int64(i))
		p[i] = byte(x*2654435761>>13 ^ x)
	}
	r.off += int64(len(p))
	r.md5.Write(p)
	return len(p), nil
}

func (r *streamData) Close() error { return nil }

func chunkedSignerFor(s *Server, payload aws.StreamPayload, cs aws.Checksum) *aws.Chunked {
	return &aws.Chunked{SigV4: *s.SigV4(), Payload: payload, Checksum: cs}
}

// putAWSChunked uploads n pattern bytes as aws-chunked and returns MinIO's answer and the MD5.
func putAWSChunked(t *testing.T, s *Server, c *aws.Chunked, key string, n int64) (*Response, string) {
	t.Helper()
	ctx := context.Background()
	req := s.NewRequest(http.MethodPut, bucket, key, "", nil).WithContext(ctx)
	body := newStreamData(n)
	req.Body, req.ContentLength, req.GetBody = body, n, nil
	if err := c.Sign(ctx, req, s.Creds); err != nil {
		t.Fatal(err)
	}
	resp, err := s.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, hex.EncodeToString(body.md5.Sum(nil))
}

// TestChunkedUploads uploads 1 B, 64 KiB, 8 MiB+1 and 256 MiB in aws-chunked encoding, signed
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD); the smaller sizes also with a signed trailer (CRC32C)
// and with an unsigned trailer (CRC32, SHA-256). MinIO must store exactly the data sent: its
// ETag is the data's MD5 and a GET returns the bytes.
func TestChunkedUploads(t *testing.T) {
	s := server(t)
	sizes := []int64{1, 64 << 10, 8<<20 + 1, 256 << 20}
	if testing.Short() {
		sizes = sizes[:3]
	}
	for _, m := range []struct {
		payload aws.StreamPayload
		cs      aws.Checksum
		lf      bool
	}{
		{aws.StreamSigned, aws.ChecksumNone, false},
		{aws.StreamSignedTrailer, aws.ChecksumCRC32C, false},
		{aws.StreamSignedTrailer, aws.ChecksumSHA256, true},
		{aws.StreamUnsignedTrailer, aws.ChecksumCRC32, false},
		{aws.StreamUnsignedTrailer, aws.ChecksumSHA256, false},
	} {
		for _, n := range sizes {
			if n > 8<<20+1 && m.payload != aws.StreamSigned {
				continue // the largest size once is enough
			}
			name := m.payload.String() + "/" + m.cs.String() + "/" + strconv.FormatInt(n, 10)
			if m.lf {
				name += "/trailer-lf"
			}
			t.Run(name, func(t *testing.T) {
				c := chunkedSignerFor(s, m.payload, m.cs)
				c.Dialect.TrailerLF = m.lf
				key := "chunked/" + strings.ReplaceAll(name, "/", "-")
				resp, sum := putAWSChunked(t, s, c, key, n)
				if resp.Status != http.StatusOK {
					t.Fatalf("PUT: %s", resp)
				}
				if etag := strings.Trim(resp.Header.Get("ETag"), `"`); etag != sum {
					t.Errorf("ETag %s, MD5 of the data sent %s", etag, sum)
				}
				if n <= 8<<20+1 {
					get, err := s.Signed(context.Background(), http.MethodGet, bucket, key, "", nil)
					if err != nil {
						t.Fatal(err)
					}
					want, _ := io.ReadAll(newStreamData(n))
					if get.Status != http.StatusOK || !bytes.Equal(get.Body, want) {
						t.Errorf("GET: %d, %d bytes back of %d", get.Status, len(get.Body), n)
					}
				}
				s.Signed(context.Background(), http.MethodDelete, bucket, key, "", nil)
			})
		}
	}
}

// TestChunkedTampered sends aws-chunked bodies that were changed after signing: MinIO must
// reject each, and apisig's verifier must fail reading the same body without handing on the
// changed chunk.
func TestChunkedTampered(t *testing.T) {
	s := server(t)
	ctx := context.Background()
	const n = 200 << 10 // three full 64 KiB chunks and a short one
	for _, tc := range []struct {
		name    string
		payload aws.StreamPayload
		cs      aws.Checksum
		edit    func(b []byte) []byte
	}{
		{"data byte in chunk 2", aws.StreamSigned, 0, func(b []byte) []byte { b[64<<10+300] ^= 1; return b }},
		{"chunk signature", aws.StreamSigned, 0, func(b []byte) []byte { b[40] ^= 1; return b }},
		{"trailer checksum", aws.StreamSignedTrailer, aws.ChecksumCRC32C, func(b []byte) []byte {
			i := bytes.Index(b, []byte("x-amz-checksum-crc32c:")) + len("x-amz-checksum-crc32c:")
			b[i] ^= 1
			return b
		}},
		{"unsigned trailer data", aws.StreamUnsignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte { b[1000] ^= 1; return b }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chunkedSignerFor(s, tc.payload, tc.cs)
			req := s.NewRequest(http.MethodPut, bucket, "chunked/tampered", "", nil).WithContext(ctx)
			data, _ := io.ReadAll(newStreamData(n))
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(data)), n
			if err := c.Sign(ctx, req, s.Creds); err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(req.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = tc.edit(body)

			sreq := req.Clone(ctx)
			sreq.Body = io.NopCloser(bytes.NewReader(body))
			sreq.Host = req.URL.Host
			_, verr := c.Verify(ctx, sreq)
			if verr == nil {
				got, rerr := io.ReadAll(sreq.Body)
				verr = rerr
				if tc.payload != aws.StreamUnsignedTrailer && !bytes.Equal(got, data[:len(got)]) {
					t.Error("apisig handed on changed bytes")
				}
			}
			if !errors.Is(verr, apisig.ErrMismatch) {
				t.Errorf("apisig: %v, want a mismatch", verr)
			}

			req.Body = io.NopCloser(bytes.NewReader(body))
			resp, err := s.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status/100 == 2 {
				t.Fatalf("MinIO accepted the changed body: %s", resp)
			}
			t.Logf("MinIO: %s; apisig: %v", resp, verr)
		})
	}
}
