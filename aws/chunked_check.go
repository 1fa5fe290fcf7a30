package aws

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// chunkCheck verifies the chunk and trailer signatures of an aws-chunked body, each chained from
// the one before: HMAC-SHA256 for SigV4, a verification function for schemes whose signatures
// cannot be recomputed (SigV4a's ECDSA).
type chunkCheck interface {
	// valid reports whether a signature is well-formed as sent; format says what that is.
	valid(sig string) bool
	format() string
	// verify reports whether sig signs the chunk (or trailing headers) that hash to sum, and
	// makes it the previous signature of the next one.
	// sum is passed by value: a pointer would escape through the interface, one allocation
	// per chunk.
	verify(sum [sha256.Size]byte, sig string, trailer bool) bool
	// explain adds the string to sign of the last verify, and what was expected, to tr.
	explain(tr *apisig.Trace, name string)
}

// hmacCheck recomputes SigV4 chunk signatures and compares them with [hmac.Equal].
type hmacCheck struct{ s *chunkSigner }

func (c hmacCheck) valid(sig string) bool { return len(sig) == 64 && isLowerHex(sig) }
func (c hmacCheck) format() string        { return "64 lower-case hex digits" }

func (c hmacCheck) verify(sum [sha256.Size]byte, sig string, trailer bool) bool {
	return hmac.Equal(c.s.sign(&sum, trailer), []byte(sig))
}

func (c hmacCheck) explain(tr *apisig.Trace, name string) {
	tr.Add(apisig.StepStringToSign, name+" string to sign", string(c.s.sts))
	tr.Add(apisig.StepSignature, name+" signature", string(c.s.prev[:]))
}

// ChunkSignatures describes the chunk signatures of an aws-chunked body whose request was
// signed by a scheme built on SigV4 with another algorithm than HMAC-SHA256: SigV4a
// (aws/sigv4a), whose chunks are signed with ECDSA. [NewChunkedReader] checks them.
//
// The string to sign of a chunk is, as for SigV4 (and as aws-c-auth builds it for SigV4a):
//
//	ChunkAlgorithm \n Date \n Scope \n previous signature \n hex(SHA-256("")) \n hex(SHA-256(chunk data))
//
// and of the trailer: TrailerAlgorithm \n Date \n Scope \n previous signature \n
// hex(SHA-256(trailing headers as "name:value\n")). The previous signature of the first chunk
// is Seed; a signature padded with '*' on the wire is chained without its padding.
type ChunkSignatures struct {
	// Scheme names the scheme in errors.
	Scheme string
	// Payload and PayloadTrailer are the X-Amz-Content-Sha256 values of signed chunks, and of
	// signed chunks with a signed trailer ("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
	// "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER"). STREAMING-UNSIGNED-PAYLOAD-TRAILER is
	// accepted too: its chunks carry no signature and Verify is not called.
	Payload, PayloadTrailer string
	// ChunkAlgorithm and TrailerAlgorithm begin the strings to sign of a chunk and of the
	// trailer ("AWS4-ECDSA-P256-SHA256-PAYLOAD", "AWS4-ECDSA-P256-SHA256-TRAILER").
	ChunkAlgorithm, TrailerAlgorithm string
	// Date is the request's X-Amz-Date, Scope its credential scope, and Seed the request's
	// signature, already verified.
	Date, Scope, Seed string
	// AccessKeyID names the signer in errors.
	AccessKeyID string
	// PadTo is the length every chunk and trailer signature is padded to with '*' on the wire
	// (144 for SigV4a: twice the longest DER ECDSA P-256 signature, as aws-c-auth pads it); zero
	// means no padding.
	PadTo int
	// Verify reports whether sig, hex without padding, signs stringToSign. Required.
	Verify func(stringToSign []byte, sig string) bool
}

// funcCheck verifies chunk signatures with ChunkSignatures.Verify.
type funcCheck struct {
	cs   *ChunkSignatures
	prev string
	sts  []byte
}

