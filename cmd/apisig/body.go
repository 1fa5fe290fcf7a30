package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// body.go holds a request body that is re-read from its files for hashing, sending and
// retries, never held in memory whole.

func readArgFile(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("no file name")
	}
	return os.ReadFile(name)
}

// body is a request body that can be read from the start again as often as needed: hashing,
// sending and every retry read it afresh. It is a sequence of in-memory bytes and files; a
// file is opened only while it is read, and never held in memory.
type body struct {
	parts []bodyPart
	size  int64
}

type bodyPart struct {
	data   []byte                       // in memory, when path is ""
	path   string                       // a file, opened for each read
	filter func(dst, src []byte) []byte // rewrites the file's bytes as they stream (CR/LF removal, URL-encoding)
	size   int64
}

func (b *body) addBytes(p []byte) {
	if len(p) == 0 {
		return
	}
	if n := len(b.parts); n > 0 && b.parts[n-1].path == "" {
		b.parts[n-1].data = append(b.parts[n-1].data, p...)
	} else {
		b.parts = append(b.parts, bodyPart{data: bytes.Clone(p)})
	}
	b.parts[len(b.parts)-1].size += int64(len(p))
	b.size += int64(len(p))
}

// addFile adds a file, measuring it: by its size, or with a filter by one streaming pass.
func (b *body) addFile(name string, filter func(dst, src []byte) []byte) error {
	if name == "" {
		return fmt.Errorf("no file name")
	}
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a directory", name)
	}
	p := bodyPart{path: name, filter: filter, size: fi.Size()}
	if filter != nil || !fi.Mode().IsRegular() {
		rc, err := p.open()
		if err != nil {
			return err
		}
		p.size, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	b.parts = append(b.parts, p)
	b.size += p.size
	return nil
}

func (p bodyPart) open() (io.ReadCloser, error) {
	if p.path == "" {
		return io.NopCloser(bytes.NewReader(p.data)), nil
	}
	f, err := os.Open(p.path)
	if err != nil || p.filter == nil {
		return f, err
	}
	return struct {
		io.Reader
		io.Closer
	}{&filterReader{r: f, fn: p.filter}, f}, nil
}

// open returns a reader of the whole body from its start.
// length is the body's size in bytes; a nil body has none.
func (b *body) length() int64 {
	if b == nil {
		return 0
	}
	return b.size
}

func (b *body) open() io.ReadCloser { return &bodyReader{parts: b.parts} }

// String reads the whole body (for -G, which moves it into the query).
func (b *body) String() (string, error) {
	rc := b.open()
	defer rc.Close()
	data, err := io.ReadAll(rc)
	return string(data), err
}

// singleFile reports whether the body is one file sent as it is, and its name.
func (b *body) singleFile() (string, bool) {
	if b != nil && len(b.parts) == 1 && b.parts[0].path != "" && b.parts[0].filter == nil {
		return b.parts[0].path, true
	}
	return "", false
}

// bodyReader reads the parts in turn, holding at most one file open.
type bodyReader struct {
	parts []bodyPart
	cur   io.ReadCloser
}

func (r *bodyReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			rc, err := r.parts[0].open()
			if err != nil {
				return 0, err
			}
			r.cur, r.parts = rc, r.parts[1:]
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.cur.Close()
			r.cur = nil
			if n == 0 {
				continue
			}
			err = nil
		}
		return n, err
	}
}

func (r *bodyReader) Close() error {
	if r.cur != nil {
		err := r.cur.Close()
		r.cur = nil
		return err
	}
	return nil
}

// filterReader streams r through fn.
type filterReader struct {
	r   io.Reader
	fn  func(dst, src []byte) []byte
	in  [32 << 10]byte
	buf []byte
	out []byte
	err error
}

func (t *filterReader) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		n, err := t.r.Read(t.in[:])
		t.buf = t.fn(t.buf[:0], t.in[:n])
		t.out, t.err = t.buf, err
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}
