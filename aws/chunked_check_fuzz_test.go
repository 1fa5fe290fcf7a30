package aws

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/apisig/apisig"
)

// fakeSignatures stands in for SigV4a's ECDSA in the fuzz target below: a signature is the hex
// SHA-256 of the string to sign, padded with '*' to 80 characters, so that the fuzzer can build
// bodies that pass and reach every state of the reader cheaply.
func fakeSignatures() *ChunkSignatures {
	return &ChunkSignatures{
		Scheme: "fake", Payload: "STREAMING-FAKE-PAYLOAD", PayloadTrailer: "STREAMING-FAKE-PAYLOAD-TRAILER",
		ChunkAlgorithm: "FAKE-PAYLOAD", TrailerAlgorithm: "FAKE-TRAILER",
		Date: "20130524T000000Z", Scope: "20130524/s3/aws4_request", Seed: "5eed", AccessKeyID: "AKID", PadTo: 80,
		Verify: func(sts []byte, sig string) bool { return fakeSign(sts) == sig },
	}
}

func fakeSign(sts []byte) string {
	h := sha256.Sum256(sts)
	return hex.EncodeToString(h[:])
}

// fakeBody frames data in chunks of size bytes signed with fakeSignatures (unsigned when
// payload is StreamUnsignedTrailer), with a CRC32C trailer unless payload is StreamSigned.
func fakeBody(cs *ChunkSignatures, payload StreamPayload, data []byte, size int) []byte {
	var b bytes.Buffer
	prev := cs.Seed
	sum := ChecksumCRC32C.newHash()
	sign := func(alg, hash string, chunk bool) string {
		sts := alg + "\n" + cs.Date + "\n" + cs.Scope + "\n" + prev + "\n"
		if chunk {
			sts += EmptyPayloadHash + "\n"
		}
		sig := fakeSign([]byte(sts + hash))
		prev = sig
		return sig + strings.Repeat("*", cs.PadTo-len(sig))
	}
	for off := 0; ; off += size {
		chunk := data[min(off, len(data)):min(off+size, len(data))]
		b.WriteString(strconv.FormatInt(int64(len(chunk)), 16))
		if payload != StreamUnsignedTrailer {
			h := sha256.Sum256(chunk)
			b.WriteString(chunkSigPrefix + sign(cs.ChunkAlgorithm, hex.EncodeToString(h[:]), true))
		}
		b.WriteString("\r\n")
		b.Write(chunk)
		sum.Write(chunk)
		if len(chunk) > 0 || payload == StreamSigned {
			b.WriteString("\r\n")
		}
		if len(chunk) == 0 {
			break
		}
	}
	if payload != StreamSigned {
		line := ChecksumCRC32C.Header() + ":" + checksumValue(sum)
		b.WriteString(line + "\r\n")
		if payload == StreamSignedTrailer {
			h := sha256.Sum256([]byte(line + "\n"))
			b.WriteString(trailerSigName + ":" + sign(cs.TrailerAlgorithm, hex.EncodeToString(h[:]), false) + "\r\n")
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// FuzzChunkSignatures fuzzes the aws-chunked reader with a signature check given from outside
// (the path SigV4a's streaming verification takes): no body panics it, its memory stays bounded
// by the maximum chunk size, every error is a typed one, and a body it accepts carried exactly
// X-Amz-Decoded-Content-Length bytes.
func FuzzChunkSignatures(f *testing.F) {
	cs := fakeSignatures()
	for _, data := range []string{"", "a", "hello, world", "0123456789abcdef"} {
		for p := range StreamPayload(len(streamPayloads)) {
			f.Add(uint8(p), uint16(len(data)), fakeBody(cs, p, []byte(data), 4))
		}
	}
	f.Add(uint8(0), uint16(3), []byte("3;chunk-signature="+strings.Repeat("*", 80)+"\r\nabc\r\n"))
	const maxChunk = 1 << 10
	f.Fuzz(func(t *testing.T, mode uint8, decoded uint16, body []byte) {
		p := StreamPayload(mode % uint8(len(streamPayloads)))
		params := &chunkParams{date: cs.Date, scope: cs.Scope, seed: cs.Seed, akid: cs.AccessKeyID, payload: p, decoded: int64(decoded)}
		if p != StreamSigned {
			params.checksum = ChecksumCRC32C
		}
		var check chunkCheck
		if p != StreamUnsignedTrailer {
			check = &funcCheck{cs: cs, prev: cs.Seed}
		}
		r := newCheckedReader(io.NopCloser(bytes.NewReader(body)), params, check, cs.Scheme, maxChunk, 4)
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
	})
}

// TestChunkSignaturesSeeds checks that the fake bodies the fuzz target starts from pass, so the
// fuzzer begins from accepted bodies, and that the reader NewChunkedReader builds rejects a
// signature that is not padded to PadTo.
func TestChunkSignaturesSeeds(t *testing.T) {
	cs := fakeSignatures()
	data := []byte("0123456789abcdef0123")
	for p := range StreamPayload(len(streamPayloads)) {
		params := &chunkParams{date: cs.Date, scope: cs.Scope, seed: cs.Seed, payload: p, decoded: int64(len(data))}
		var check chunkCheck
		if p != StreamSigned {
			params.checksum = ChecksumCRC32C
		}
		if p != StreamUnsignedTrailer {
			check = &funcCheck{cs: cs, prev: cs.Seed}
		}
		r := newCheckedReader(io.NopCloser(bytes.NewReader(fakeBody(cs, p, data, 8))), params, check, cs.Scheme, 1<<10, 4)
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: read %q, %v; want the data", p, got, err)
		}
	}
	c := &funcCheck{cs: cs}
	for sig, want := range map[string]bool{
		strings.Repeat("ab", 32) + strings.Repeat("*", 16): true,
		strings.Repeat("ab", 32):                           false, // not padded
		strings.Repeat("ab", 40):                           true,  // nothing to pad
		strings.Repeat("AB", 32) + strings.Repeat("*", 16): false,
		"a" + strings.Repeat("*", 79):                      false, // odd number of hex digits
		strings.Repeat("*", 80):                            false,
		strings.Repeat("ab", 32) + strings.Repeat("*", 17): false,
	} {
		if got := c.valid(sig); got != want {
			t.Errorf("valid(%q) = %v, want %v", sig, got, want)
		}
	}
}
