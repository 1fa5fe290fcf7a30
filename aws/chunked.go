package aws

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// aws-chunked constants, from the Amazon S3 API Reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks" and "... Including Trailing
// Headers".
const (
	// StreamingPayload is the X-Amz-Content-Sha256 value of a chunk-signed upload.
	StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
	// StreamingPayloadTrailer is the X-Amz-Content-Sha256 value of a chunk-signed upload
	// with a signed trailer.
	StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
	// StreamingUnsignedTrailer is the X-Amz-Content-Sha256 value of an upload sent in
	// unsigned chunks with a trailing checksum.
	StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

	// HeaderDecodedLength is the length of the object data, before aws-chunked framing.
	HeaderDecodedLength = "X-Amz-Decoded-Content-Length"
	// HeaderTrailer names the trailing headers an aws-chunked body ends with.
	HeaderTrailer = "X-Amz-Trailer"

	// DefaultChunkSize is the chunk size a [Chunked] signer uses when ChunkSize is zero: 64 KiB,
	// as in AWS's published example.
	DefaultChunkSize = 64 << 10
	// MinChunkSize is the smallest chunk S3 accepts, except for the last one: 8 KiB.
	MinChunkSize = 8 << 10
	// DefaultMaxChunkSize is the largest chunk a verifier accepts when MaxChunkSize is zero:
	// 16 MiB, as MinIO. A verifier buffers one chunk, so this bounds its memory.
	DefaultMaxChunkSize = 16 << 20

	// ChunkedSchemeID is the registry id of aws-chunked uploads.
	ChunkedSchemeID = "aws-s3-chunked"

	chunkAlgorithm   = "AWS4-HMAC-SHA256-PAYLOAD"
	trailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER"
	chunkSigPrefix   = ";chunk-signature="
	trailerSigName   = "x-amz-trailer-signature"
)

// StreamPayload says how an aws-chunked body is signed.
type StreamPayload uint8

const (
	// StreamSigned: every chunk is signed, chained from the seed signature
	// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). A checksum is not allowed: it needs a trailer.
	StreamSigned StreamPayload = iota
	// StreamSignedTrailer: signed chunks, then a signed trailer carrying the checksum
	// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER).
	StreamSignedTrailer
	// StreamUnsignedTrailer: unsigned chunks, then an unsigned trailer carrying the checksum
	// (STREAMING-UNSIGNED-PAYLOAD-TRAILER); only the headers are signed.
	StreamUnsignedTrailer
)

var streamPayloads = [...]string{StreamingPayload, StreamingPayloadTrailer, StreamingUnsignedTrailer}

// String returns the X-Amz-Content-Sha256 value of p.
func (p StreamPayload) String() string {
	if int(p) < len(streamPayloads) {
		return streamPayloads[p]
	}
	return "StreamPayload(" + strconv.Itoa(int(p)) + ")"
}

// ChunkDialect holds aws-chunked's dialect knobs. Its zero value is what AWS specifies.
type ChunkDialect struct {
	// ChainFromSeed signs every chunk with the seed signature as the previous signature
	// instead of the previous chunk's (A37).
	ChainFromSeed bool
	// TrailerLF ends each trailing header with "\n\r\n" instead of "\r\n", as minio-go writes
	// it; MinIO accepts it, versitygw answers BadDigest.
	TrailerLF bool
	// OmitDecodedLength leaves X-Amz-Decoded-Content-Length out (A37; S3 answers
	// SignatureDoesNotMatch).
	OmitDecodedLength bool
}

// Chunked signs and verifies S3 uploads in the aws-chunked encoding: the request's headers are
// signed with SigV4 (the seed signature), and the body is sent in chunks that each carry a
// signature chained from the previous one, with an optional trailer carrying a checksum. It
// implements the Amazon S3 API Reference, "Transferring Payload in Multiple Chunks (Chunked
// Upload)" and "Including Trailing Headers (Chunked Upload)", and reproduces the published
// PUT Object example (seed, the three chunk signatures and the encoded length).
//
// Signing wraps the body: the chunks are signed as the body is read, in memory bounded by
// ChunkSize, so a body of any length streams. Verifying wraps the body too: each chunk's bytes
// are handed on only after its signature has been checked.
//
// A Chunked is safe for concurrent use.
type Chunked struct {
	// SigV4 signs and verifies the seed: Region, Service (normally "s3"), Clock, Keys and
	// MaxSkew are used; its Payload and ContentSHA256 are overridden.
	SigV4 SigV4
	// Payload says how the chunks are signed; zero is [StreamSigned].
	Payload StreamPayload
	// Checksum is the trailing checksum; it needs a trailer payload mode, which needs one.
	Checksum Checksum
	// ChunkSize is the size of every chunk but the last; zero means [DefaultChunkSize]. It may
	// not be less than [MinChunkSize].
	ChunkSize int
	// MaxChunkSize is the largest chunk Verify accepts; zero means [DefaultMaxChunkSize].
	MaxChunkSize int
	// SignContentLength says whether Content-Length is a signed header. AWS's examples do
	// both: the chunked PUT example signs it, the trailing-header example does not (nor does
	// minio-go unless the caller sets the header). Zero and On sign it; Off leaves it to
	// req.ContentLength alone.
	SignContentLength Toggle
	// Dialect reproduces client mistakes; its zero value is correct.
	Dialect ChunkDialect
}

