package sigv4a

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// ChunkedSchemeID names SigV4a aws-chunked uploads in traces and errors of [Chunked.Sign].
const ChunkedSchemeID = "aws-sigv4a-chunked"

// Chunked signs S3 uploads in the aws-chunked encoding with SigV4a: the request's headers are
// signed with ECDSA (the seed signature), and the body is sent in chunks that each carry an
// ECDSA signature chained from the one before, padded with '*' to [ChunkSignatureLength], as
// aws-c-auth (the AWS CRT's signer) writes them. Verify is [SigV4a.Verify], which checks every
// chunk as it is read.
//
// Signing wraps the body: chunks are signed as it is read, in memory bounded by ChunkSize. A
// Chunked is safe for concurrent use.
type Chunked struct {
	// SigV4a signs the seed and verifies: RegionSet, Service (normally "s3"), Clock,
	// Deterministic, Keys, Region and MaxChunkSize are used; Payload and ContentSHA256 are
	// overridden.
	SigV4a SigV4a
	// Payload says how the chunks are signed: [aws.StreamSigned] (zero,
	// STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD), [aws.StreamSignedTrailer] (its -TRAILER variant)
	// or [aws.StreamUnsignedTrailer] (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
	Payload aws.StreamPayload
	// Checksum is the trailing checksum; a trailer payload needs one, StreamSigned takes none.
	Checksum aws.Checksum
	// ChunkSize is the size of every chunk but the last; zero means [aws.DefaultChunkSize]. It
	// may not be less than [aws.MinChunkSize].
	ChunkSize int
}

// Sign signs req for an aws-chunked upload. req.ContentLength must be the length of the body
// (the object data); it becomes X-Amz-Decoded-Content-Length, and ContentLength and the
// Content-Length header become the encoded length. Sign sets Content-Encoding (aws-chunked
// first), X-Amz-Content-Sha256, X-Amz-Trailer, signs the headers with SigV4a, and replaces
// req.Body (and req.GetBody, when set) with a reader that emits the signed chunks.
func (c *Chunked) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return c.sign(req, creds, nil)
}

// Explain signs as [Chunked.Sign] does and returns the trace of the seed signature; the chunks'
// strings to sign and signatures (up to 64 chunks, and the trailer) are added as the body is
// read.
func (c *Chunked) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: ChunkedSchemeID}
	err := c.sign(req, creds, tr)
	return tr, err
}

// Verify verifies as [SigV4a.Verify] does: the seed, then every chunk as req.Body is read.
func (c *Chunked) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	return c.SigV4a.Verify(ctx, req)
}

// StreamsBody reports whether req's body is an aws-chunked stream: see [SigV4a.StreamsBody].
func (c *Chunked) StreamsBody(req *http.Request) bool { return c.SigV4a.StreamsBody(req) }

func (c *Chunked) payloadName() (string, error) {
	bad := func(part, value, problem string) error {
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: part, Value: value, Problem: problem, Kind: apisig.ErrInvalidInput}
	}
	var name string
	switch c.Payload {
	case aws.StreamSigned:
		name = StreamingPayload
	case aws.StreamSignedTrailer:
		name = StreamingPayloadTrailer
	case aws.StreamUnsignedTrailer:
		name = aws.StreamingUnsignedTrailer
	default:
		return "", bad("Payload", strconv.Itoa(int(c.Payload)), "is not a known aws.StreamPayload")
	}
	switch {
	case c.Checksum != aws.ChecksumNone && c.Checksum.Header() == "":
		return "", bad("Checksum", strconv.Itoa(int(c.Checksum)), "is not a known aws.Checksum")
	case c.Payload == aws.StreamSigned && c.Checksum != aws.ChecksumNone:
		return "", bad("Checksum", c.Checksum.String(), "needs a trailer: use StreamSignedTrailer or StreamUnsignedTrailer")
	case c.Payload != aws.StreamSigned && c.Checksum == aws.ChecksumNone:
		return "", bad("Checksum", "", "a trailer payload mode carries a checksum: set one (CRC32, CRC32C, SHA256, CRC64NVME)")
	case c.ChunkSize != 0 && c.ChunkSize < aws.MinChunkSize:
		return "", bad("ChunkSize", strconv.Itoa(c.ChunkSize), "must be at least 8192 bytes: S3 rejects smaller chunks but the last")
	}
	return name, nil
}