func (c *funcCheck) valid(sig string) bool {
	hexPart := strings.TrimRight(sig, "*")
	switch {
	case hexPart == "" || len(hexPart)%2 != 0 || !isLowerHex(hexPart):
		return false
	case c.cs.PadTo > 0:
		return len(sig) == c.cs.PadTo
	}
	return len(sig) == len(hexPart)
}

func (c *funcCheck) format() string {
	if c.cs.PadTo > 0 {
		return "lower-case hex digits padded with '*' to " + strconv.Itoa(c.cs.PadTo) + " characters"
	}
	return "lower-case hex digits"
}

// appendChunkSTS appends the string to sign of a chunk, or of the trailer.
func appendChunkSTS(b []byte, chunkAlg, trailerAlg, date, scope, prev string, sum *[sha256.Size]byte, trailer bool) []byte {
	if trailer {
		b = append(b, trailerAlg...)
	} else {
		b = append(b, chunkAlg...)
	}
	b = append(b, '\n')
	b = append(b, date...)
	b = append(b, '\n')
	b = append(b, scope...)
	b = append(b, '\n')
	b = append(b, prev...)
	b = append(b, '\n')
	if !trailer {
		b = append(b, EmptyPayloadHash...)
		b = append(b, '\n')
	}
	return hex.AppendEncode(b, sum[:])
}

func (c *funcCheck) verify(sum [sha256.Size]byte, sig string, trailer bool) bool {
	b := appendChunkSTS(c.sts[:0], c.cs.ChunkAlgorithm, c.cs.TrailerAlgorithm, c.cs.Date, c.cs.Scope, c.prev, &sum, trailer)
	c.sts = b
	sig = strings.TrimRight(sig, "*")
	ok := c.cs.Verify(b, sig)
	c.prev = sig
	return ok
}

func (c *funcCheck) explain(tr *apisig.Trace, name string) {
	tr.Add(apisig.StepStringToSign, name+" string to sign", string(c.sts))
}

// NewChunkedReader returns a reader of req's aws-chunked body that checks every chunk as
// [Chunked.Verify]'s does, for a request whose headers a scheme built on SigV4 has verified
// (its seed signature is sigs.Seed). It reads X-Amz-Content-Sha256 (sigs.Payload,
// sigs.PayloadTrailer or STREAMING-UNSIGNED-PAYLOAD-TRAILER), X-Amz-Decoded-Content-Length and
// X-Amz-Trailer, and rejects a request whose headers do not describe an aws-chunked body with
// a [*apisig.RequestError] wrapping [apisig.ErrMalformed]. The reader holds at most one chunk
// of at most maxChunk bytes; zero means [DefaultMaxChunkSize].
func NewChunkedReader(req *http.Request, sigs *ChunkSignatures, maxChunk int) (*ChunkedReader, error) {
	if sigs == nil || sigs.Verify == nil {
		return nil, errors.New("aws: NewChunkedReader: ChunkSignatures.Verify is nil")
	}
	payload, decoded, checksum, err := streamFraming(req, [3]string{sigs.Payload, sigs.PayloadTrailer, StreamingUnsignedTrailer}, sigs.Scheme)
	if err != nil {
		return nil, err
	}
	if maxChunk <= 0 {
		maxChunk = DefaultMaxChunkSize
	}
	p := &chunkParams{date: sigs.Date, scope: sigs.Scope, seed: sigs.Seed, akid: sigs.AccessKeyID, payload: payload, checksum: checksum, decoded: decoded}
	var check chunkCheck
	if payload != StreamUnsignedTrailer {
		check = &funcCheck{cs: sigs, prev: sigs.Seed, sts: make([]byte, 0, 256)}
	}
	body := req.Body
	if body == nil {
		body = http.NoBody
	}
	return newCheckedReader(body, p, check, sigs.Scheme, maxChunk, chunkedVerifyMinChunkSize), nil
}

