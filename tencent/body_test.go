package tencent_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// zeros is an io.ReadSeeker of n zero bytes that holds no buffer: a large upload body.
type zeros struct{ n, off int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.off >= z.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n-z.off)
	clear(p[:k])
	z.off += k
	return int(k), nil
}

func (z *zeros) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		z.off = off
	case io.SeekCurrent:
		z.off += off
	case io.SeekEnd:
		z.off = z.n + off
	}
	return z.off, nil
}

// TestTC3LargeBody: a 64 MiB body given as an io.Seeker (no GetBody) is hashed by reading it
// through, left at its start for sending, and never buffered; the signed payload hash is the
// body's SHA-256. A one-shot body is refused with ErrBodyNotReplayable.
func TestTC3LargeBody(t *testing.T) {
	const n = 64 << 20
	h := sha256.New()
	if _, err := io.Copy(h, &zeros{n: n}); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(h.Sum(nil))

	req, err := http.NewRequest("POST", "https://cos.tencentcloudapi.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := &zeros{n: n}
	req.Body = struct {
		io.ReadSeeker
		io.Closer
	}{body, io.NopCloser(nil)}
	req.ContentLength = n
	req.Header.Set("Content-Type", "application/octet-stream")
	s := &tencent.TC3{Action: "Upload", Version: "2020-01-01", Clock: apisig.FixedClock(testTime)}
	tr, err := s.Explain(context.Background(), req, testCreds)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tr.Lookup("hashed request payload"); got != want {
		t.Errorf("hashed payload = %s, want %s", got, want)
	}
	if body.off != 0 {
		t.Errorf("body left at offset %d, want 0", body.off)
	}

	oneShot, _ := http.NewRequest("POST", "https://cvm.tencentcloudapi.com/", io.LimitReader(&zeros{n: 10}, 10))
	oneShot.Header.Set("Content-Type", "application/json")
	if err := s.Sign(context.Background(), oneShot, testCreds); !errors.Is(err, apisig.ErrBodyNotReplayable) {
		t.Errorf("one-shot body: %v, want ErrBodyNotReplayable", err)
	}
	// An unsigned payload needs no re-readable body.
	u := &tencent.TC3{Action: "Upload", Version: "2020-01-01", Payload: tencent.PayloadUnsigned, Clock: apisig.FixedClock(testTime)}
	if err := u.Sign(context.Background(), oneShot, testCreds); err != nil {
		t.Errorf("unsigned payload with a one-shot body: %v", err)
	}
}
