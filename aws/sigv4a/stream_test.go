package sigv4a_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
)

// The aws-chunked SigV4a test of aws-c-auth (tests/sigv4_signing_tests.c,
// sigv4a_chunked_signing_test and sigv4a_trailing_headers_signing_test, Apache-2.0) signs AWS's
// chunked PUT Object example with SigV4a. ECDSA is randomised, so it publishes the canonical
// request of the seed and the strings to sign of the chunks around the previous signature; the
// chunk bodies here are signed from those templates with crypto/ecdsa, independently of the
// verifier under test.
const (
	streamAKID   = "AKIAIOSFODNN7EXAMPLE"
	streamSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	streamDate   = "20130524T000000Z"

	// s_chunked_expected_canonical_request_cursor.
	streamCanonicalRequest = "PUT\n/examplebucket/chunkObject.txt\n\n" +
		"content-encoding:aws-chunked\ncontent-length:66824\nhost:s3.amazonaws.com\n" +
		"x-amz-content-sha256:STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD\nx-amz-date:20130524T000000Z\n" +
		"x-amz-decoded-content-length:66560\nx-amz-region-set:us-east-1\nx-amz-storage-class:REDUCED_REDUNDANCY\n\n" +
		"content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-region-set;x-amz-storage-class\n" +
		"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD"
	// s_chunk_sts_pre_signature and s_trailing_headers_expected_sts_pre_signature.
	chunkSTSPre   = "AWS4-ECDSA-P256-SHA256-PAYLOAD\n20130524T000000Z\n20130524/s3/aws4_request\n"
	trailerSTSPre = "AWS4-ECDSA-P256-SHA256-TRAILER\n20130524T000000Z\n20130524/s3/aws4_request\n"
	emptySHA256   = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// s_chunk1_sts_post_signature, s_chunk2_sts_post_signature, s_chunk3_sts_post_signature: the
// hashes of 65536 'a', 1024 'a' and the empty final chunk.
var chunkSTSPost = []string{
	"\n" + emptySHA256 + "\nbf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a",
	"\n" + emptySHA256 + "\n2edc986847e209b4016e141a6dc8716d3207350f416969382d431539bf292e4a",
	"\n" + emptySHA256 + "\n" + emptySHA256,
}

var streamData = [][]byte{bytes.Repeat([]byte{'a'}, 65536), bytes.Repeat([]byte{'a'}, 1024)}

// streamSigner signs the seed with SigV4a and returns the derived private key, taken from the
// trace (the key derivation itself is checked against published vectors).
func streamSetup(t *testing.T, payload string) (*http.Request, *sigv4a.SigV4a, *ecdsa.PrivateKey, string) {
	t.Helper()
	at, _ := time.Parse("20060102T150405Z", streamDate)
	s := &sigv4a.SigV4a{RegionSet: []string{"us-east-1"}, Service: "s3", Region: "us-east-1", Clock: apisig.FixedClock(at),
		Keys: apisig.StaticKeys{streamAKID: apisig.NewSecret(streamSecret)}}
	req, err := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Encoding", "aws-chunked")
	req.Header.Set("Content-Length", "66824")
	req.Header.Set("X-Amz-Content-Sha256", payload)
	req.Header.Set("X-Amz-Decoded-Content-Length", "66560")
	req.Header.Set("X-Amz-Storage-Class", "REDUCED_REDUNDANCY")
	if payload != sigv4a.StreamingPayload && payload != "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" {
		req.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32c")
	}
	tr, err := s.Explain(context.Background(), req, apisig.Credentials{AccessKeyID: streamAKID, Secret: apisig.NewSecret(streamSecret)})
	if err != nil {
		t.Fatal(err)
	}
	if payload == sigv4a.StreamingPayload {
		if st, _ := tr.Step(apisig.StepCanonicalRequest); st.Reveal() != streamCanonicalRequest {
			t.Fatalf("seed canonical request =\n%s\nwant (aws-c-auth)\n%s", st.Reveal(), streamCanonicalRequest)
		}
	}
	var d string
	for _, st := range tr.Steps {
		if st.Kind == apisig.StepKey && strings.HasPrefix(st.Name, "private key d") {
			d = st.Reveal()
		}
	}
	raw, err := hex.DecodeString(d)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		t.Fatal(err)
	}
	auth := req.Header.Get("Authorization")
	return req, s, priv, auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
}

