package s3stream

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/minio/minio-go/v7/pkg/signer"
)

var (
	creds = apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}
	when  = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
)

// sha256Hasher adapts crypto/sha256 to the md5simd.Hasher minio-go's streaming signer takes.
type sha256Hasher struct{ hash.Hash }

func (sha256Hasher) Close() {}

func newRequest(data []byte) *http.Request {
	req, err := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/photos/chunk.bin", bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	return req
}

// apisigChunked signs data with apisig and returns the Authorization header and the body.
func apisigChunked(t testing.TB, data []byte, payload aws.StreamPayload, cs aws.Checksum) (*http.Request, []byte) {
	c := &aws.Chunked{SigV4: aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(when), AuthorizationSeparator: ","}, Payload: payload, Checksum: cs}
	c.Dialect.TrailerLF = payload != aws.StreamSigned // minio-go's trailer framing
	req := newRequest(data)
	if err := c.Sign(context.Background(), req, creds); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, body
}

// minioChunked signs data with minio-go. Content-Length is set as a header, so that minio-go
// signs it as apisig (and AWS's published example) does; trailer is the checksum trailer.
func minioChunked(t testing.TB, data []byte, contentLength string, trailer http.Header) (*http.Request, []byte) {
	req := newRequest(data)
	req.Header.Set("Content-Length", contentLength)
	req.Trailer = trailer
	req = signer.StreamingSignV4(req, creds.AccessKeyID, creds.Secret.Reveal(), "", "us-east-1", int64(len(data)), when, sha256Hasher{sha256.New()})
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, body
}

// TestStreamingAgainstMinioGo signs random bodies of awkward sizes (0, 1, around the 64 KiB
// chunk size, several chunks) with apisig and with minio-go: the Authorization header (the
// seed) and every byte of the encoded body (each chunk signature, the framing) must be equal,
// for signed chunks and for signed chunks with a CRC32C trailer.
func TestStreamingAgainstMinioGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 8191, 65535, 65536, 65537, 3*65536 + 17}
	for range 8 {
		sizes = append(sizes, rng.IntN(300_000))
	}
	for _, n := range sizes {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		for _, trailer := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/trailer=%v", n, trailer), func(t *testing.T) {
				payload, cs := aws.StreamSigned, aws.ChecksumNone
				var tr http.Header
				if trailer {
					payload, cs = aws.StreamSignedTrailer, aws.ChecksumCRC32C
					sum := binary.BigEndian.AppendUint32(nil, crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
					tr = http.Header{"x-amz-checksum-crc32c": {base64.StdEncoding.EncodeToString(sum)}}
				}
				ar, ab := apisigChunked(t, data, payload, cs)
				mr, mb := minioChunked(t, data, ar.Header.Get("Content-Length"), tr)
				if a, m := ar.Header.Get("Authorization"), mr.Header.Get("Authorization"); a != m {
					t.Fatalf("seed differs:\napisig   %s\nminio-go %s", a, m)
				}
				if !bytes.Equal(ab, mb) {
					i := 0
					for i < len(ab) && i < len(mb) && ab[i] == mb[i] {
						i++
					}
					t.Fatalf("bodies differ at byte %d of %d/%d:\napisig   %q\nminio-go %q", i, len(ab), len(mb), ab[max(0, i-40):min(len(ab), i+40)], mb[max(0, i-40):min(len(mb), i+40)])
				}
				// minio-go's getStreamLength answers 0 for an empty body, though it sends the
				// 86-byte final chunk; apisig announces the bytes it sends.
				if int64(len(ab)) != ar.ContentLength || n > 0 && mr.ContentLength != ar.ContentLength {
					t.Errorf("ContentLength apisig %d minio-go %d, body %d", ar.ContentLength, mr.ContentLength, len(ab))
				}
			})
		}
	}
}

