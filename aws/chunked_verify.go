package aws

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"hash"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// Error codes aws-chunked verification reports, as S3 names them.
const (
	CodeIncompleteBody        = "IncompleteBody"
	CodeInvalidChunkSize      = "InvalidChunkSizeError"
	CodeMalformedChunk        = "InvalidRequest"
	CodeBadDigest             = "BadDigest"
	CodeMissingDecodedLength  = "MissingContentLength"
	CodeInvalidTrailer        = "InvalidArgument"
	maxChunkLine              = 4096 // a chunk header or trailer line, with room to spare
	maxTrailerLines           = 16
	chunkReadStep             = 256 << 10
	chunkedVerifyMinChunkSize = MinChunkSize
)

// Verify checks the seed signature of an aws-chunked upload (the SigV4 Authorization header
// over the request's headers) and replaces req.Body with a [*ChunkedReader] that checks every
// chunk as it is read: the bytes of a chunk are handed on only after its signature has
// matched, and a truncated, tampered or mis-sized body is a read error (a
// [*apisig.RequestError] wrapping [apisig.ErrMalformed], or a [*apisig.MismatchError]), never
// data passed on as valid. With [StreamUnsignedTrailer] the chunks carry no signature; the
// trailing checksum is checked at the end, and the last Read reports a mismatch instead of
// io.EOF.
//
// The reader holds at most one chunk, of at most MaxChunkSize bytes, whatever the body claims.
func (c *Chunked) Verify(ctx context.Context, req *http.Request) (*apisig.Verified, error) {
	sg := c.SigV4
	if sg.Keys == nil {
		return nil, errors.New("aws-s3-chunked: Chunked.SigV4.Keys is nil: a verifier needs a key store")
	}
	payload, decoded, checksum, err := streamFraming(req, streamPayloads, ChunkedSchemeID)
	if err != nil {
		return nil, err
	}
	auth := req.Header.Get(HeaderAuthorization)
	if auth == "" {
		return nil, &apisig.RequestError{Scheme: ChunkedSchemeID, Code: CodeAccessDenied, Part: "request",
			Problem: "has no Authorization header: aws-chunked uploads are signed in the header", Kind: apisig.ErrNotSigned}
	}
	if alg, _, _ := strings.Cut(auth, " "); alg != Algorithm {
		return nil, malformed(codeHeaderMalformed, "Authorization header algorithm", alg, "want "+Algorithm)
	}
	var mk matchedKey
	v, err := sg.verifyHeader(ctx, req, auth, &mk)
	if err != nil {
		return nil, err
	}
	date := req.Header.Get(HeaderDate)
	sco := scope{date: mk.cred.Date, region: mk.cred.Region, service: mk.cred.Service}
	key, err := derivedKeys.get(keyID{secret: mk.secret, date: sco.date, region: sco.region, service: sco.service})
	if err != nil {
		return nil, err
	}
	p := &chunkParams{
		key:      key,
		date:     date,
		scope:    string(sco.append(nil)),
		seed:     v.Signature,
		akid:     v.AccessKeyID,
		payload:  payload,
		checksum: checksum,
		decoded:  decoded,
	}
	max := c.MaxChunkSize
	if max <= 0 {
		max = DefaultMaxChunkSize
	}
	body := req.Body
	if body == nil {
		body = http.NoBody
	}
	req.Body = newChunkedReader(body, p, max, chunkedVerifyMinChunkSize)
	v.Scheme = ChunkedSchemeID
	return v, nil
}

