package alibaba

import (
	"bytes"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

// MaxFormBody is the largest form body the RPC signer and verifier read to find parameters.
// Alibaba's gateway limits POST form bodies to a few megabytes; a larger form is an error, not
// a silent truncation.
const MaxFormBody = 8 << 20

// isForm reports whether h declares an application/x-www-form-urlencoded body.
func isForm(h http.Header) bool {
	var ct string
	if v := h["Content-Type"]; len(v) > 0 { // h.Get without canonicalising a canonical key
		ct = v[0]
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.EqualFold(strings.TrimSpace(ct), "application/x-www-form-urlencoded")
}

// readBody appends req's body to dst and leaves the body ready to be sent, reading through
// GetBody or seeking an io.Seeker back. It never buffers a one-shot body: that is an error
// wrapping [apisig.ErrBodyNotReplayable]. A body longer than limit is an error.
func readBody(dst []byte, req *http.Request, limit int64) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return dst, nil
	}
	var r io.Reader
	switch {
	case req.GetBody != nil:
		rc, err := req.GetBody()
		if err != nil {
			return dst, fmt.Errorf("reading request body through GetBody: %w", err)
		}
		defer rc.Close()
		r = rc
	default:
		sk, ok := req.Body.(io.Seeker)
		if !ok {
			return dst, fmt.Errorf("%w: set req.GetBody (http.NewRequest does for bytes, strings and bytes.Buffer bodies) or use an io.Seeker body", apisig.ErrBodyNotReplayable)
		}
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return dst, fmt.Errorf("%w: body is an io.Seeker but Seek failed: %v", apisig.ErrBodyNotReplayable, err)
		}
		defer func() { _, _ = sk.Seek(pos, io.SeekStart) }()
		r = req.Body
	}
	buf := bytes.NewBuffer(dst)
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return buf.Bytes(), fmt.Errorf("reading request body: %w", err)
	}
	if n > limit {
		return buf.Bytes(), fmt.Errorf("%w: form body is longer than %d bytes", apisig.ErrInvalidInput, limit)
	}
	return buf.Bytes(), nil
}

// stringHash is a hash that also takes strings without converting them to a new byte slice,
// so that hashing a strings.Reader body (whose WriteTo calls io.WriteString) allocates nothing.
// Keep one per scratch: as an interface value it would otherwise be allocated per use.
type stringHash struct {
	hash.Hash
	buf [512]byte
}

// WriteString writes s to the hash through a fixed buffer.
func (h *stringHash) WriteString(s string) (int, error) {
	n := len(s)
	for s != "" {
		c := copy(h.buf[:], s)
		h.Hash.Write(h.buf[:c])
		s = s[c:]
	}
	return n, nil
}

// writeBody is bodyhash.Write into h through sh, h's string-taking wrapper.
func writeBody(sh *stringHash, h hash.Hash, req *http.Request) error {
	sh.Hash = h
	err := bodyhash.Write(sh, req)
	sh.Hash = nil
	return err
}
