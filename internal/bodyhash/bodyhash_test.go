package bodyhash_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/bodyhash"
)

func sum(t *testing.T, req *http.Request) ([]byte, error) {
	t.Helper()
	h := sha256.New()
	err := bodyhash.Write(h, req)
	return h.Sum(nil), err
}

func TestWrite(t *testing.T) {
	want := sha256.Sum256([]byte("payload"))
	empty := sha256.Sum256(nil)

	t.Run("nil and NoBody hash as empty", func(t *testing.T) {
		for _, body := range []io.ReadCloser{nil, http.NoBody} {
			req, _ := http.NewRequest("GET", "http://h/", nil)
			req.Body = body
			got, err := sum(t, req)
			if err != nil || !bytes.Equal(got, empty[:]) {
				t.Errorf("body %v: got %x, %v; want the empty hash", body, got, err)
			}
		}
	})
	t.Run("GetBody, body left unread", func(t *testing.T) {
		req, _ := http.NewRequest("PUT", "http://h/", strings.NewReader("payload"))
		got, err := sum(t, req)
		if err != nil || !bytes.Equal(got, want[:]) {
			t.Fatalf("got %x, %v", got, err)
		}
		rest, _ := io.ReadAll(req.Body)
		if string(rest) != "payload" {
			t.Errorf("body after hashing = %q, want it untouched", rest)
		}
	})
	t.Run("io.Seeker body seeks back to where it was", func(t *testing.T) {
		f, err := os.Create(filepath.Join(t.TempDir(), "body"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString("xxpayload"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(2, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("PUT", "http://h/", nil)
		req.Body = f
		got, err := sum(t, req)
		if err != nil || !bytes.Equal(got, want[:]) {
			t.Fatalf("got %x, %v", got, err)
		}
		rest, _ := io.ReadAll(f)
		if string(rest) != "payload" {
			t.Errorf("body after hashing = %q, want it back at offset 2", rest)
		}
	})
	t.Run("one-shot body is refused, not buffered", func(t *testing.T) {
		req, _ := http.NewRequest("PUT", "http://h/", nil)
		req.Body = io.NopCloser(strings.NewReader("payload"))
		_, err := sum(t, req)
		if !errors.Is(err, apisig.ErrBodyNotReplayable) {
			t.Fatalf("err = %v, want ErrBodyNotReplayable", err)
		}
		rest, _ := io.ReadAll(req.Body)
		if string(rest) != "payload" {
			t.Errorf("refused body was consumed: %q left", rest)
		}
	})
	t.Run("GetBody error is reported", func(t *testing.T) {
		req, _ := http.NewRequest("PUT", "http://h/", strings.NewReader("payload"))
		req.GetBody = func() (io.ReadCloser, error) { return nil, errors.New("gone") }
		if _, err := sum(t, req); err == nil || !strings.Contains(err.Error(), "gone") {
			t.Fatalf("err = %v, want the GetBody error", err)
		}
	})
}