// streamFraming reads the headers that describe an aws-chunked body: X-Amz-Content-Sha256, one
// of names (signed chunks, signed chunks and trailer, unsigned chunks and trailer), the
// X-Amz-Decoded-Content-Length and, with a trailer, X-Amz-Trailer.
func streamFraming(req *http.Request, names [3]string, scheme string) (StreamPayload, int64, Checksum, error) {
	claimed := req.Header.Get(HeaderContentSHA256)
	payload := StreamPayload(len(names))
	for i, n := range names {
		if claimed == n {
			payload = StreamPayload(i)
		}
	}
	if int(payload) == len(names) {
		return 0, 0, 0, &apisig.RequestError{Scheme: scheme, Code: CodeMalformedChunk, Part: "X-Amz-Content-Sha256 header", Value: claimed,
			Problem: "is not an aws-chunked payload: want " + strings.Join(names[:], ", "), Kind: apisig.ErrMalformed}
	}
	dl := req.Header.Get(HeaderDecodedLength)
	decoded, err := strconv.ParseInt(dl, 10, 64)
	if dl == "" || err != nil || decoded < 0 || dl[0] == '+' {
		return 0, 0, 0, &apisig.RequestError{Scheme: scheme, Code: CodeMissingDecodedLength, Part: "X-Amz-Decoded-Content-Length header", Value: dl,
			Problem: "must be the object's length in bytes, a non-negative decimal number", Kind: apisig.ErrMalformed}
	}
	checksum := ChecksumNone
	if payload != StreamSigned {
		tv := req.Header.Get(HeaderTrailer)
		cs, ok := checksumFromHeader(tv)
		if !ok || strings.Contains(tv, ",") {
			return 0, 0, 0, &apisig.RequestError{Scheme: scheme, Code: CodeInvalidTrailer, Part: "X-Amz-Trailer header", Value: tv,
				Problem: "must name one checksum header: x-amz-checksum-crc32, -crc32c, -sha256 or -crc64nvme", Kind: apisig.ErrMalformed}
		}
		checksum = cs
	}
	return payload, decoded, checksum, nil
}

// ChunkedReader reads an aws-chunked body and returns the object data, checking each chunk's
// signature before returning its bytes, the trailer's signature and checksum at the end, and
// that the chunk sizes add up to X-Amz-Decoded-Content-Length. Errors are sticky.
type ChunkedReader struct {
	src      *bufio.Reader
	closer   io.Closer
	p        *chunkParams
	check    chunkCheck // nil for unsigned chunks
	scheme   string
	sum      hash.Hash
	chunk    []byte // the current chunk
	pending  []byte // its verified bytes not yet returned
	maxChunk int
	minChunk int
	read     int64 // data bytes framed so far
	n        int   // chunks read
	small    bool  // the previous data chunk was shorter than minChunk
	trailer  http.Header
	err      error
}

func newChunkedReader(body io.ReadCloser, p *chunkParams, maxChunk, minChunk int) *ChunkedReader {
	var check chunkCheck
	if p.payload != StreamUnsignedTrailer {
		check = hmacCheck{newChunkSigner(p)}
	}
	return newCheckedReader(body, p, check, ChunkedSchemeID, maxChunk, minChunk)
}

func newCheckedReader(body io.ReadCloser, p *chunkParams, check chunkCheck, scheme string, maxChunk, minChunk int) *ChunkedReader {
	return &ChunkedReader{src: bufio.NewReaderSize(body, maxChunkLine), closer: body, p: p, check: check, scheme: scheme,
		maxChunk: maxChunk, minChunk: minChunk, sum: p.checksum.newHash()}
}

// Trailer returns the trailing headers, once Read has returned io.EOF (and they were verified).
func (r *ChunkedReader) Trailer() http.Header { return r.trailer }

// Close closes the underlying body.
func (r *ChunkedReader) Close() error { return r.closer.Close() }

// Read returns verified object data.
func (r *ChunkedReader) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.err = r.readChunk()
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

func (r *ChunkedReader) fail(code, part, value, problem string) error {
	if len(value) > 80 {
		value = value[:80] + "..."
	}
	return &apisig.RequestError{Scheme: r.scheme, Code: code, Part: part, Value: value, Problem: problem, Kind: apisig.ErrMalformed}
}

func (r *ChunkedReader) chunkPart() string { return "aws-chunked chunk " + strconv.Itoa(r.n) }

