package aws

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"strconv"

	"github.com/apisig/apisig"
)

// chunkParams is what a chunk encoder (or verifier) needs beyond the body: the seed signature
// and everything the chunk signatures are computed from.
type chunkParams struct {
	key      *signingKey
	date     string // X-Amz-Date of the seed
	scope    string // date/region/service/aws4_request
	seed     string // hex seed signature
	akid     string // access key id, for errors
	payload  StreamPayload
	checksum Checksum
	size     int
	decoded  int64
	dialect  ChunkDialect
	trace    *apisig.Trace
}

// maxTracedChunks bounds how many chunks Explain records.
const maxTracedChunks = 64

// chunkSigner computes chained chunk signatures with a pre-keyed HMAC.
type chunkSigner struct {
	p    *chunkParams
	prev [64]byte
	sc   scratch
	sts  []byte
	n    int // chunks signed
}

func newChunkSigner(p *chunkParams) *chunkSigner {
	s := &chunkSigner{p: p, sc: scratch{h: sha256.New()}}
	copy(s.prev[:], p.seed)
	s.sts = make([]byte, 0, len(chunkAlgorithm)+len(p.date)+len(p.scope)+64*3+8)
	return s
}

// sign returns the signature of a chunk whose data hashes to sum (or, for the trailer, of the
// trailing headers hashing to sum), and chains it.
func (s *chunkSigner) sign(sum *[sha256.Size]byte, trailer bool) []byte {
	b := s.sts[:0]
	if trailer {
		b = append(b, trailerAlgorithm...)
	} else {
		b = append(b, chunkAlgorithm...)
	}
	b = append(b, '\n')
	b = append(b, s.p.date...)
	b = append(b, '\n')
	b = append(b, s.p.scope...)
	b = append(b, '\n')
	if s.p.dialect.ChainFromSeed {
		b = append(b, s.p.seed...)
	} else {
		b = append(b, s.prev[:]...)
	}
	b = append(b, '\n')
	if !trailer {
		b = append(b, EmptyPayloadHash...)
		b = append(b, '\n')
	}
	b = hex.AppendEncode(b, sum[:])
	s.sts = b
	sig := macHex(s.p.key, b, &s.sc)
	copy(s.prev[:], sig)
	if tr := s.p.trace; tr != nil && (s.n < maxTracedChunks || trailer) {
		name := "chunk " + strconv.Itoa(s.n)
		if trailer {
			name = "trailer"
		}
		tr.Add(apisig.StepStringToSign, name+" string to sign", string(b))
		tr.Add(apisig.StepSignature, name+" signature", string(sig))
	}
	s.n++
	return sig
}

// chunkEncoder reads the object data from src and emits the aws-chunked body. It holds one
// chunk of data at a time.
type chunkEncoder struct {
	src    io.ReadCloser
	p      *chunkParams
	signer chunkSigning // nil for unsigned chunks
	sum    hash.Hash    // the trailing checksum, nil without one
	data   []byte       // current chunk's data
	head   []byte       // current chunk's header line
	tail   []byte       // after the data: CRLF, or the final chunk's trailer
	out    [3][]byte    // what is left to emit: head, data, tail
	left   int64        // data bytes still to read from src
	done   bool         // the final chunk has been framed
	err    error
	// started says bytes have been read; origGetBody is the request's GetBody before Sign
	// replaced it. Together they let Sign re-sign a request it already signed.
	started     bool
	origGetBody func() (io.ReadCloser, error)
}

func newChunkEncoder(src io.ReadCloser, p *chunkParams) *chunkEncoder {
	var sg chunkSigning
	if p.payload != StreamUnsignedTrailer {
		sg = hmacSigning{newChunkSigner(p)}
	}
	return newSigningEncoder(src, p, sg)
}

// chunkSigning signs chunks and the trailer, each chained from the signature before.
type chunkSigning interface {
	// sign returns the signature of the chunk (or trailing headers) that hash to sum, as sent.
	// sum is passed by value: a pointer would escape through the interface.
	sign(sum [sha256.Size]byte, trailer bool) ([]byte, error)
}

// hmacSigning signs SigV4 chunks with the pre-keyed HMAC of the signing key.
type hmacSigning struct{ s *chunkSigner }

func (h hmacSigning) sign(sum [sha256.Size]byte, trailer bool) ([]byte, error) {
	return h.s.sign(&sum, trailer), nil
}

func newSigningEncoder(src io.ReadCloser, p *chunkParams, sg chunkSigning) *chunkEncoder {
	e := &chunkEncoder{src: src, p: p, left: p.decoded, signer: sg}
	e.sum = p.checksum.newHash()
	n := int64(p.size)
	if p.decoded < n {
		n = p.decoded
	}
	e.data = make([]byte, 0, n)
	e.head = make([]byte, 0, 16+len(chunkSigPrefix)+64+2)
	e.tail = make([]byte, 0, 256)
	return e
}

