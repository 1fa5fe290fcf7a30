// Package bodyhash hashes an HTTP request body without consuming it: through the request's
// GetBody, or by seeking an io.Seeker body back to where it was. It never buffers a body that
// cannot be re-read; that is an error wrapping apisig.ErrBodyNotReplayable.
package bodyhash

import (
	"fmt"
	"hash"
	"io"
	"net/http"

	"github.com/apisig/apisig"
)

// Write writes req's body into h and leaves the body ready to be sent. A nil body or
// http.NoBody writes nothing.
func Write(h hash.Hash, req *http.Request) error {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return fmt.Errorf("reading request body through GetBody: %w", err)
		}
		defer rc.Close()
		if _, err := io.Copy(h, rc); err != nil {
			return fmt.Errorf("reading request body through GetBody: %w", err)
		}
		return nil
	}
	if sk, ok := req.Body.(io.Seeker); ok {
		pos, err := sk.Seek(0, io.SeekCurrent)
		if err != nil {
			return fmt.Errorf("%w: body is an io.Seeker but Seek failed: %v", apisig.ErrBodyNotReplayable, err)
		}
		if _, err := io.Copy(h, req.Body); err != nil {
			return fmt.Errorf("reading request body: %w", err)
		}
		if _, err := sk.Seek(pos, io.SeekStart); err != nil {
			return fmt.Errorf("%w: seeking the body back after hashing: %v", apisig.ErrBodyNotReplayable, err)
		}
		return nil
	}
	return fmt.Errorf("%w: set req.GetBody (http.NewRequest does for bytes, strings and bytes.Buffer bodies), use an io.Seeker body, or sign an unsigned or precomputed payload hash", apisig.ErrBodyNotReplayable)
}
