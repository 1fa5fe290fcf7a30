package aws_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

var chunkTime = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func chunkedSigner(payload aws.StreamPayload, cs aws.Checksum) *aws.Chunked {
	return &aws.Chunked{
		SigV4:     aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(chunkTime), Keys: apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret}},
		Payload:   payload,
		Checksum:  cs,
		ChunkSize: aws.MinChunkSize,
	}
}

func chunkData(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>8)
	}
	return b
}

// signChunked signs an upload of data and returns the request and the encoded body.
func signChunked(t *testing.T, c *aws.Chunked, data []byte) (*http.Request, []byte) {
	t.Helper()
	req, err := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/photos/a%20b.bin", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, body
}

// wantChecksum computes the checksum with the standard library, as S3 defines it: base64 of
// the big-endian digest.
func wantChecksum(cs aws.Checksum, data []byte) string {
	var d []byte
	switch cs {
	case aws.ChecksumCRC32:
		d = binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(data))
	case aws.ChecksumCRC32C:
		d = binary.BigEndian.AppendUint32(nil, crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
	case aws.ChecksumSHA256:
		s := sha256.Sum256(data)
		d = s[:]
	case aws.ChecksumCRC64NVME:
		d = binary.BigEndian.AppendUint64(nil, crc64.Checksum(data, crc64.MakeTable(0x9a6c9329ac4bc9b5)))
	}
	return base64.StdEncoding.EncodeToString(d)
}

func TestChunkedRoundTrip(t *testing.T) {
	modes := []struct {
		payload aws.StreamPayload
		cs      aws.Checksum
	}{
		{aws.StreamSigned, aws.ChecksumNone},
		{aws.StreamSignedTrailer, aws.ChecksumCRC32},
		{aws.StreamSignedTrailer, aws.ChecksumCRC32C},
		{aws.StreamSignedTrailer, aws.ChecksumSHA256},
		{aws.StreamSignedTrailer, aws.ChecksumCRC64NVME},
		{aws.StreamUnsignedTrailer, aws.ChecksumCRC32},
		{aws.StreamUnsignedTrailer, aws.ChecksumCRC32C},
		{aws.StreamUnsignedTrailer, aws.ChecksumSHA256},
	}
	for _, m := range modes {
		for _, lf := range []bool{false, true} {
			for _, n := range []int{0, 1, aws.MinChunkSize - 1, aws.MinChunkSize, aws.MinChunkSize + 1, 5*aws.MinChunkSize + 17} {
				if lf && m.payload == aws.StreamSigned {
					continue
				}
				name := m.payload.String() + "/" + m.cs.String() + "/" + strconv.Itoa(n)
				if lf {
					name += "/trailer-lf"
				}
				t.Run(name, func(t *testing.T) {
					c := chunkedSigner(m.payload, m.cs)
					c.Dialect.TrailerLF = lf
					data := chunkData(n)
					req, body := signChunked(t, c, data)
					if int64(len(body)) != req.ContentLength || req.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
						t.Fatalf("encoded body is %d bytes; ContentLength %d, header %s", len(body), req.ContentLength, req.Header.Get("Content-Length"))
					}
					if !lf && aws.EncodedLength(int64(n), c.ChunkSize, m.payload, m.cs) != int64(len(body)) {
						t.Errorf("EncodedLength = %d, body is %d", aws.EncodedLength(int64(n), c.ChunkSize, m.payload, m.cs), len(body))
					}
					if got := req.Header.Get(aws.HeaderDecodedLength); got != strconv.Itoa(n) {
						t.Errorf("X-Amz-Decoded-Content-Length = %s, want %d", got, n)
					}
					if m.cs != aws.ChecksumNone {
						line := m.cs.Header() + ":" + wantChecksum(m.cs, data)
						if !bytes.Contains(body, []byte("\r\n"+line)) && !bytes.Contains(body, []byte("0\r\n"+line)) {
							t.Errorf("body does not carry the trailer %q: ...%q", line, body[max(0, len(body)-200):])
						}
					}
					sreq := serverRequest(req, body)
					if _, err := c.Verify(context.Background(), sreq); err != nil {
						t.Fatalf("Verify: %v", err)
					}
					got, err := io.ReadAll(sreq.Body)
					if err != nil {
						t.Fatalf("reading: %v", err)
					}
					if !bytes.Equal(got, data) {
						t.Fatalf("verified data differs (%d vs %d bytes)", len(got), len(data))
					}
					if m.cs != aws.ChecksumNone {
						tr := sreq.Body.(*aws.ChunkedReader).Trailer()
						if v := tr.Get(m.cs.Header()); v != wantChecksum(m.cs, data) {
							t.Errorf("Trailer %s = %q", m.cs.Header(), v)
						}
					}
				})
			}
		}
	}
}