// Close closes the wrapped body.
func (e *chunkEncoder) Close() error { return e.src.Close() }

// Read emits the next bytes of the encoded body.
func (e *chunkEncoder) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.out[0])+len(e.out[1])+len(e.out[2]) == 0 {
			if n > 0 {
				return n, nil
			}
			if err := e.next(); err != nil {
				return n, err
			}
		}
		for i := range e.out {
			if len(e.out[i]) > 0 {
				c := copy(p[n:], e.out[i])
				e.out[i] = e.out[i][c:]
				n += c
				break
			}
		}
	}
	return n, nil
}

// WriteTo writes the encoded body to w without copying the data through an intermediate
// buffer; io.Copy uses it.
func (e *chunkEncoder) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		for i := range e.out {
			for len(e.out[i]) > 0 {
				n, err := w.Write(e.out[i])
				total += int64(n)
				e.out[i] = e.out[i][n:]
				if err != nil {
					return total, err
				}
			}
		}
		if err := e.next(); err != nil {
			if err == io.EOF {
				return total, nil
			}
			return total, err
		}
	}
}

// errBodyLength reports a body whose length is not the one the request announced.
func errBodyLength(problem string) error {
	return &apisig.RequestError{Scheme: ChunkedSchemeID, Part: "request body", Problem: problem, Kind: apisig.ErrInvalidInput}
}

// next frames the next chunk into e.out, or returns io.EOF after the final one.
func (e *chunkEncoder) next() error {
	e.started = true
	if e.err != nil {
		return e.err
	}
	if e.done {
		e.err = io.EOF
		return e.err
	}
	n := min(int64(e.p.size), e.left)
	e.data = e.data[:n]
	if n > 0 {
		got, err := io.ReadFull(e.src, e.data)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				err = errBodyLength("ended after " + strconv.FormatInt(e.p.decoded-e.left+int64(got), 10) + " bytes; ContentLength announced " + strconv.FormatInt(e.p.decoded, 10))
			}
			e.err = err
			return err
		}
		e.left -= n
	} else {
		// The data is all read: the body must have nothing more.
		var one [1]byte
		if k, _ := io.ReadFull(e.src, one[:]); k > 0 {
			e.err = errBodyLength("is longer than ContentLength announced (" + strconv.FormatInt(e.p.decoded, 10) + " bytes)")
			return e.err
		}
		e.done = true
	}
	if e.sum != nil {
		e.sum.Write(e.data)
	}
	e.head = strconv.AppendInt(e.head[:0], n, 16)
	if e.signer != nil {
		sig, err := e.signer.sign(sha256.Sum256(e.data), false)
		if err != nil {
			e.err = err
			return err
		}
		e.head = append(e.head, chunkSigPrefix...)
		e.head = append(e.head, sig...)
	}
	e.head = append(e.head, '\r', '\n')
	e.tail = e.tail[:0]
	switch {
	case n > 0 || e.p.payload == StreamSigned:
		e.tail = append(e.tail, '\r', '\n')
	default:
		var err error
		if e.tail, err = e.appendTrailer(e.tail); err != nil {
			e.err = err
			return err
		}
	}
	e.out = [3][]byte{e.head, e.data, e.tail}
	return nil
}

// appendTrailer appends the trailing headers (the checksum), their signature when the trailer
// is signed, and the blank line that ends the body.
func (e *chunkEncoder) appendTrailer(b []byte) ([]byte, error) {
	name, value := e.p.checksum.Header(), checksumValue(e.sum)
	if e.p.trace != nil {
		e.p.trace.Add(apisig.StepInput, "trailer "+name, value)
	}
	if e.signer != nil {
		// The trailer is signed as "name:value\n" per header.
		line := make([]byte, 0, len(name)+len(value)+2)
		line = append(append(append(append(line, name...), ':'), value...), '\n')
		sig, err := e.signer.sign(sha256.Sum256(line), true)
		if err != nil {
			return b, err
		}
		b = appendTrailerLine(b, name, value, e.p.dialect.TrailerLF)
		b = append(b, trailerSigName...)
		b = append(b, ':')
		b = append(b, sig...)
		b = append(b, '\r', '\n')
	} else {
		b = appendTrailerLine(b, name, value, e.p.dialect.TrailerLF)
	}
	return append(b, '\r', '\n'), nil
}

func appendTrailerLine(b []byte, name, value string, lf bool) []byte {
	b = append(b, name...)
	b = append(b, ':')
	b = append(b, value...)
	if lf {
		b = append(b, '\n')
	}
	return append(b, '\r', '\n')
}
