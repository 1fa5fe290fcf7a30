package canon_test

import (
	"testing"

	"github.com/apisig/apisig/canon"
)

// BenchmarkAppend escapes typical values: mostly literal (an object key, a timestamp), and
// mostly escaped (non-ASCII text).
func BenchmarkAppend(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"key", "photos/2026/11/holiday-in-the-mountains_final.jpg"},
		{"timestamp", "2026-11-23T12:00:00Z"},
		{"unicode", "日本語のファイル名 テスト"},
	} {
		e := canon.Encoding{Set: canon.Unreserved}
		b.Run(tc.name, func(b *testing.B) {
			buf := make([]byte, 0, 256)
			b.SetBytes(int64(len(tc.in)))
			for b.Loop() {
				buf = e.Append(buf[:0], tc.in)
			}
		})
	}
}