// ChunkSigning signs the chunks of an aws-chunked body for a scheme built on SigV4 with another
// algorithm than HMAC-SHA256 (SigV4a's ECDSA), for [NewChunkEncoder]. The strings to sign are
// those [ChunkSignatures] describes.
type ChunkSigning struct {
	// ChunkAlgorithm and TrailerAlgorithm begin the strings to sign of a chunk and of the
	// trailer.
	ChunkAlgorithm, TrailerAlgorithm string
	// Date is the request's X-Amz-Date, Scope its credential scope, Seed its signature.
	Date, Scope, Seed string
	// PadTo is the length every signature is padded to with '*' on the wire; zero means none,
	// and then every signature must have the same length for the encoded length to hold.
	PadTo int
	// Sign returns the signature of a string to sign, hex.
	Sign func(stringToSign []byte) (string, error)
}

// funcSigning signs chunks with ChunkSigning.Sign.
type funcSigning struct {
	cs    *ChunkSigning
	prev  string
	sts   []byte
	out   []byte
	trace *apisig.Trace
	n     int
}

func (f *funcSigning) sign(sum [sha256.Size]byte, trailer bool) ([]byte, error) {
	f.sts = appendChunkSTS(f.sts[:0], f.cs.ChunkAlgorithm, f.cs.TrailerAlgorithm, f.cs.Date, f.cs.Scope, f.prev, &sum, trailer)
	sig, err := f.cs.Sign(f.sts)
	if err != nil {
		return nil, err
	}
	if f.cs.PadTo > 0 && len(sig) > f.cs.PadTo {
		return nil, errors.New("aws: chunk signature longer than ChunkSigning.PadTo")
	}
	f.prev = sig
	f.out = append(f.out[:0], sig...)
	for len(f.out) < f.cs.PadTo {
		f.out = append(f.out, '*')
	}
	if f.trace != nil && (f.n < maxTracedChunks || trailer) {
		name := "chunk " + strconv.Itoa(f.n)
		if trailer {
			name = "trailer"
		}
		f.trace.Add(apisig.StepStringToSign, name+" string to sign", string(f.sts))
		f.trace.Add(apisig.StepSignature, name+" signature", string(f.out))
	}
	f.n++
	return f.out, nil
}

// NewChunkEncoder returns a reader that emits body, decoded bytes long, as an aws-chunked body
// in chunks of chunkSize bytes (zero means [DefaultChunkSize]), signed with cs (unsigned, and cs
// unused, for [StreamUnsignedTrailer]), with a trailer carrying checksum unless payload is
// [StreamSigned]. It holds one chunk in memory. Its length is [EncodedLengthWith] with the
// signature length cs.PadTo. The chunks' strings to sign and signatures are added to tr when it
// is not nil (up to 64 chunks, and the trailer). A body shorter or longer than decoded is a
// read error.
func NewChunkEncoder(body io.ReadCloser, decoded int64, chunkSize int, payload StreamPayload, checksum Checksum, cs *ChunkSigning, tr *apisig.Trace) io.ReadCloser {
	if chunkSize <= 0 {
		chunkSize = DefaultChunkSize
	}
	if body == nil {
		body = http.NoBody
	}
	p := &chunkParams{payload: payload, checksum: checksum, size: chunkSize, decoded: decoded, trace: tr}
	var sg chunkSigning
	if payload != StreamUnsignedTrailer && cs != nil && cs.Sign != nil {
		p.date, p.scope, p.seed = cs.Date, cs.Scope, cs.Seed
		sg = &funcSigning{cs: cs, prev: cs.Seed, sts: make([]byte, 0, 256), trace: tr}
	}
	e := newSigningEncoder(body, p, sg)
	if payload != StreamUnsignedTrailer && sg == nil {
		e.err = errors.New("aws: NewChunkEncoder: signed chunks need a ChunkSigning with a Sign function")
	}
	return e
}

// EncodedLengthWith is [EncodedLength] for chunk and trailer signatures sigLen characters long
// on the wire (SigV4a: 144).
func EncodedLengthWith(decoded int64, chunkSize int, payload StreamPayload, checksum Checksum, sigLen int) int64 {
	return encodedLengthSig(decoded, chunkSize, payload, checksum, false, sigLen)
}
