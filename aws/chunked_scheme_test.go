package aws_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestChunkedSchemeBadParams builds aws-s3-chunked from registry parameters that cannot work:
// each error names the parameter (as the CLI's --scheme-param spells it) and what is allowed.
func TestChunkedSchemeBadParams(t *testing.T) {
	for _, tc := range []struct {
		name    string
		params  map[string]string
		mention []string
	}{
		{"unknown payload", map[string]string{"payload": "streaming"}, []string{"parameter payload", "signed", "signed-trailer", "unsigned-trailer"}},
		{"unknown checksum", map[string]string{"payload": "signed-trailer", "checksum": "md5"}, []string{"parameter checksum", "none", "crc32", "crc32c", "sha256", "crc64nvme"}},
		{"checksum without trailer", map[string]string{"payload": "signed", "checksum": "crc32"}, []string{"parameter checksum", "signed-trailer", "unsigned-trailer"}},
		{"signed trailer without checksum", map[string]string{"payload": "signed-trailer"}, []string{"parameter checksum", "crc32c"}},
		{"unsigned trailer without checksum", map[string]string{"payload": "unsigned-trailer", "checksum": "none"}, []string{"parameter checksum", "crc32c"}},
		{"chunk size not a number", map[string]string{"chunk-size": "64k"}, []string{"parameter chunk-size", "64k"}},
		{"chunk size too small", map[string]string{"chunk-size": "8191"}, []string{"parameter chunk-size", "8192"}},
		{"chunk size negative", map[string]string{"chunk-size": "-1"}, []string{"parameter chunk-size", "8192"}},
		{"no region", map[string]string{"region": ""}, []string{"region"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			params := map[string]string{"region": "us-east-1"}
			for k, v := range tc.params {
				params[k] = v
			}
			sg, err := aws.ChunkedScheme().Build(apisig.Config{Params: params})
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Fatalf("Build(%v) = %v, %v; want an error wrapping ErrInvalidInput", params, sg, err)
			}
			for _, m := range tc.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
	// A chunk size over the verifier's default limit: the signer still verifies its own chunks.
	sg, err := aws.ChunkedScheme().Build(apisig.Config{Params: map[string]string{"region": "us-east-1", "chunk-size": "33554432"}})
	if err != nil {
		t.Fatalf("Build(chunk-size 32 MiB) = %v", err)
	}
	if c := sg.(*aws.Chunked); c.ChunkSize != 32<<20 || c.MaxChunkSize < 32<<20 {
		t.Errorf("chunk size 32 MiB: ChunkSize %d, MaxChunkSize %d", c.ChunkSize, c.MaxChunkSize)
	}
}
