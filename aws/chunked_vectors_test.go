package aws_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

type chunkedInputs struct {
	Seed   sigv4Inputs `json:"seed_request"`
	Chunks []struct {
		Size int    `json:"size"`
		Byte string `json:"byte"`
	} `json:"chunks"`
}

type chunkedExpected struct {
	Seed   sigv4Expected `json:"seed"`
	Chunks []struct {
		StringToSign string `json:"string_to_sign"`
		Signature    string `json:"signature"`
	} `json:"chunks"`
	EncodedBodyLength int64 `json:"encoded_body_length"`
}

// TestChunkedPublishedVectors reproduces AWS's chunked PUT Object example: the seed's canonical
// request, string to sign and signature, every chunk's signature (and the first chunk's string
// to sign), the framing of each chunk and the encoded length; then verifies the body.
func TestChunkedPublishedVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aws-s3-sigv4-chunked") {
		t.Run(v.Name, func(t *testing.T) {
			var in chunkedInputs
			var want chunkedExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)

			var data []byte
			size := 0
			for i, c := range in.Chunks {
				data = append(data, bytes.Repeat([]byte(c.Byte), c.Size)...)
				if i == 0 {
					size = c.Size
				}
			}
			// The signer sets the aws-chunked headers itself; the vector lists them with the
			// values it must arrive at.
			var wantHeaders [][2]string
			seed := in.Seed
			seed.Headers = nil
			for _, h := range in.Seed.Headers {
				switch strings.ToLower(h[0]) {
				case "content-encoding", "x-amz-decoded-content-length", "content-length", "x-amz-content-sha256":
					wantHeaders = append(wantHeaders, h)
				default:
					seed.Headers = append(seed.Headers, h)
				}
			}
			req, sg, creds := vectorCase(t, seed)
			req.Body = io.NopCloser(bytes.NewReader(data))
			req.ContentLength = int64(len(data))
			c := &aws.Chunked{SigV4: *sg, ChunkSize: size}
			tr, err := c.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range wantHeaders {
				if got := req.Header.Get(h[0]); got != h[1] {
					t.Errorf("header %s = %q, want %q", h[0], got, h[1])
				}
			}
			cr, _ := tr.Find(apisig.StepCanonicalRequest)
			if diff := cmp.Diff(want.Seed.CanonicalRequest, cr); diff != "" {
				t.Errorf("seed canonical request (-published +apisig):\n%s", diff)
			}
			if got := req.Header.Get("Authorization"); got != want.Seed.Authorization {
				t.Errorf("Authorization =\n  %s\nwant\n  %s", got, want.Seed.Authorization)
			}
			body, err := io.ReadAll(req.Body)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(body)) != want.EncodedBodyLength || req.ContentLength != want.EncodedBodyLength {
				t.Errorf("encoded body is %d bytes, ContentLength %d; want %d", len(body), req.ContentLength, want.EncodedBodyLength)
			}
			// Frame by frame: "<hex size>;chunk-signature=<sig>\r\n<data>\r\n".
			rest := body
			for i, c := range in.Chunks {
				line := strconv.FormatInt(int64(c.Size), 16) + ";chunk-signature=" + want.Chunks[i].Signature + "\r\n"
				frame := line + strings.Repeat(c.Byte, c.Size) + "\r\n"
				if !bytes.HasPrefix(rest, []byte(frame)) {
					t.Fatalf("chunk %d: body does not continue with %q...", i, line)
				}
				rest = rest[len(frame):]
				if got, _ := tr.Lookup("chunk " + strconv.Itoa(i) + " signature"); got != want.Chunks[i].Signature {
					t.Errorf("chunk %d traced signature %s, want %s", i, got, want.Chunks[i].Signature)
				}
				if s := want.Chunks[i].StringToSign; s != "" {
					got, _ := tr.Lookup("chunk " + strconv.Itoa(i) + " string to sign")
					if diff := cmp.Diff(s, got); diff != "" {
						t.Errorf("chunk %d string to sign (-published +apisig):\n%s", i, diff)
					}
				}
			}
			if len(rest) != 0 {
				t.Errorf("%d bytes after the final chunk", len(rest))
			}

			// The published request verifies, chunk by chunk.
			signedAt, _ := time.Parse("20060102T150405Z", in.Seed.Time)
			vr := &aws.Chunked{SigV4: aws.SigV4{Region: in.Seed.Region, Service: "s3", Clock: apisig.FixedClock(signedAt),
				Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}}
			sreq := serverRequest(req, body)
			if _, err := vr.Verify(context.Background(), sreq); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			got, err := io.ReadAll(sreq.Body)
			if err != nil {
				t.Fatalf("reading the verified body: %v", err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("verified body differs from the data sent (%d vs %d bytes)", len(got), len(data))
			}
		})
	}
}

// serverRequest is req as a server receives it, with the encoded body.
func serverRequest(req *http.Request, body []byte) *http.Request {
	out := req.Clone(context.Background())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = nil
	out.ContentLength = int64(len(body))
	if out.Host == "" {
		out.Host = req.URL.Host
	}
	return out
}

