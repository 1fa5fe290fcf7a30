package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestProgress shows a bar only for transfers over 1 MiB, and passes every byte through.
func TestProgress(t *testing.T) {
	var out bytes.Buffer
	p := progress{w: &out, enabled: true}
	big := strings.Repeat("x", progressThreshold+1)
	r := p.wrap(io.NopCloser(strings.NewReader(big)), int64(len(big)), "upload")
	got, err := io.ReadAll(r)
	if err != nil || len(got) != len(big) {
		t.Fatalf("read %d bytes, %v; want %d", len(got), err, len(big))
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "upload") || !strings.Contains(out.String(), "100%") {
		t.Errorf("bar output = %q; want the description and 100%%", out.String())
	}

	out.Reset()
	small := io.NopCloser(strings.NewReader("small"))
	if p.wrap(small, 5, "upload") != small {
		t.Error("a small transfer got a bar")
	}
	if (progress{w: &out}).wrap(io.NopCloser(strings.NewReader(big)), int64(len(big)), "upload") == nil || out.Len() != 0 {
		t.Error("a disabled progress drew a bar")
	}
	if newProgress(&out, false).enabled {
		t.Error("a bar is enabled on a writer that is not a terminal")
	}
}
