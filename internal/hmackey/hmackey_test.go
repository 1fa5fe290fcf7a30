package hmackey

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
	"testing"
)

// RFC 4231 test cases 1, 2 and 6 (a key longer than the block) for HMAC-SHA-256, and RFC 2202
// test cases 1 and 6 for HMAC-SHA-1.
func TestRFCVectors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		newHash  func() hash.Hash
		key, msg string
		want     string
	}{
		{"rfc4231-1", sha256.New, strings.Repeat("\x0b", 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
		{"rfc4231-2", sha256.New, "Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{"rfc4231-6", sha256.New, strings.Repeat("\xaa", 131), "Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
		{"rfc2202-1", sha1.New, strings.Repeat("\x0b", 20), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
		{"rfc2202-6", sha1.New, strings.Repeat("\xaa", 80), "Test Using Larger Than Block-Size Key - Hash Key First", "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
	} {
		k := New(tc.newHash, []byte(tc.key))
		prefix := []byte("dst:")
		got := k.Sum(tc.newHash(), prefix, []byte(tc.msg))
		if !bytes.HasPrefix(got, prefix) || hex.EncodeToString(got[len(prefix):]) != tc.want {
			t.Errorf("%s: %x, want dst:%s", tc.name, got, tc.want)
		}
		h := tc.newHash()
		k.Start(h)
		h.Write([]byte(tc.msg[:3]))
		h.Write([]byte(tc.msg[3:]))
		if got := hex.EncodeToString(k.Finish(h, nil)); got != tc.want {
			t.Errorf("%s in two writes: %s, want %s", tc.name, got, tc.want)
		}
		m := hmac.New(tc.newHash, []byte(tc.key))
		m.Write([]byte(tc.msg))
		if got := hex.EncodeToString(m.Sum(nil)); got != tc.want {
			t.Errorf("%s: crypto/hmac gives %s: wrong test vector", tc.name, got)
		}
	}
}

func TestCache(t *testing.T) {
	var c Cache[string]
	calls := 0
	derive := func(s string) Key { calls++; return New(sha256.New, []byte(s)) }
	a := c.Get("secret-a", derive)
	if c.Get("secret-a", derive) != a || calls != 1 {
		t.Errorf("second Get derived again (%d calls)", calls)
	}
	if c.Get("secret-b", derive) == a {
		t.Error("a different secret got the same key")
	}
	for i := range MaxCached + 1 {
		c.Get(strings.Repeat("x", i), derive)
	}
	if n := len(c.keys); n > MaxCached {
		t.Errorf("cache holds %d keys, more than %d", n, MaxCached)
	}
}

func TestSumAllocs(t *testing.T) {
	k := New(sha256.New, []byte("key"))
	h := sha256.New()
	buf := make([]byte, 0, 32)
	msg := []byte("message")
	if n := testing.AllocsPerRun(100, func() { k.Sum(h, buf[:0], msg) }); n != 0 {
		t.Errorf("Sum allocates %v times, want 0", n)
	}
}

func BenchmarkSum(b *testing.B) {
	k := New(sha256.New, []byte("key"))
	h := sha256.New()
	buf := make([]byte, 0, 32)
	msg := []byte(strings.Repeat("m", 256))
	b.ReportAllocs()
	for b.Loop() {
		buf = k.Sum(h, buf[:0], msg)
	}
}