// line reads one line ending in CRLF and returns it without the CRLF. With lf, a line may end
// in LF CRLF instead (minio-go's trailer framing); the LF is dropped too.
func (r *ChunkedReader) line(part string, lf bool) (string, error) {
	b, err := r.src.ReadSlice('\n')
	if err == nil && lf && (len(b) < 2 || b[len(b)-2] != '\r') {
		s := string(b[:len(b)-1]) // before Peek, which may move the buffer under b
		if next, _ := r.src.Peek(2); string(next) == "\r\n" {
			r.src.Discard(2)
			return s, nil
		}
	}
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return "", r.fail(CodeMalformedChunk, part, string(b), "line is longer than "+strconv.Itoa(maxChunkLine)+" bytes")
	case errors.Is(err, io.EOF):
		return "", r.fail(CodeIncompleteBody, part, string(b), "body ended before the final 0-size chunk and its CRLF: the body is truncated")
	case err != nil:
		return "", err
	case len(b) < 2 || b[len(b)-2] != '\r':
		return "", r.fail(CodeMalformedChunk, part, string(b), "line must end in CRLF")
	}
	return string(b[:len(b)-2]), nil
}

// readChunk reads and verifies the next chunk into r.pending; io.EOF after the final one.
func (r *ChunkedReader) readChunk() error {
	part := r.chunkPart() + " header"
	ln, err := r.line(part, false)
	if err != nil {
		return err
	}
	sizeHex, sig := ln, ""
	if r.check != nil {
		var ok bool
		sizeHex, sig, ok = strings.Cut(ln, chunkSigPrefix)
		if !ok {
			return r.fail(CodeMalformedChunk, part, ln, "want <hex size>;chunk-signature=<"+r.check.format()+">")
		}
		if !r.check.valid(sig) {
			return r.fail(CodeMalformedChunk, part, ln, "chunk-signature must be "+r.check.format())
		}
	}
	size, err := parseChunkSize(sizeHex)
	if err != nil {
		return r.fail(CodeMalformedChunk, part, ln, err.Error())
	}
	switch {
	case size > int64(r.maxChunk):
		return r.fail(CodeInvalidChunkSize, part, ln, "chunk of "+strconv.FormatInt(size, 10)+" bytes is larger than the "+strconv.Itoa(r.maxChunk)+" bytes this verifier accepts")
	case size > r.p.decoded-r.read:
		return r.fail(CodeIncompleteBody, part, ln, "chunk sizes add up to more than X-Amz-Decoded-Content-Length ("+strconv.FormatInt(r.p.decoded, 10)+")")
	case size == 0 && r.read != r.p.decoded:
		return r.fail(CodeIncompleteBody, part, ln, "final chunk after "+strconv.FormatInt(r.read, 10)+" bytes, but X-Amz-Decoded-Content-Length is "+strconv.FormatInt(r.p.decoded, 10))
	case size > 0 && r.small && r.check != nil:
		return r.fail(CodeInvalidChunkSize, r.chunkPart()+" header", ln, "only the last chunk may be smaller than "+strconv.Itoa(r.minChunk)+" bytes")
	}
	if err := r.readData(int(size)); err != nil {
		return err
	}
	if r.check != nil {
		sum := sha256.Sum256(r.chunk)
		if !r.check.verify(sum, sig, false) {
			return r.mismatch(sig, false)
		}
	}
	r.small = size < int64(r.minChunk)
	r.read += size
	r.n++
	if r.sum != nil {
		r.sum.Write(r.chunk)
	}
	if size > 0 || r.p.payload == StreamSigned {
		if err := r.crlf(part); err != nil {
			return err
		}
	}
	if size > 0 {
		r.pending = r.chunk
		return nil
	}
	if r.p.payload != StreamSigned {
		if err := r.readTrailer(); err != nil {
			return err
		}
	}
	if _, err := r.src.ReadByte(); err == nil {
		return r.fail(CodeMalformedChunk, "aws-chunked body", "", "has bytes after the final chunk")
	} else if err != io.EOF {
		return err
	}
	return io.EOF
}

// readData reads size bytes of chunk data, growing the buffer only as bytes arrive.
func (r *ChunkedReader) readData(size int) error {
	r.chunk = r.chunk[:0]
	for len(r.chunk) < size {
		step := min(size-len(r.chunk), chunkReadStep)
		r.chunk = slices.Grow(r.chunk, step)
		n, err := io.ReadFull(r.src, r.chunk[len(r.chunk):len(r.chunk)+step])
		r.chunk = r.chunk[:len(r.chunk)+n]
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return r.fail(CodeIncompleteBody, r.chunkPart(), "", "body ended after "+strconv.Itoa(len(r.chunk))+" of the chunk's "+strconv.Itoa(size)+" bytes")
			}
			return err
		}
	}
	return nil
}

