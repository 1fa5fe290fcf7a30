package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressThreshold is the size above which apisig curl shows a progress bar for an upload or
// a download, when standard error is a terminal and -s was not given.
const progressThreshold = 1 << 20

// progress draws transfer bars on a terminal, or nothing.
type progress struct {
	w       io.Writer
	enabled bool
}

// newProgress shows bars on stderr when it is a terminal and the user did not ask for silence.
func newProgress(stderr io.Writer, silent bool) progress {
	f, ok := stderr.(*os.File)
	return progress{w: stderr, enabled: ok && !silent && term.IsTerminal(int(f.Fd()))}
}

// wrap returns r counting through a bar labelled desc when size is known and large enough;
// otherwise r itself.
func (p progress) wrap(r io.ReadCloser, size int64, desc string) io.ReadCloser {
	if !p.enabled || r == nil || size <= progressThreshold {
		return r
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionOnCompletion(func() { io.WriteString(p.w, "\n") }),
	)
	counted := progressbar.NewReader(r, bar)
	return struct {
		io.Reader
		io.Closer
	}{&counted, r}
}
