package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"strings"
	"testing"
)

// TestKeyedMACMatchesCryptoHMAC checks the pre-keyed HMAC against crypto/hmac for keys shorter
// than, equal to and longer than the block size, with and without a prefix.
func TestKeyedMACMatchesCryptoHMAC(t *testing.T) {
	for _, useSHA1 := range []bool{false, true} {
		newHash := sha256.New
		if useSHA1 {
			newHash = func() hash.Hash { return sha1.New() }
		}
		for _, n := range []int{0, 1, 20, 63, 64, 65, 200} {
			key := []byte(strings.Repeat("k", n))
			for _, prefix := range []string{"", "1614265330.", strings.Repeat("p", 100)} {
				body := []byte("{\"a\":1}")
				m := hmac.New(newHash, key)
				m.Write([]byte(prefix))
				m.Write(body)
				if got := newKeyedMAC(key, useSHA1).sum(prefix, body); !bytes.Equal(got, m.Sum(nil)) {
					t.Errorf("sha1=%v key %d bytes prefix %d bytes: keyed MAC differs from crypto/hmac", useSHA1, n, len(prefix))
				}
			}
		}
	}
}

// TestMACCacheKeyedBySecret checks that a changed secret never reuses the old key.
func TestMACCacheKeyedBySecret(t *testing.T) {
	a, _ := cachedMAC(modeSHA256, "secret-a", func() ([]byte, error) { return []byte("secret-a"), nil })
	b, _ := cachedMAC(modeSHA256, "secret-b", func() ([]byte, error) { return []byte("secret-b"), nil })
	if bytes.Equal(a.sum("", nil), b.sum("", nil)) {
		t.Fatal("two secrets share a cached key")
	}
}