func signPadded(t *testing.T, priv *ecdsa.PrivateKey, sts string) string {
	t.Helper()
	h := sha256.Sum256([]byte(sts))
	der, err := ecdsa.SignASN1(rand.Reader, priv, h[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := hex.EncodeToString(der)
	return sig + strings.Repeat("*", sigv4a.ChunkSignatureLength-len(sig))
}

// streamBody frames data in signed chunks (or unsigned ones), with a CRC32C trailer when trailer
// is set. mutate may change a chunk's data after it is signed, or its signature.
type streamOpts struct {
	unsigned, trailer bool
	tamper            int  // 1-based index of a chunk whose data is changed after signing
	fromSeed          bool // chain every chunk from the seed (a client mistake)
	unpadded          bool
	truncate          int // drop this many bytes from the end
}

func streamBody(t *testing.T, priv *ecdsa.PrivateKey, seed string, o streamOpts) []byte {
	t.Helper()
	var b bytes.Buffer
	prev := seed
	crc := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	for i, data := range append(streamData, nil) {
		sum := sha256.Sum256(data)
		post := "\n" + emptySHA256 + "\n" + hex.EncodeToString(sum[:])
		if post != chunkSTSPost[i] {
			t.Fatalf("chunk %d string to sign ends %q, want aws-c-auth's %q", i, post, chunkSTSPost[i])
		}
		b.WriteString(strconv.FormatInt(int64(len(data)), 16))
		if !o.unsigned {
			sig := signPadded(t, priv, chunkSTSPre+prev+post)
			for o.unpadded && !strings.HasSuffix(sig, "*") {
				sig = signPadded(t, priv, chunkSTSPre+prev+post) // a 72-byte DER has no padding to drop
			}
			if !o.fromSeed {
				prev = strings.TrimRight(sig, "*")
			}
			if o.unpadded {
				sig = strings.TrimRight(sig, "*")
			}
			b.WriteString(";chunk-signature=" + sig)
		}
		b.WriteString("\r\n")
		crc.Write(data)
		if o.tamper == i+1 {
			data = bytes.Clone(data)
			data[len(data)/2] = 'b'
		}
		b.Write(data)
		if len(data) > 0 || !o.trailer {
			b.WriteString("\r\n")
		}
	}
	if o.trailer {
		line := "x-amz-checksum-crc32c:" + base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
		b.WriteString(line + "\r\n")
		if !o.unsigned {
			sum := sha256.Sum256([]byte(line + "\n"))
			b.WriteString("x-amz-trailer-signature:" + signPadded(t, priv, trailerSTSPre+prev+"\n"+hex.EncodeToString(sum[:])) + "\r\n")
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()[:b.Len()-o.truncate]
}

// TestStreamingVerify checks that SigV4a's Verify checks aws-chunked bodies chunk by chunk: the
// data of a good stream comes through, and a tampered, mis-chained, mis-padded or truncated one
// fails without handing on a byte of the chunk that failed.
func TestStreamingVerify(t *testing.T) {
	ctx := context.Background()
	want := bytes.Join(streamData, nil)
	cases := []struct {
		name    string
		payload string
		opts    streamOpts
		// readErr is the error reading the body must give; n how many bytes come before it.
		readErr error
		n       int
	}{
		{name: "signed", payload: sigv4a.StreamingPayload},
		{name: "signed trailer", payload: sigv4a.StreamingPayloadTrailer, opts: streamOpts{trailer: true}},
		{name: "unsigned trailer", payload: aws.StreamingUnsignedTrailer, opts: streamOpts{unsigned: true, trailer: true}},
		{name: "tampered first chunk", payload: sigv4a.StreamingPayload, opts: streamOpts{tamper: 1}, readErr: apisig.ErrMismatch, n: 0},
		{name: "tampered second chunk", payload: sigv4a.StreamingPayload, opts: streamOpts{tamper: 2}, readErr: apisig.ErrMismatch, n: 65536},
		{name: "chained from the seed", payload: sigv4a.StreamingPayload, opts: streamOpts{fromSeed: true}, readErr: apisig.ErrMismatch, n: 65536},
		{name: "signature not padded", payload: sigv4a.StreamingPayload, opts: streamOpts{unpadded: true}, readErr: apisig.ErrMalformed, n: 0},
		{name: "truncated", payload: sigv4a.StreamingPayload, opts: streamOpts{truncate: 5}, readErr: apisig.ErrMalformed, n: 66560},
		{name: "tampered data, trailer", payload: sigv4a.StreamingPayloadTrailer, opts: streamOpts{trailer: true, tamper: 2}, readErr: apisig.ErrMismatch, n: 65536},
		{name: "unsigned, bad checksum", payload: aws.StreamingUnsignedTrailer, opts: streamOpts{unsigned: true, trailer: true, tamper: 1}, readErr: apisig.ErrMismatch, n: 66560},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, s, priv, seed := streamSetup(t, c.payload)
			req.Body = io.NopCloser(bytes.NewReader(streamBody(t, priv, seed, c.opts)))
			if !s.StreamsBody(req) {
				t.Error("StreamsBody = false for an aws-chunked request")
			}
			if _, err := s.Verify(ctx, req); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if _, ok := req.Body.(*aws.ChunkedReader); !ok {
				t.Fatalf("Verify left req.Body a %T, want *aws.ChunkedReader", req.Body)
			}
			got, err := io.ReadAll(req.Body)
			switch {
			case c.readErr == nil && err != nil:
				t.Fatalf("reading the body: %v", err)
			case c.readErr == nil && !bytes.Equal(got, want):
				t.Fatalf("body: %d bytes, want the %d bytes of data", len(got), len(want))
			case c.readErr != nil && !errors.Is(err, c.readErr):
				t.Fatalf("reading the body: %v (after %d bytes), want %v", err, len(got), c.readErr)
			case c.readErr != nil && len(got) != c.n:
				t.Fatalf("%d bytes handed on before the error, want %d", len(got), c.n)
			}
			if err != nil {
				t.Logf("%v", err)
			}
		})
	}
}

// TestStreamingRejected checks that the streaming payloads SigV4a does not sign are errors, not
// bodies passed on unchecked: SigV4's HMAC-signed chunks under a SigV4a signature, an unknown
// STREAMING- value, and a presigned URL that claims a streaming payload.
func TestStreamingRejected(t *testing.T) {
	ctx := context.Background()
	for _, payload := range []string{"STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-SOMETHING-ELSE"} {
		req, s, _, _ := streamSetup(t, payload)
		req.Body = io.NopCloser(strings.NewReader("whatever"))
		if _, err := s.Verify(ctx, req); !errors.Is(err, apisig.ErrMalformed) {
			t.Errorf("Verify with X-Amz-Content-Sha256 %s = %v, want ErrMalformed", payload, err)
		}
	}
	_, s, _, _ := streamSetup(t, sigv4a.StreamingPayload)
	req, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", nil)
	req.Header.Set("X-Amz-Content-Sha256", sigv4a.StreamingPayload)
	p, err := s.Presign(ctx, req, apisig.Credentials{AccessKeyID: streamAKID, Secret: apisig.NewSecret(streamSecret)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := http.NewRequest("PUT", p.URL.String(), strings.NewReader("whatever"))
	got.Header = p.Header.Clone()
	if _, err := s.Verify(ctx, got); !errors.Is(err, apisig.ErrMalformed) {
		t.Errorf("Verify of a presigned URL with a streaming payload = %v, want ErrMalformed", err)
	}
}

// TestStreamingMiddleware checks that apisig.Middleware hands a SigV4a aws-chunked body to the
// verifier unbuffered and the handler reads the verified data.
func TestStreamingMiddleware(t *testing.T) {
	req, s, priv, seed := streamSetup(t, sigv4a.StreamingPayload)
	body := streamBody(t, priv, seed, streamOpts{})
	var got []byte
	var readErr error
	h := apisig.Middleware(apisig.MiddlewareOptions{Verifier: s, MaxBodyBytes: 1024})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, readErr = io.ReadAll(r.Body)
	}))
	sr := httptest.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", bytes.NewReader(body))
	sr.Header = req.Header.Clone()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, sr)
	if rec.Code != http.StatusOK || readErr != nil {
		t.Fatalf("status %d, read error %v: %s", rec.Code, readErr, rec.Body)
	}
	if !bytes.Equal(got, bytes.Join(streamData, nil)) {
		t.Fatalf("handler read %d bytes, want the 66560 bytes of data", len(got))
	}
}