// TestUnsignedTrailerPublished reproduces the unsigned aws-chunked body aws-sdk-go-v2
// documents for "Hello world" with a SHA-256 trailer, and verifies that body.
func TestUnsignedTrailerPublished(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aws-s3-unsigned-trailer") {
		t.Run(v.Name, func(t *testing.T) {
			var in struct{ Payload, Checksum, Data string }
			var want struct{ Body string }
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			if in.Payload != aws.StreamingUnsignedTrailer || in.Checksum != "sha256" {
				t.Fatalf("unexpected vector inputs %+v", in)
			}
			c := chunkedSigner(aws.StreamUnsignedTrailer, aws.ChecksumSHA256)
			req, body := signChunked(t, c, []byte(in.Data))
			if string(body) != want.Body {
				t.Errorf("body\n%q\nwant\n%q", body, want.Body)
			}
			sreq := serverRequest(req, []byte(want.Body))
			if _, err := c.Verify(context.Background(), sreq); err != nil {
				t.Fatal(err)
			}
			if got, err := io.ReadAll(sreq.Body); err != nil || string(got) != in.Data {
				t.Errorf("verified %q, %v", got, err)
			}
		})
	}
}

// TestChunkedTrailerVector reproduces AWS's trailing-header example (signed chunks and a
// CRC32C trailer): the seed, the three chunk signatures, the checksum and the trailer
// signature, and the body's last frame; then verifies the body.
func TestChunkedTrailerVector(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aws-s3-sigv4-chunked-trailer") {
		t.Run(v.Name, func(t *testing.T) {
			var in struct {
				chunkedInputs
				Trailer [][2]string `json:"trailer"`
			}
			var want struct {
				Seed struct {
					SignedHeaders string `json:"signed_headers"`
					Signature     string `json:"signature"`
				} `json:"seed"`
				Chunks []struct {
					Signature string `json:"signature"`
				} `json:"chunks"`
				TrailerSignature string `json:"trailer_signature"`
				BodyTail         string `json:"body_tail"`
			}
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			var data []byte
			for _, c := range in.Chunks {
				data = append(data, bytes.Repeat([]byte(c.Byte), c.Size)...)
			}
			seed := in.Seed
			seed.Headers = nil
			for _, h := range in.Seed.Headers {
				switch strings.ToLower(h[0]) {
				case "content-encoding", "x-amz-decoded-content-length", "x-amz-content-sha256", "x-amz-trailer":
				default:
					seed.Headers = append(seed.Headers, h)
				}
			}
			req, sg, creds := vectorCase(t, seed)
			req.Body = io.NopCloser(bytes.NewReader(data))
			req.ContentLength = int64(len(data))
			c := &aws.Chunked{SigV4: *sg, ChunkSize: in.Chunks[0].Size, Payload: aws.StreamSignedTrailer, Checksum: aws.ChecksumCRC32C, SignContentLength: aws.Off}
			tr, err := c.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range in.Seed.Headers {
				if got := req.Header.Get(h[0]); got != h[1] && !strings.EqualFold(h[0], "host") {
					t.Errorf("header %s = %q, want %q", h[0], got, h[1])
				}
			}
			auth := req.Header.Get("Authorization")
			if !strings.Contains(auth, "SignedHeaders="+want.Seed.SignedHeaders+",") || !strings.HasSuffix(auth, "Signature="+want.Seed.Signature) {
				t.Errorf("Authorization %s, want signed headers %s and signature %s", auth, want.Seed.SignedHeaders, want.Seed.Signature)
			}
			body, err := io.ReadAll(req.Body)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range want.Chunks {
				if got, _ := tr.Lookup("chunk " + strconv.Itoa(i) + " signature"); got != c.Signature {
					t.Errorf("chunk %d signature %s, want %s", i, got, c.Signature)
				}
			}
			if got, _ := tr.Lookup("trailer signature"); got != want.TrailerSignature {
				t.Errorf("trailer signature %s, want %s", got, want.TrailerSignature)
			}
			if got, _ := tr.Lookup("trailer " + in.Trailer[0][0]); got != in.Trailer[0][1] {
				t.Errorf("trailer %s = %s, want %s", in.Trailer[0][0], got, in.Trailer[0][1])
			}
			if !strings.HasSuffix(string(body), want.BodyTail) || int64(len(body)) != req.ContentLength {
				t.Errorf("body ends %q (%d bytes, ContentLength %d)", body[max(0, len(body)-len(want.BodyTail)):], len(body), req.ContentLength)
			}
			signedAt, _ := time.Parse("20060102T150405Z", in.Seed.Time)
			vr := &aws.Chunked{SigV4: aws.SigV4{Region: in.Seed.Region, Service: "s3", Clock: apisig.FixedClock(signedAt),
				Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}}
			sreq := serverRequest(req, body)
			if _, err := vr.Verify(context.Background(), sreq); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got, err := io.ReadAll(sreq.Body); err != nil || !bytes.Equal(got, data) {
				t.Fatalf("verified body: %d bytes, %v", len(got), err)
			}
		})
	}
}
