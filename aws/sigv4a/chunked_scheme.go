package sigv4a

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// chunkedPayloads are the values of the payload parameter, in the order of chunkedPayloadModes.
var (
	chunkedPayloads     = []string{"signed", "signed-trailer", "unsigned-trailer"}
	chunkedPayloadModes = []aws.StreamPayload{aws.StreamSigned, aws.StreamSignedTrailer, aws.StreamUnsignedTrailer}
	// chunkedChecksums are the trailing checksums a trailer payload can carry; the checksum
	// parameter is one of their names (aws.Checksum.String) or "none".
	chunkedChecksums = []aws.Checksum{aws.ChecksumCRC32, aws.ChecksumCRC32C, aws.ChecksumSHA256, aws.ChecksumCRC64NVME}
)

// ChunkedScheme describes SigV4a aws-chunked uploads for an [apisig.Registry]. Sign signs the
// headers with ECDSA and wraps the body in chunks signed as it is read; Explain's trace gains
// each chunk's steps as the body is read. The signer it builds also verifies (with the
// config's key store), checking every chunk as the body is read, and takes SigV4a's knobs.
func ChunkedScheme() apisig.Scheme {
	checksums := make([]string, len(chunkedChecksums))
	for i, c := range chunkedChecksums {
		checksums[i] = c.String()
	}
	s := apisig.Scheme{
		ID:      ChunkedSchemeID,
		Summary: "Amazon S3 aws-chunked upload with SigV4a: ECDSA seed, chained ECDSA chunk signatures, optional checksum trailer",
		Params: []apisig.Param{
			{Name: "region-set", Doc: "comma-separated regions the signature is valid in, or * for all", Default: "*"},
			{Name: "service", Doc: "the service's signing name", Default: "s3"},
			{Name: "region", Doc: "when verifying: the region this endpoint serves, which the region set must include (empty: any)"},
			{Name: "payload", Doc: "how chunks are signed: " + strings.Join(chunkedPayloads, ", "), Default: chunkedPayloads[0]},
			{Name: "checksum", Doc: "trailing checksum (trailer payloads): none, " + strings.Join(checksums, ", "), Default: "none"},
			{Name: "chunk-size", Doc: "bytes per chunk but the last, at least " + strconv.Itoa(aws.MinChunkSize), Default: strconv.Itoa(aws.DefaultChunkSize)},
		},
	}
	bad := func(param, value, problem string) error {
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "parameter " + param, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
	}
	s.New = func(cfg apisig.Config) (apisig.Signer, error) {
		rs := cfg.Param(s, "region-set")
		regions := strings.Split(rs, ",")
		if slices.ContainsFunc(regions, func(r string) bool { return r == "" || strings.ContainsAny(r, " \t") }) {
			return nil, bad("region-set", rs, "want comma-separated regions without spaces, none empty, e.g. us-east-1,us-west-2, or *")
		}
		service := cfg.Param(s, "service")
		if service == "" {
			return nil, bad("service", "", "is empty; want the service's signing name, e.g. s3")
		}
		c := &Chunked{SigV4a: SigV4a{
			RegionSet: regions,
			Service:   service,
			Region:    cfg.Param(s, "region"),
			Clock:     cfg.Clock,
			Keys:      cfg.Keys,
		}}

		payload := cfg.Param(s, "payload")
		p := slices.Index(chunkedPayloads, payload)
		if p < 0 {
			return nil, bad("payload", payload, "is not one of ["+strings.Join(chunkedPayloads, ", ")+"]")
		}
		c.Payload = chunkedPayloadModes[p]

		cs := cfg.Param(s, "checksum")
		if cs != "none" {
			i := slices.Index(checksums, cs)
			if i < 0 {
				return nil, bad("checksum", cs, "is not one of [none, "+strings.Join(checksums, ", ")+"]")
			}
			c.Checksum = chunkedChecksums[i]
		}
		switch {
		case c.Payload == aws.StreamSigned && c.Checksum != aws.ChecksumNone:
			return nil, bad("checksum", cs, "needs a trailer: with it, set payload to signed-trailer or unsigned-trailer")
		case c.Payload != aws.StreamSigned && c.Checksum == aws.ChecksumNone:
			return nil, bad("checksum", cs, "payload "+payload+" carries a trailing checksum: set checksum to one of ["+strings.Join(checksums, ", ")+"]")
		}

		size := cfg.Param(s, "chunk-size")
		n, err := strconv.Atoi(size)
		if err != nil {
			return nil, bad("chunk-size", size, "is not a whole number of bytes")
		}
		if n < aws.MinChunkSize {
			return nil, bad("chunk-size", size, "must be at least "+strconv.Itoa(aws.MinChunkSize)+" bytes: S3 rejects smaller chunks but the last")
		}
		c.ChunkSize = n
		if n > aws.DefaultMaxChunkSize {
			// The signer's own verifier accepts the chunks it signs.
			c.SigV4a.MaxChunkSize = n
		}
		// The checks [Chunked.Sign] makes, so that a configuration it would refuse fails here.
		if _, err := c.payloadName(); err != nil {
			return nil, err
		}
		return c, nil
	}
	return s
}

// Knobs lists the knobs of the seed signature and the verifier: SigV4a's.
func (c *Chunked) Knobs() []apisig.Knob { return c.SigV4a.Knobs() }

// SetKnob sets one of SigV4a's knobs on the seed signature and the verifier. Unknown knobs and
// values are errors wrapping [apisig.ErrInvalidInput] that list what is allowed.
func (c *Chunked) SetKnob(name, value string) error {
	ks := c.Knobs()
	if !slices.ContainsFunc(ks, func(k apisig.Knob) bool { return k.Name == name }) {
		names := make([]string, len(ks))
		for i, k := range ks {
			names[i] = k.Name
		}
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "knob", Value: name, Problem: "is not a knob of this scheme; knobs: " + strings.Join(names, ", "), Kind: apisig.ErrInvalidInput}
	}
	return c.SigV4a.SetKnob(name, value)
}

// Interface guards.
var _ apisig.Tunable = (*Chunked)(nil)
