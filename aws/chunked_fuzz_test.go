package aws

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/apisig/apisig"
)

// fuzzChunkParams are the parameters the fuzzed bodies are read with: a fixed key and seed,
// and chunks as small as 4 bytes so that short inputs reach every state.
func fuzzChunkParams(payload StreamPayload, decoded int64) *chunkParams {
	cs := ChecksumNone
	if payload != StreamSigned {
		cs = ChecksumCRC32C
	}
	id := keyID{secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", date: "20130524", region: "us-east-1", service: "s3"}
	key, err := derivedKeys.get(id)
	if err != nil {
		panic(err) // a 40-byte secret: cannot happen
	}
	return &chunkParams{
		key: key, date: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request",
		seed:    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
		payload: payload, checksum: cs, size: 4, decoded: decoded,
	}
}

// FuzzChunkedReader checks that no body panics the aws-chunked parser, that its memory stays
// bounded by the maximum chunk size whatever the body claims, that every error is a typed one,
// and that a body it accepts carried exactly X-Amz-Decoded-Content-Length bytes.
func FuzzChunkedReader(f *testing.F) {
	for _, data := range []string{"", "a", "hello, world", "0123456789abcdef"} {
		for p := range StreamPayload(len(streamPayloads)) {
			var buf bytes.Buffer
			enc := newChunkEncoder(io.NopCloser(bytes.NewReader([]byte(data))), fuzzChunkParams(p, int64(len(data))))
			if _, err := enc.WriteTo(&buf); err != nil {
				f.Fatal(err)
			}
			f.Add(uint8(p), uint16(len(data)), buf.Bytes())
		}
	}
	f.Add(uint8(0), uint16(3), []byte("3;chunk-signature=00\r\nabc\r\n"))
	f.Add(uint8(2), uint16(3), []byte("ffffffffffffffff\r\nabc\r\n0\r\nx-amz-checksum-crc32c:AAAAAA==\n\r\n\r\n"))
	const maxChunk = 1 << 10
	f.Fuzz(func(t *testing.T, mode uint8, decoded uint16, body []byte) {
		p := StreamPayload(mode % uint8(len(streamPayloads)))
		r := newChunkedReader(io.NopCloser(bytes.NewReader(body)), fuzzChunkParams(p, int64(decoded)), maxChunk, 4)
		out, err := io.ReadAll(io.LimitReader(r, 1<<20))
		if cap(r.chunk) > maxChunk+chunkReadStep {
			t.Fatalf("chunk buffer grew to %d bytes", cap(r.chunk))
		}
		if err != nil {
			var re *apisig.RequestError
			var me *apisig.MismatchError
			if !errors.As(err, &re) && !errors.As(err, &me) {
				t.Fatalf("error %v is neither a RequestError nor a MismatchError", err)
			}
			return
		}
		if len(out) != int(decoded) {
			t.Fatalf("accepted %d bytes, X-Amz-Decoded-Content-Length is %d", len(out), decoded)
		}
		if p != StreamSigned && r.Trailer().Get(ChecksumCRC32C.Header()) == "" {
			t.Fatal("accepted a trailer body without its checksum")
		}
	})
}
