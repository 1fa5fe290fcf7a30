package sigv4a_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv4a"
)

// buildChunked builds aws-sigv4a-chunked as the CLI does: looked up in a registry and built
// from an [apisig.Config] with a key store, so that the signer can verify what it signs.
func buildChunked(t *testing.T, params, knobs map[string]string) (apisig.Signer, error) {
	t.Helper()
	s, err := apisig.NewRegistry(sigv4a.ChunkedScheme()).Lookup(sigv4a.ChunkedSchemeID)
	if err != nil {
		t.Fatal(err)
	}
	at, _ := time.Parse("20060102T150405Z", streamDate)
	return s.Build(apisig.Config{Params: params, Knobs: knobs, Clock: apisig.FixedClock(at),
		Keys: apisig.StaticKeys{streamAKID: apisig.NewSecret(streamSecret)}})
}

// signChunkedBody signs a PUT of data with sg and returns the request and the encoded body as
// it goes on the wire.
func signChunkedBody(t *testing.T, sg apisig.Signer, data []byte) (*http.Request, []byte) {
	t.Helper()
	req, err := http.NewRequest("PUT", "https://examplebucket.s3.amazonaws.com/chunked.bin", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	creds := apisig.Credentials{AccessKeyID: streamAKID, Secret: apisig.NewSecret(streamSecret)}
	if err := sg.Sign(context.Background(), req, creds); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req, body
}

// verifyChunked verifies a request with the signed headers and the given wire body, reading the
// body through, as a server does; it returns the first error and the data read.
func verifyChunked(t *testing.T, sg apisig.Signer, signed *http.Request, body []byte) ([]byte, error) {
	t.Helper()
	v, ok := sg.(apisig.Verifier)
	if !ok {
		t.Fatalf("%T does not verify", sg)
	}
	vr, err := http.NewRequest("PUT", signed.URL.String(), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	vr.Header = signed.Header.Clone()
	if _, err := v.Verify(context.Background(), vr); err != nil {
		return nil, err
	}
	return io.ReadAll(vr.Body)
}

// TestChunkedSchemeRoundTrip builds the scheme from a registry config with each payload mode,
// signs an upload of a few chunks and checks that the scheme's own verifier accepts it, hands
// on the data unchanged, and rejects the body with one data byte changed.
func TestChunkedSchemeRoundTrip(t *testing.T) {
	data := bytes.Repeat([]byte("apisig sigv4a chunked "), 1000) // 22000 bytes: two 8 KiB chunks and a short one
	for _, tc := range []struct {
		name   string
		params map[string]string
	}{
		{"signed", map[string]string{"payload": "signed", "chunk-size": "8192"}},
		{"signed, defaults, region", map[string]string{"region-set": "us-east-1,us-west-2", "region": "us-west-2"}}, // one chunk of the default size
		{"signed trailer crc32c", map[string]string{"payload": "signed-trailer", "checksum": "crc32c", "chunk-size": "8192"}},
		{"signed trailer crc64nvme", map[string]string{"payload": "signed-trailer", "checksum": "crc64nvme", "chunk-size": "8192"}},
		{"unsigned trailer sha256", map[string]string{"payload": "unsigned-trailer", "checksum": "sha256", "chunk-size": "8192"}},
		{"unsigned trailer crc32", map[string]string{"payload": "unsigned-trailer", "checksum": "crc32", "chunk-size": "8192", "service": "s3", "region-set": "*"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := buildChunked(t, tc.params, nil)
			if err != nil {
				t.Fatal(err)
			}
			req, body := signChunkedBody(t, sg, data)
			if int64(len(body)) != req.ContentLength {
				t.Errorf("body is %d bytes; ContentLength says %d", len(body), req.ContentLength)
			}
			got, err := verifyChunked(t, sg, req, body)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("verified body is %d bytes, want the %d bytes signed", len(got), len(data))
			}

			// One byte of data changed: a chunk signature (or the checksum) no longer matches.
			i := bytes.Index(body, []byte("apisig"))
			tampered := bytes.Clone(body)
			tampered[i] = 'A'
			if _, err := verifyChunked(t, sg, req, tampered); err == nil {
				t.Error("a body with a data byte changed verifies")
			}
		})
	}
}

// TestChunkedSchemeRegion checks the region parameter: a verifier for a region outside the
// signed region set rejects the request.
func TestChunkedSchemeRegion(t *testing.T) {
	signer, err := buildChunked(t, map[string]string{"region-set": "us-east-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := buildChunked(t, map[string]string{"region-set": "us-east-1", "region": "eu-west-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	req, body := signChunkedBody(t, signer, []byte("hello, apisig\n"))
	if _, err := verifyChunked(t, verifier, req, body); err == nil {
		t.Error("a verifier for eu-west-1 accepts a signature for region set us-east-1")
	}
}

// TestChunkedSchemeKnobs checks that the scheme is tunable with SigV4a's knobs, through the
// registry config, and that a knob set on both sides still round-trips.
func TestChunkedSchemeKnobs(t *testing.T) {
	sg, err := buildChunked(t, nil, map[string]string{"hex-case": "lower"})
	if err != nil {
		t.Fatal(err)
	}
	tn, ok := sg.(apisig.Tunable)
	if !ok {
		t.Fatalf("%T is not Tunable", sg)
	}
	var v4a sigv4a.SigV4a
	if got, want := len(tn.Knobs()), len(v4a.Knobs()); got != want {
		t.Errorf("%d knobs, want SigV4a's %d", got, want)
	}
	data := []byte("hello, apisig\n")
	req, body := signChunkedBody(t, sg, data)
	if got, err := verifyChunked(t, sg, req, body); err != nil || !bytes.Equal(got, data) {
		t.Errorf("round trip with hex-case=lower: %q, %v", got, err)
	}
	for _, knobs := range []map[string]string{
		{"no-such-knob": "x"},
		{"session-token": "omit"}, // a SigV4 knob that does not apply to SigV4a
		{"hex-case": "middle"},
	} {
		if _, err := buildChunked(t, nil, knobs); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("knobs %v: error %v, want ErrInvalidInput", knobs, err)
		}
	}
}

// TestChunkedSchemeBadParams checks that each bad parameter is an error wrapping
// apisig.ErrInvalidInput that names the parameter and, where there is a list, the allowed values.
func TestChunkedSchemeBadParams(t *testing.T) {
	for _, tc := range []struct {
		name    string
		params  map[string]string
		mention []string // what the error must name: the parameter, then allowed values
	}{
		{"unknown payload", map[string]string{"payload": "streaming"}, []string{"payload", "signed", "signed-trailer", "unsigned-trailer"}},
		{"unknown checksum", map[string]string{"payload": "signed-trailer", "checksum": "md5"}, []string{"checksum", "none", "crc32", "crc32c", "sha256", "crc64nvme"}},
		{"checksum without trailer", map[string]string{"payload": "signed", "checksum": "crc32"}, []string{"checksum", "signed-trailer", "unsigned-trailer"}},
		{"signed trailer without checksum", map[string]string{"payload": "signed-trailer"}, []string{"checksum", "crc32"}},
		{"unsigned trailer, checksum none", map[string]string{"payload": "unsigned-trailer", "checksum": "none"}, []string{"checksum", "crc32"}},
		{"chunk size not a number", map[string]string{"chunk-size": "64k"}, []string{"chunk-size"}},
		{"chunk size too small", map[string]string{"chunk-size": "8191"}, []string{"chunk-size", "8192"}},
		{"chunk size negative", map[string]string{"chunk-size": "-1"}, []string{"chunk-size", "8192"}},
		{"empty region set", map[string]string{"region-set": ""}, []string{"region-set"}},
		{"empty region in set", map[string]string{"region-set": "us-east-1,"}, []string{"region-set"}},
		{"space in region set", map[string]string{"region-set": "us-east-1, us-west-2"}, []string{"region-set"}},
		{"empty service", map[string]string{"service": ""}, []string{"service"}},
		{"unknown parameter", map[string]string{"bucket": "examplebucket"}, []string{"bucket"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := buildChunked(t, tc.params, nil)
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Fatalf("Build(%v) = %v, %v; want an error wrapping ErrInvalidInput", tc.params, sg, err)
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}