// TestPostPolicyAgainstMinioGo signs random policies (as base64) with apisig and with
// minio-go's PostPresignSignatureV4.
func TestPostPolicyAgainstMinioGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		p := &aws.PostPolicy{Expiration: when.Add(time.Duration(1+rng.IntN(1000)) * time.Minute)}
		p.Bucket(fmt.Sprintf("bucket-%d", rng.IntN(100))).KeyPrefix(fmt.Sprintf("user/%d/ü %c/", i, rune(0x20+rng.IntN(0x2000)))).
			ContentLengthRange(int64(rng.IntN(10)), int64(10+rng.IntN(1<<30)))
		region := []string{"us-east-1", "eu-west-3", "ap-southeast-2"}[i%3]
		at := when.Add(time.Duration(rng.IntN(86400*30)) * time.Second)
		s := &aws.PostSigner{Region: region, Clock: apisig.FixedClock(at)}
		p.Expiration = at.Add(time.Hour)
		form, err := s.Sign(context.Background(), p, creds)
		if err != nil {
			t.Fatal(err)
		}
		if want := signer.PostPresignSignatureV4(form.PolicyBase64, at, creds.Secret.Reveal(), region); form.Signature != want {
			t.Fatalf("policy %s: apisig %s, minio-go %s", form.Policy, form.Signature, want)
		}
	}
}

// TestVerifyMinioGoBodies feeds the bodies minio-go produces (signed, signed trailer, and
// unsigned trailer with its own framing) to apisig's verifier, which must accept them and
// return the data.
func TestVerifyMinioGoBodies(t *testing.T) {
	keys := apisig.StaticKeys{creds.AccessKeyID: creds.Secret}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 65536, 65537, 200_000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		sum := binary.BigEndian.AppendUint32(nil, crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli)))
		tr := http.Header{"x-amz-checksum-crc32c": {base64.StdEncoding.EncodeToString(sum)}}
		for _, mode := range []string{"signed", "signed-trailer", "unsigned-trailer"} {
			t.Run(fmt.Sprintf("%s/%d", mode, n), func(t *testing.T) {
				req := newRequest(data)
				switch mode {
				case "signed":
					req = signer.StreamingSignV4(req, creds.AccessKeyID, creds.Secret.Reveal(), "", "us-east-1", int64(n), when, sha256Hasher{sha256.New()})
				case "signed-trailer":
					req.Trailer = tr.Clone()
					req = signer.StreamingSignV4(req, creds.AccessKeyID, creds.Secret.Reveal(), "", "us-east-1", int64(n), when, sha256Hasher{sha256.New()})
				case "unsigned-trailer":
					req.Trailer = tr.Clone()
					req = signer.StreamingUnsignedV4(req, "", int64(n), when)
					// minio-go's client sets these headers and signs with SignV4Trailer, which
					// reads the wall clock; the body framing is what is under test here.
					req.Header.Set("X-Amz-Content-Sha256", aws.StreamingUnsignedTrailer)
					req.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32c")
					req.Header.Set("X-Amz-Decoded-Content-Length", fmt.Sprint(n))
					s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(when)}
					if err := s.Sign(context.Background(), req, creds); err != nil {
						t.Fatal(err)
					}
				}
				body, err := io.ReadAll(req.Body)
				if err != nil {
					t.Fatal(err)
				}
				sreq := req.Clone(context.Background())
				sreq.Body = io.NopCloser(bytes.NewReader(body))
				sreq.Host = req.URL.Host
				v := &aws.Chunked{SigV4: aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(when), Keys: keys}}
				if _, err := v.Verify(context.Background(), sreq); err != nil {
					t.Fatalf("Verify: %v\nheaders %v", err, req.Header)
				}
				got, err := io.ReadAll(sreq.Body)
				if err != nil {
					t.Fatalf("reading minio-go's body %q...: %v", body[:min(len(body), 120)], err)
				}
				if !bytes.Equal(got, data) {
					t.Fatalf("data differs: %d of %d bytes", len(got), n)
				}
			})
		}
	}
}
