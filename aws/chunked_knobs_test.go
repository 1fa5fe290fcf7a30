package aws_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestChunkedKnobs checks that each aws-chunked knob changes what its rule says: chunk-chain
// "seed" makes the second chunk's string to sign carry the seed; trailer-line-end "lf-crlf"
// ends the trailer line in LF CRLF; decoded-length "omitted" drops the header. Bodies signed
// with a wrong value fail verification.
func TestChunkedKnobs(t *testing.T) {
	data := chunkData(2*aws.MinChunkSize + 1)
	for _, tc := range []struct {
		knob, value string
		check       func(t *testing.T, c *aws.Chunked, tr *apisig.Trace, hdr string, body []byte)
	}{
		{"chunk-chain", "seed", func(t *testing.T, c *aws.Chunked, tr *apisig.Trace, _ string, _ []byte) {
			seed, _ := tr.Lookup("seed signature")
			sts, _ := tr.Lookup("chunk 1 string to sign")
			if !strings.Contains(sts, "\n"+seed+"\n") {
				t.Errorf("chunk 1 string to sign does not carry the seed:\n%s", sts)
			}
		}},
		{"trailer-line-end", "lf-crlf", func(t *testing.T, c *aws.Chunked, _ *apisig.Trace, _ string, body []byte) {
			if !bytes.Contains(body, []byte("==\n\r\nx-amz-trailer-signature:")) {
				t.Errorf("trailer line does not end in LF CRLF: %q", body[len(body)-150:])
			}
		}},
		{"decoded-length", "omitted", func(t *testing.T, c *aws.Chunked, _ *apisig.Trace, hdr string, _ []byte) {
			if hdr != "" {
				t.Errorf("X-Amz-Decoded-Content-Length = %q", hdr)
			}
		}},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			c := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32)
			if err := c.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			req, _ := signChunkedRequest(t, data)
			tr, err := c.Explain(context.Background(), req, testCreds)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(req.Body)
			tc.check(t, c, tr, req.Header.Get(aws.HeaderDecodedLength), body)
			if tc.knob == "trailer-line-end" {
				return // a framing variant, accepted by the verifier as MinIO accepts it
			}
			v := chunkedSigner(aws.StreamSignedTrailer, aws.ChecksumCRC32)
			sreq := serverRequest(req, body)
			_, err = v.Verify(context.Background(), sreq)
			if err == nil {
				_, err = io.ReadAll(sreq.Body)
			}
			if err == nil {
				t.Error("a body signed with the wrong knob value verifies")
			}
		})
	}
	c := chunkedSigner(aws.StreamSigned, 0)
	for _, kv := range [][2]string{{"chunk-chain", "none"}, {"no-such-knob", "x"}} {
		if err := c.SetKnob(kv[0], kv[1]); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("SetKnob(%s, %s) = %v", kv[0], kv[1], err)
		}
	}
	if err := c.SetKnob("hex-case", "lower"); err != nil {
		t.Errorf("SigV4 knob through Chunked: %v", err)
	}
	// An unknown knob is named as this scheme's, with its own knobs and SigV4's listed.
	err := c.SetKnob("no-such-knob", "x")
	for _, want := range []string{"not a knob of aws-s3-chunked", "chunk-chain", "hex-case"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("SetKnob(no-such-knob) = %v; want it to say %q", err, want)
		}
	}
}

func signChunkedRequest(t *testing.T, data []byte) (*http.Request, []byte) {
	t.Helper()
	req, err := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/k", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return req, data
}

// TestChunkedScheme builds the registry entry and signs with it.
func TestChunkedScheme(t *testing.T) {
	s := aws.ChunkedScheme()
	sg, err := s.Build(apisig.Config{Params: map[string]string{"region": "us-east-1", "payload": "signed-trailer", "checksum": "crc32c"}, Knobs: map[string]string{"chunk-chain": "previous"}})
	if err != nil {
		t.Fatal(err)
	}
	c := sg.(*aws.Chunked)
	if c.Payload != aws.StreamSignedTrailer || c.Checksum != aws.ChecksumCRC32C {
		t.Errorf("built %+v", c)
	}
	for _, params := range []map[string]string{
		{"region": "r", "payload": "bogus"},
		{"region": "r", "checksum": "md5"},
		{"region": "r", "chunk-size": "100"},
		{"region": "r", "payload": "signed", "checksum": "crc32"},
	} {
		if _, err := s.Build(apisig.Config{Params: params}); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%v: %v", params, err)
		}
	}
}