func (c *Chunked) sign(req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	name, err := c.payloadName()
	if err != nil {
		return err
	}
	if req == nil || req.URL == nil {
		return fmt.Errorf("%w: %s: request or its URL is nil", apisig.ErrInvalidInput, ChunkedSchemeID)
	}
	body := req.Body
	if body == http.NoBody {
		body = nil
	}
	decoded := req.ContentLength
	if body == nil {
		decoded = 0
	} else if decoded <= 0 {
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "request ContentLength", Value: strconv.FormatInt(decoded, 10),
			Problem: "is unknown; aws-chunked announces the object's length in X-Amz-Decoded-Content-Length: set req.ContentLength", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	size := c.ChunkSize
	if size == 0 {
		size = aws.DefaultChunkSize
	}
	encoded := aws.EncodedLengthWith(decoded, size, c.Payload, c.Checksum, ChunkSignatureLength)
	h := req.Header
	enc := "aws-chunked"
	for _, v := range h.Values("Content-Encoding") {
		for e := range strings.SplitSeq(v, ",") {
			if e = strings.TrimSpace(e); e != "" && !strings.EqualFold(e, "aws-chunked") {
				enc += "," + e
			}
		}
	}
	setHeader(h, "Content-Encoding", enc)
	setHeader(h, aws.HeaderDecodedLength, strconv.FormatInt(decoded, 10))
	setHeader(h, aws.HeaderContentSHA256, name)
	if c.Payload != aws.StreamSigned {
		setHeader(h, aws.HeaderTrailer, c.Checksum.Header())
	} else {
		h.Del(aws.HeaderTrailer)
	}
	setHeader(h, "Content-Length", strconv.FormatInt(encoded, 10))
	req.ContentLength = encoded

	sg := c.SigV4a
	sg.Payload = aws.PayloadAuto
	sg.ContentSHA256 = aws.On
	if sg.Service == "" {
		sg.Service = "s3"
	}
	if err := sg.sign(req, creds, tr); err != nil {
		return err
	}
	auth := h.Get(aws.HeaderAuthorization)
	date := h.Get(aws.HeaderDate)
	seed := auth[strings.LastIndex(auth, "Signature=")+len("Signature="):]
	priv, err := derivedKeys.get(creds.AccessKeyID, creds.Secret.Reveal())
	if err != nil {
		return err
	}
	cs := &aws.ChunkSigning{
		ChunkAlgorithm: chunkAlgorithm, TrailerAlgorithm: trailerAlgorithm,
		Date: date, Scope: sg.scope(date), Seed: seed, PadTo: ChunkSignatureLength,
		Sign: func(sts []byte) (string, error) {
			digest := sha256.Sum256(sts)
			random := rand.Reader
			if sg.Deterministic {
				random = nil // RFC 6979
			}
			der, err := priv.Sign(random, digest[:], crypto.SHA256)
			if err != nil {
				return "", fmt.Errorf("%s: ECDSA signing a chunk: %w", ChunkedSchemeID, err)
			}
			return hex.EncodeToString(der), nil
		},
	}
	if tr != nil {
		tr.Add(apisig.StepInput, "seed signature", seed)
		tr.Add(apisig.StepInput, "chunk size", strconv.Itoa(size))
		tr.Add(apisig.StepPlacement, "body", "aws-chunked, "+strconv.FormatInt(decoded, 10)+" bytes of data in "+strconv.FormatInt(encoded, 10)+" bytes")
	}
	req.Body = aws.NewChunkEncoder(body, decoded, size, c.Payload, c.Checksum, cs, tr)
	if gb := req.GetBody; gb != nil && body != nil {
		// Chunk signatures chain from the seed, so a replayed body is signed again from it.
		req.GetBody = func() (io.ReadCloser, error) {
			b, err := gb()
			if err != nil {
				return nil, err
			}
			return aws.NewChunkEncoder(b, decoded, size, c.Payload, c.Checksum, cs, nil), nil
		}
	} else if body == nil {
		req.GetBody = func() (io.ReadCloser, error) {
			return aws.NewChunkEncoder(nil, 0, size, c.Payload, c.Checksum, cs, nil), nil
		}
	}
	return nil
}

// Interface guards.
var (
	_ apisig.Signer       = (*Chunked)(nil)
	_ apisig.Verifier     = (*Chunked)(nil)
	_ apisig.BodyStreamer = (*Chunked)(nil)
)