// Sign signs req for an aws-chunked upload. req.ContentLength must be the length of the body
// (the object data); it becomes X-Amz-Decoded-Content-Length, and ContentLength and the
// Content-Length header become the encoded length. Sign sets Content-Encoding (aws-chunked
// first), X-Amz-Content-Sha256, X-Amz-Trailer, signs the headers, and replaces req.Body (and
// req.GetBody, when set) with a reader that emits the signed chunks.
func (c *Chunked) Sign(ctx context.Context, req *http.Request, creds apisig.Credentials) error {
	return c.sign(ctx, req, creds, nil)
}

// Explain signs as [Chunked.Sign] does and returns the trace of the seed signature. The steps
// of the chunks (string to sign and signature of each, up to 64 of them, and the trailer) are
// appended to the trace as the body is read: read it after the body has been consumed.
func (c *Chunked) Explain(ctx context.Context, req *http.Request, creds apisig.Credentials) (*apisig.Trace, error) {
	tr := &apisig.Trace{Scheme: ChunkedSchemeID}
	err := c.sign(ctx, req, creds, tr)
	return tr, err
}

func (c *Chunked) chunkSize() int {
	if c.ChunkSize == 0 {
		return DefaultChunkSize
	}
	return c.ChunkSize
}

func (c *Chunked) check() error {
	switch {
	case int(c.Payload) >= len(streamPayloads):
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "Payload", Value: strconv.Itoa(int(c.Payload)), Problem: "is not a known StreamPayload", Kind: apisig.ErrInvalidInput}
	case !c.Checksum.valid():
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "Checksum", Value: strconv.Itoa(int(c.Checksum)), Problem: "is not a known Checksum", Kind: apisig.ErrInvalidInput}
	case c.Payload == StreamSigned && c.Checksum != ChecksumNone:
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "Checksum", Value: c.Checksum.String(),
			Problem: "needs a trailer: use StreamSignedTrailer or StreamUnsignedTrailer", Kind: apisig.ErrInvalidInput}
	case c.Payload != StreamSigned && c.Checksum == ChecksumNone:
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "Checksum", Value: "",
			Problem: "a trailer payload mode carries a checksum: set one (CRC32, CRC32C, SHA256, CRC64NVME)", Kind: apisig.ErrInvalidInput}
	case c.ChunkSize != 0 && c.ChunkSize < MinChunkSize:
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "ChunkSize", Value: strconv.Itoa(c.ChunkSize),
			Problem: "must be at least 8192 bytes: S3 rejects smaller chunks but the last (InvalidChunkSizeError)", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