// TestChunkedGetBody checks that a replayed body (a redirect, a retry) is the same bytes.
func TestChunkedGetBody(t *testing.T) {
	c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32C)
	req, body := signChunked(t, c, chunkData(3*aws.MinChunkSize+5))
	again, err := req.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(again)
	if !bytes.Equal(b, body) {
		t.Error("GetBody's body differs from the first one")
	}
}

// TestChunkedWriteTo checks that io.Copy through WriteTo sends the same bytes as Read.
func TestChunkedWriteTo(t *testing.T) {
	c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumSHA256)
	req, body := signChunked(t, c, chunkData(2*aws.MinChunkSize+9))
	again, _ := req.GetBody()
	var buf bytes.Buffer
	if _, err := again.(io.WriterTo).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), body) {
		t.Error("WriteTo's body differs from Read's")
	}
}

// TestChunkedRejects checks that a bad body is a specific error, and that no byte of a chunk
// that does not verify is handed on.
func TestChunkedRejects(t *testing.T) {
	const n = 3*aws.MinChunkSize + 100
	chunkLen := int(aws.EncodedLength(aws.MinChunkSize, aws.MinChunkSize, aws.StreamSigned, aws.ChecksumNone)) - 86 // one data frame
	for _, tc := range []struct {
		name    string
		payload aws.StreamPayload
		cs      aws.Checksum
		edit    func(b []byte) []byte
		kind    error
		code    string
		// verified is how many data bytes may be handed on before the error.
		verified int
	}{
		{"tampered data in chunk 2", aws.StreamSigned, 0, func(b []byte) []byte { b[chunkLen+200] ^= 1; return b }, apisig.ErrMismatch, "SignatureDoesNotMatch", aws.MinChunkSize},
		{"tampered chunk signature", aws.StreamSigned, 0, func(b []byte) []byte { b[30] ^= 1; return b }, apisig.ErrMismatch, "SignatureDoesNotMatch", 0},
		{"chunks swapped", aws.StreamSigned, 0, func(b []byte) []byte {
			out := append([]byte{}, b[chunkLen:2*chunkLen]...)
			out = append(out, b[:chunkLen]...)
			return append(out, b[2*chunkLen:]...)
		}, apisig.ErrMismatch, "SignatureDoesNotMatch", 0},
		{"truncated in chunk data", aws.StreamSigned, 0, func(b []byte) []byte { return b[:chunkLen+500] }, apisig.ErrMalformed, "IncompleteBody", aws.MinChunkSize},
		{"truncated in chunk header", aws.StreamSigned, 0, func(b []byte) []byte { return b[:chunkLen+30] }, apisig.ErrMalformed, "IncompleteBody", aws.MinChunkSize},
		{"missing final chunk", aws.StreamSigned, 0, func(b []byte) []byte { return b[:len(b)-86] }, apisig.ErrMalformed, "IncompleteBody", n},
		{"final CRLF missing", aws.StreamSigned, 0, func(b []byte) []byte { return b[:len(b)-2] }, apisig.ErrMalformed, "IncompleteBody", n},
		{"bytes after final chunk", aws.StreamSigned, 0, func(b []byte) []byte { return append(b, 'x') }, apisig.ErrMalformed, "InvalidRequest", n},
		{"size says less than sent", aws.StreamSigned, 0, func(b []byte) []byte { b[0] = '1'; return b }, apisig.ErrMismatch, "SignatureDoesNotMatch", 0},
		{"unsigned: size says less than sent", aws.StreamUnsignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte { b[0] = '1'; return b }, apisig.ErrMalformed, "InvalidRequest", 0},
		{"unsigned: size says more than sent", aws.StreamUnsignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte { b[0] = '3'; return b }, apisig.ErrMalformed, "", 0},
		{"size not hex", aws.StreamSigned, 0, func(b []byte) []byte { b[0] = 'g'; return b }, apisig.ErrMalformed, "InvalidRequest", 0},
		{"no chunk-signature", aws.StreamSigned, 0, func(b []byte) []byte { copy(b[4:], "#chunk"); return b }, apisig.ErrMalformed, "InvalidRequest", 0},
		{"line without CR", aws.StreamSigned, 0, func(b []byte) []byte { b[4+17+64] = ' '; return b }, apisig.ErrMalformed, "InvalidRequest", 0},
		{"tampered trailer checksum", aws.StreamSignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte {
			i := bytes.Index(b, []byte("x-amz-checksum-crc32:")) + len("x-amz-checksum-crc32:")
			b[i] ^= 1
			return b
		}, apisig.ErrMismatch, "SignatureDoesNotMatch", n},
		{"trailer signature missing", aws.StreamSignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte {
			i := bytes.Index(b, []byte("x-amz-trailer-signature:"))
			return append(b[:i:i], "\r\n"...)
		}, apisig.ErrMalformed, "InvalidArgument", n},
		{"unannounced trailer", aws.StreamSignedTrailer, aws.ChecksumCRC32, func(b []byte) []byte {
			return bytes.Replace(b, []byte("x-amz-checksum-crc32:"), []byte("x-amz-checksum-sha1:"), 1)
		}, apisig.ErrMalformed, "InvalidArgument", n},
		{"unsigned: wrong checksum", aws.StreamUnsignedTrailer, aws.ChecksumCRC32C, func(b []byte) []byte {
			i := bytes.Index(b, []byte("x-amz-checksum-crc32c:")) + len("x-amz-checksum-crc32c:")
			b[i] ^= 1
			return b
		}, apisig.ErrMismatch, "BadDigest", n},
		{"unsigned: tampered data", aws.StreamUnsignedTrailer, aws.ChecksumSHA256, func(b []byte) []byte { b[100] ^= 1; return b }, apisig.ErrMismatch, "BadDigest", n},
		{"unsigned: trailer missing", aws.StreamUnsignedTrailer, aws.ChecksumSHA256, func(b []byte) []byte {
			i := bytes.Index(b, []byte("x-amz-checksum-sha256:"))
			return append(b[:i:i], "\r\n"...)
		}, apisig.ErrMalformed, "InvalidArgument", n},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chunkedSigner(tc.payload, tc.cs)
			data := chunkData(n)
			req, body := signChunked(t, c, data)
			sreq := serverRequest(req, tc.edit(body))
			if _, err := c.Verify(context.Background(), sreq); err != nil {
				t.Fatalf("Verify (seed): %v", err)
			}
			got, err := io.ReadAll(sreq.Body)
			if err == nil {
				t.Fatal("reading a bad body succeeded")
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v does not wrap %v", err, tc.kind)
			}
			if tc.code != "" && !strings.Contains(err.Error(), "("+tc.code+")") {
				t.Errorf("error %q does not carry code %s", err, tc.code)
			}
			// Unsigned chunks are handed on as they come; the checksum fails the last Read.
			unsigned := tc.payload == aws.StreamUnsignedTrailer && tc.kind == apisig.ErrMismatch
			if len(got) > tc.verified || !unsigned && !bytes.Equal(got, data[:len(got)]) {
				t.Errorf("handed on %d bytes before the error, at most %d verified ones allowed", len(got), tc.verified)
			}
			if _, err2 := sreq.Body.Read(make([]byte, 10)); err2 == nil {
				t.Error("error is not sticky")
			}
		})
	}
}