func (r *ChunkedReader) crlf(part string) error {
	var b [2]byte
	n, err := io.ReadFull(r.src, b[:])
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	if n < 2 {
		return r.fail(CodeIncompleteBody, r.chunkPart(), "", "body ended before the CRLF after the chunk data")
	}
	if b != [2]byte{'\r', '\n'} {
		return r.fail(CodeMalformedChunk, r.chunkPart(), string(b[:]), "chunk data must be followed by CRLF: the chunk is longer than its size says")
	}
	return nil
}

func (r *ChunkedReader) mismatch(provided string, trailer bool) error {
	tr := &apisig.Trace{Scheme: r.scheme}
	name := r.chunkPart()
	if trailer {
		name = "aws-chunked trailer"
	}
	r.check.explain(tr, name)
	return &apisig.MismatchError{Scheme: r.scheme, Code: CodeSignatureDoesNotMatch, AccessKeyID: r.p.akid, Provided: provided, Trace: tr}
}

// readTrailer reads the trailing headers after the final chunk: "name:value" lines (each
// ending in CRLF, or in LF CRLF as minio-go writes them), x-amz-trailer-signature when the
// trailer is signed, and a blank line.
func (r *ChunkedReader) readTrailer() error {
	want := r.p.checksum.Header()
	var canonical []byte
	var value, sig string
	seen := false
	for i := 0; ; i++ {
		if i > maxTrailerLines {
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", "", "has more than "+strconv.Itoa(maxTrailerLines)+" lines")
		}
		ln, err := r.line("aws-chunked trailer", true)
		if err != nil {
			return err
		}
		if ln == "" {
			break
		}
		name, val, ok := strings.Cut(ln, ":")
		if !ok || name == "" {
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "want name:value")
		}
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimSpace(val)
		switch {
		case name == trailerSigName:
			if r.check == nil {
				return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "an unsigned trailer carries no x-amz-trailer-signature")
			}
			if sig != "" {
				return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "x-amz-trailer-signature appears twice")
			}
			if !r.check.valid(val) {
				return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "x-amz-trailer-signature must be "+r.check.format())
			}
			sig = val
		case sig != "":
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "trailing header after x-amz-trailer-signature")
		case name != want:
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "trailing header not announced in X-Amz-Trailer ("+want+")")
		case seen:
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", ln, "trailing header appears twice")
		default:
			seen = true
			value = val
			canonical = append(append(append(append(canonical, name...), ':'), val...), '\n')
		}
	}
	if !seen {
		return r.fail(CodeInvalidTrailer, "aws-chunked trailer", "", "is missing "+want+", announced in X-Amz-Trailer")
	}
	if r.check != nil {
		if sig == "" {
			return r.fail(CodeInvalidTrailer, "aws-chunked trailer", "", "is missing x-amz-trailer-signature")
		}
		sum := sha256.Sum256(canonical)
		if !r.check.verify(sum, sig, true) {
			return r.mismatch(sig, true)
		}
	}
	if got := checksumValue(r.sum); got != value {
		return &apisig.RequestError{Scheme: r.scheme, Code: CodeBadDigest, Part: "aws-chunked trailer " + want, Value: value,
			Problem: "does not match the " + r.p.checksum.String() + " of the data received, " + got, Kind: apisig.ErrMismatch}
	}
	r.trailer = http.Header{http.CanonicalHeaderKey(want): {value}}
	return nil
}

// parseChunkSize parses a chunk size: 1 to 16 hex digits, no sign, no spaces.
func parseChunkSize(s string) (int64, error) {
	if s == "" || len(s) > 16 {
		return 0, errors.New("chunk size must be 1 to 16 hex digits")
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, errors.New("chunk size " + strconv.Quote(s) + " is not hexadecimal")
		}
		n = n<<4 | uint64(d)
	}
	if n > 1<<62 {
		return 0, errors.New("chunk size " + strconv.Quote(s) + " is out of range")
	}
	return int64(n), nil
}