func (c *Chunked) sign(ctx context.Context, req *http.Request, creds apisig.Credentials, tr *apisig.Trace) error {
	if err := c.check(); err != nil {
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
	if e, ok := body.(*chunkEncoder); ok && !e.started {
		// Signed before and not sent yet: sign the original body again.
		body, decoded, req.GetBody = e.src, e.p.decoded, e.origGetBody
		if body == http.NoBody {
			body = nil
		}
	}
	if body == nil {
		decoded = 0
	} else if decoded <= 0 {
		return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "request ContentLength", Value: strconv.FormatInt(decoded, 10),
			Problem: "is unknown; aws-chunked announces the object's length in X-Amz-Decoded-Content-Length: set req.ContentLength", Kind: apisig.ErrInvalidInput}
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	size := c.chunkSize()
	encoded := encodedLength(decoded, size, c.Payload, c.Checksum, c.Dialect.TrailerLF)

	h := req.Header
	setHeader(h, "Content-Encoding", withAWSChunked(h.Values("Content-Encoding")))
	if c.Dialect.OmitDecodedLength {
		delHeader(h, HeaderDecodedLength)
	} else {
		setHeader(h, HeaderDecodedLength, strconv.FormatInt(decoded, 10))
	}
	setHeader(h, HeaderContentSHA256, c.Payload.String())
	if c.Payload != StreamSigned {
		setHeader(h, HeaderTrailer, c.Checksum.Header())
	} else {
		delHeader(h, HeaderTrailer)
	}
	if c.SignContentLength.resolve(true) {
		setHeader(h, "Content-Length", strconv.FormatInt(encoded, 10))
	} else {
		delHeader(h, "Content-Length")
	}
	req.ContentLength = encoded

	sg := c.SigV4
	sg.Payload = PayloadAuto
	sg.ContentSHA256 = On
	if sg.Service == "" {
		sg.Service = "s3"
	}
	if err := sg.sign(ctx, req, creds, tr); err != nil {
		return err
	}
	auth := h.Get(HeaderAuthorization)
	date := h.Get(HeaderDate)
	seed := auth[len(auth)-64:]
	sco := sg.scopeFor(date)
	key, err := derivedKeys.get(keyID{secret: creds.Secret.Reveal(), date: sco.date, region: sco.region, service: sco.service, chain: sg.Dialect.KeyDerivation})
	if err != nil {
		return err
	}
	p := &chunkParams{
		key: key, date: date, scope: string(sco.append(nil)), seed: seed,
		payload: c.Payload, checksum: c.Checksum, size: size, decoded: decoded,
		dialect: c.Dialect, trace: tr,
	}
	if tr != nil {
		tr.Add(apisig.StepInput, "seed signature", seed)
		tr.Add(apisig.StepInput, "chunk size", strconv.Itoa(size))
		tr.Add(apisig.StepPlacement, "body", "aws-chunked, "+strconv.FormatInt(decoded, 10)+" bytes of data in "+strconv.FormatInt(encoded, 10)+" bytes")
	}
	var enc *chunkEncoder
	if body != nil {
		enc = newChunkEncoder(body, p)
	} else {
		enc = newChunkEncoder(http.NoBody, p)
	}
	enc.origGetBody = req.GetBody
	req.Body = enc
	if gb := req.GetBody; gb != nil {
		// Signatures chain from the seed, so a replayed body is framed and signed the same.
		q := *p
		q.trace = nil
		req.GetBody = func() (io.ReadCloser, error) {
			b, err := gb()
			if err != nil {
				return nil, err
			}
			return newChunkEncoder(b, &q), nil
		}
	} else if body == nil {
		q := *p
		q.trace = nil
		req.GetBody = func() (io.ReadCloser, error) { return newChunkEncoder(http.NoBody, &q), nil }
	}
	return nil
}

// withAWSChunked returns the Content-Encoding value with aws-chunked first, as S3 asks when
// the object has its own encoding ("aws-chunked,gzip").
func withAWSChunked(values []string) string {
	out := "aws-chunked"
	for _, v := range values {
		for e := range strings.SplitSeq(v, ",") {
			e = strings.TrimSpace(e)
			if e != "" && !strings.EqualFold(e, "aws-chunked") {
				out += "," + e
			}
		}
	}
	return out
}

// setHeader sets a header under its canonical key, removing other spellings.
func setHeader(h http.Header, name, value string) {
	delHeader(h, name)
	h[http.CanonicalHeaderKey(name)] = []string{value}
}

func delHeader(h http.Header, name string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
}

// EncodedLength returns the length of the aws-chunked body that carries decoded bytes of data
// in chunks of chunkSize, for the payload mode and checksum: the Content-Length to send.
func EncodedLength(decoded int64, chunkSize int, payload StreamPayload, checksum Checksum) int64 {
	return encodedLength(decoded, chunkSize, payload, checksum, false)
}

func encodedLength(decoded int64, chunkSize int, payload StreamPayload, checksum Checksum, trailerLF bool) int64 {
	return encodedLengthSig(decoded, chunkSize, payload, checksum, trailerLF, 64)
}

func encodedLengthSig(decoded int64, chunkSize int, payload StreamPayload, checksum Checksum, trailerLF bool, sigLen int) int64 {
	perChunk := func(n int64) int64 {
		l := int64(len(strconv.FormatInt(n, 16))) + 2 + n + 2 // size CRLF data CRLF
		if payload != StreamUnsignedTrailer {
			l += int64(len(chunkSigPrefix) + sigLen)
		}
		return l
	}
	cs := int64(chunkSize)
	full := decoded / cs
	total := full * perChunk(cs)
	if rest := decoded % cs; rest > 0 {
		total += perChunk(rest)
	}
	// The final, empty chunk: "0" [;chunk-signature=sig] CRLF.
	total += 1 + 2
	if payload != StreamUnsignedTrailer {
		total += int64(len(chunkSigPrefix) + sigLen)
	}
	if payload == StreamSigned {
		return total + 2 // the empty chunk's data CRLF
	}
	total += int64(trailerLineLen(checksum.Header(), checksumB64Len(checksum), trailerLF))
	if payload == StreamSignedTrailer {
		total += int64(len(trailerSigName) + 1 + sigLen + 2)
	}
	return total + 2 // the blank line that ends the trailer
}

func trailerLineLen(name string, valueLen int, lf bool) int {
	n := len(name) + 1 + valueLen + 2
	if lf {
		n++
	}
	return n
}

func checksumB64Len(c Checksum) int {
	if h := c.newHash(); h != nil {
		return (h.Size() + 2) / 3 * 4
	}
	return 0
}