// TestChunkedVerifyRejectsHeaders covers the seed: missing or bad aws-chunked headers.
func TestChunkedVerifyRejectsHeaders(t *testing.T) {
	c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32)
	for _, tc := range []struct {
		name, header, value string
		kind                error
	}{
		{"not streaming", "X-Amz-Content-Sha256", aws.UnsignedPayload, apisig.ErrMalformed},
		{"decoded length missing", aws.HeaderDecodedLength, "", apisig.ErrMalformed},
		{"decoded length negative", aws.HeaderDecodedLength, "-1", apisig.ErrMalformed},
		{"decoded length changed", aws.HeaderDecodedLength, "5", apisig.ErrMismatch},
		{"trailer unknown", aws.HeaderTrailer, "x-amz-checksum-md5", apisig.ErrMalformed},
		{"trailer changed", aws.HeaderTrailer, "x-amz-checksum-sha256", apisig.ErrMismatch},
		{"mode changed", "X-Amz-Content-Sha256", aws.StreamingUnsignedTrailer, apisig.ErrMismatch},
		{"no authorization", "Authorization", "", apisig.ErrNotSigned},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, body := signChunked(t, c, chunkData(10))
			sreq := serverRequest(req, body)
			if tc.value == "" {
				sreq.Header.Del(tc.header)
			} else {
				sreq.Header.Set(tc.header, tc.value)
			}
			_, err := c.Verify(context.Background(), sreq)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Verify = %v, want %v", err, tc.kind)
			}
		})
	}
}

func TestChunkedSignRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *aws.Chunked
		req  func() *http.Request
	}{
		{"unknown length", chunkedSigner(aws.StreamSigned, 0), func() *http.Request {
			r, _ := http.NewRequest("PUT", "https://b.s3.amazonaws.com/k", io.NopCloser(strings.NewReader("abc")))
			return r
		}},
		{"checksum without trailer", chunkedSigner(aws.StreamSigned, aws.ChecksumCRC32), nil},
		{"trailer without checksum", chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumNone), nil},
		{"unknown payload", chunkedSigner(7, aws.ChecksumNone), nil},
		{"unknown checksum", chunkedSigner(aws.StreamSignedTrailer, 42), nil},
		{"small chunks", &aws.Chunked{SigV4: aws.SigV4{Region: "r", Service: "s3"}, ChunkSize: 100}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("PUT", "https://b.s3.amazonaws.com/k", strings.NewReader("abc"))
			if tc.req != nil {
				req = tc.req()
			}
			err := tc.c.Sign(context.Background(), req, testCreds)
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Fatalf("Sign = %v, want ErrInvalidInput", err)
			}
		})
	}
	// A body shorter or longer than announced is a read error, never a short or long upload.
	for _, n := range []int64{2, 4} {
		c := chunkedSigner(aws.StreamSigned, 0)
		req, _ := http.NewRequest("PUT", "https://b.s3.amazonaws.com/k", strings.NewReader("abc"))
		req.ContentLength = n
		if err := c.Sign(context.Background(), req, testCreds); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadAll(req.Body); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("ContentLength %d for 3 bytes: read error %v, want ErrInvalidInput", n, err)
		}
	}
}

// TestChunkedMemoryBounded feeds chunk headers that claim huge sizes: the verifier must refuse
// or fail without allocating what they claim.
func TestChunkedMemoryBounded(t *testing.T) {
	c := chunkedSigner(aws.StreamSigned, 0)
	c.MaxChunkSize = 64 << 20
	req, _ := signChunked(t, c, chunkData(1<<30>>10)) // headers for a 1 MiB upload
	for _, body := range []string{
		"ffffffffffffffff;chunk-signature=" + strings.Repeat("0", 64) + "\r\n",
		"3ffffff;chunk-signature=" + strings.Repeat("0", 64) + "\r\nabc",
		"fffff;chunk-signature=" + strings.Repeat("0", 64) + "\r\n" + strings.Repeat("a", 1000),
		strings.Repeat("f", 5000),
	} {
		sreq := serverRequest(req, []byte(body))
		sreq.Header.Set(aws.HeaderDecodedLength, "1048576")
		if _, err := c.Verify(context.Background(), serverRequest(req, nil)); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := c.Verify(context.Background(), sreq); err != nil {
			t.Fatal(err)
		}
		_, err := io.ReadAll(sreq.Body)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%.30q...: no error", body)
		}
		if d := after.TotalAlloc - before.TotalAlloc; d > 2<<20 {
			t.Errorf("%.30q...: allocated %d bytes", body, d)
		}
	}
}

// TestSigV4VerifiesChunkedBodies checks that SigV4's own verifier, given an aws-chunked
// upload, checks the chunks too instead of accepting the seed alone.
func TestSigV4VerifiesChunkedBodies(t *testing.T) {
	c := chunkedSigner(aws.StreamSigned, 0)
	data := chunkData(3 * aws.MinChunkSize)
	req, body := signChunked(t, c, data)
	body[100] ^= 1
	sreq := serverRequest(req, body)
	if _, err := c.SigV4.Verify(context.Background(), sreq); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(sreq.Body); !errors.Is(err, apisig.ErrMismatch) || len(got) != 0 {
		t.Fatalf("read %d bytes, %v; want a mismatch before any byte", len(got), err)
	}
	sreq.Header.Set("X-Amz-Content-Sha256", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")
	if _, err := c.SigV4.Verify(context.Background(), sreq); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("SigV4a streaming payload: %v", err)
	}
}

// TestChunkedResign checks that signing a request again (before it is sent) re-signs the
// original body rather than framing the framed one.
func TestChunkedResign(t *testing.T) {
	c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32)
	data := chunkData(aws.MinChunkSize + 3)
	req, _ := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/k", bytes.NewReader(data))
	for range 2 {
		if err := c.Sign(context.Background(), req, testCreds); err != nil {
			t.Fatal(err)
		}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	if req.Header.Get(aws.HeaderDecodedLength) != strconv.Itoa(len(data)) || int64(len(body)) != req.ContentLength {
		t.Fatalf("re-signed: decoded length %s, ContentLength %d, body %d", req.Header.Get(aws.HeaderDecodedLength), req.ContentLength, len(body))
	}
	sreq := serverRequest(req, body)
	if _, err := c.Verify(context.Background(), sreq); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(sreq.Body); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("re-signed body: %d bytes, %v", len(got), err)
	}
	again, _ := req.GetBody()
	if b, _ := io.ReadAll(again); !bytes.Equal(b, body) {
		t.Error("GetBody after re-signing differs")
	}
}
