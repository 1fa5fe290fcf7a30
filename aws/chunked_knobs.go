package aws

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/knobs"
)

// chunkKnobs are aws-chunked's own knobs; the ids are those of ../shared/MISTAKES.md.
var chunkKnobs = knobs.Table[Chunked]{
	knobs.Bool("chunk-chain", "the previous signature each chunk's string to sign carries: the previous chunk's (the seed for the first), or always the seed", []string{"A37"},
		func(c *Chunked) *bool { return &c.Dialect.ChainFromSeed }, "previous", "seed"),
	knobs.Bool("trailer-line-end", "how a trailing header line ends: CRLF, or LF CRLF as minio-go writes it (MinIO accepts it; versitygw answers BadDigest)", nil,
		func(c *Chunked) *bool { return &c.Dialect.TrailerLF }, "crlf", "lf-crlf"),
	knobs.Bool("decoded-length", "whether X-Amz-Decoded-Content-Length is sent and signed (S3 answers SignatureDoesNotMatch without it)", []string{"A37"},
		func(c *Chunked) *bool { return &c.Dialect.OmitDecodedLength }, "sent", "omitted"),
}

// Knobs lists aws-chunked's knobs, then the seed signature's (SigV4's).
func (c *Chunked) Knobs() []apisig.Knob {
	return append(chunkKnobs.Knobs(), c.SigV4.Knobs()...)
}

// SetKnob sets an aws-chunked knob, or else a SigV4 knob of the seed signature. Unknown knobs
// and values are errors wrapping [apisig.ErrInvalidInput].
func (c *Chunked) SetKnob(name, value string) error {
	if slices.ContainsFunc(chunkKnobs, func(k knobs.Knob[Chunked]) bool { return k.Name == name }) {
		return chunkKnobs.Set(c, ChunkedSchemeID, name, value)
	}
	if slices.ContainsFunc(sigv4Knobs, func(k knobs.Knob[SigV4]) bool { return k.Name == name }) {
		return c.SigV4.SetKnob(name, value)
	}
	ks := c.Knobs()
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Name
	}
	return fmt.Errorf("%w: %q is not a knob of %s; knobs: %s", apisig.ErrInvalidInput, name, ChunkedSchemeID, strings.Join(names, ", "))
}

// ChunkedScheme describes aws-chunked uploads for an [apisig.Registry]: Sign signs the headers
// and wraps the body; Explain's trace gains each chunk's steps as the body is read.
func ChunkedScheme() apisig.Scheme {
	payloads := []string{"signed", "signed-trailer", "unsigned-trailer"}
	s := apisig.Scheme{
		ID:      ChunkedSchemeID,
		Summary: "Amazon S3 aws-chunked upload: SigV4 seed, chained chunk signatures, optional checksum trailer",
		Params: []apisig.Param{
			{Name: "region", Doc: "the region in the credential scope, e.g. us-east-1", Required: true},
			{Name: "payload", Doc: "how chunks are signed: " + strings.Join(payloads, ", "), Default: "signed"},
			{Name: "checksum", Doc: "trailing checksum (trailer payloads): none, crc32, crc32c, sha256, crc64nvme", Default: "none"},
			{Name: "chunk-size", Doc: "bytes per chunk but the last, at least 8192", Default: strconv.Itoa(DefaultChunkSize)},
		},
	}
	bad := func(param, value, problem string) error {
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "parameter " + param, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
	}
	trailers := strings.Join(checksumNames[1:], ", ")
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		c := &Chunked{SigV4: SigV4{Region: cfg.Param(s, "region"), Service: "s3", Clock: cfg.Clock, Keys: cfg.Keys}}
		payload := cfg.Param(s, "payload")
		p := slices.Index(payloads, payload)
		if p < 0 {
			return nil, bad("payload", payload, "is not one of ["+strings.Join(payloads, ", ")+"]")
		}
		c.Payload = StreamPayload(p)
		cs := cfg.Param(s, "checksum")
		if i := slices.Index(checksumNames[:], cs); i > 0 {
			c.Checksum = Checksum(i)
		} else if cs != "none" {
			return nil, bad("checksum", cs, "is not one of [none, "+trailers+"]")
		}
		switch {
		case c.Payload == StreamSigned && c.Checksum != ChecksumNone:
			return nil, bad("checksum", cs, "needs a trailer: with it, set payload to signed-trailer or unsigned-trailer")
		case c.Payload != StreamSigned && c.Checksum == ChecksumNone:
			return nil, bad("checksum", cs, "payload "+payload+" carries a trailing checksum: set checksum to one of ["+trailers+"]")
		}
		size := cfg.Param(s, "chunk-size")
		n, err := strconv.Atoi(size)
		if err != nil {
			return nil, bad("chunk-size", size, "is not a whole number of bytes")
		}
		if n < MinChunkSize {
			return nil, bad("chunk-size", size, "must be at least "+strconv.Itoa(MinChunkSize)+" bytes: S3 rejects smaller chunks but the last")
		}
		c.ChunkSize = n
		if n > DefaultMaxChunkSize {
			c.MaxChunkSize = n // the signer's own verifier accepts the chunks it signs
		}
		// The checks Sign makes, so that a configuration it would refuse fails here.
		if err := c.check(); err != nil {
			return nil, err
		}
		return c, nil
	}
	return s
}

// Interface guards.
var (
	_ apisig.Signer   = (*Chunked)(nil)
	_ apisig.Verifier = (*Chunked)(nil)
	_ apisig.Tunable  = (*Chunked)(nil)
	_ apisig.Verifier = (*PostSigner)(nil)
)
