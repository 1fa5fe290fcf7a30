package alibaba

import (
	"crypto/fips140"
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"hash"
	"sync"

	"github.com/apisig/apisig"
)

// macKey is an HMAC key kept pre-keyed: the hash states after the inner and outer pad blocks,
// so each MAC costs two compressions fewer and no key schedule.
type macKey struct {
	inner, outer []byte // marshalled hash states
}

type macKeyID struct {
	key    string // the full HMAC key (secret, or secret + "&")
	sha256 bool
}

// keyCache holds pre-keyed HMACs, keyed by the key bytes themselves (so a changed secret is
// never signed with a stale key), emptied when it grows past maxCachedKeys.
type keyCache struct {
	mu   sync.RWMutex
	keys map[macKeyID]*macKey
}

const maxCachedKeys = 4096

var macKeys = &keyCache{keys: make(map[macKeyID]*macKey)}

func (c *keyCache) get(key string, useSHA256 bool) *macKey {
	id := macKeyID{key: key, sha256: useSHA256}
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	k = newMacKey(key, useSHA256)
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}

// getBytes is get for a key held in a byte slice: a cached key is found without allocating.
func (c *keyCache) getBytes(key []byte, useSHA256 bool) *macKey {
	c.mu.RLock()
	k := c.keys[macKeyID{key: string(key), sha256: useSHA256}]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	return c.get(string(key), useSHA256)
}

func newHash(useSHA256 bool) hash.Hash {
	if useSHA256 {
		return sha256.New()
	}
	return sha1.New()
}

// newMacKey runs the HMAC key schedule of RFC 2104: a key longer than the block is hashed
// first, then padded with zeros and XORed with ipad and opad.
func newMacKey(key string, useSHA256 bool) *macKey {
	h := newHash(useSHA256)
	bs := h.BlockSize()
	k := []byte(key)
	if len(k) > bs {
		h.Write(k)
		k = h.Sum(nil)
		h.Reset()
	}
	ipad := make([]byte, bs)
	opad := make([]byte, bs)
	copy(ipad, k)
	copy(opad, k)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	m := &macKey{}
	h.Write(ipad)
	m.inner, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	h.Reset()
	h.Write(opad)
	m.outer, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	return m
}

// sum appends HMAC(key, msg) to dst, using h (of the key's hash) as working state.
func (m *macKey) sum(dst []byte, h hash.Hash, msg []byte) []byte {
	restore(h, m.inner)
	h.Write(msg)
	n := len(dst)
	dst = h.Sum(dst)
	restore(h, m.outer)
	h.Write(dst[n:])
	return h.Sum(dst[:n])
}

func restore(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("alibaba: restoring a hash state: " + err.Error()) // cannot happen: the state came from MarshalBinary
	}
}

// checkSHA1 refuses HMAC-SHA1 when the process runs in FIPS 140-only mode, where SHA-1 is
// not an approved MAC hash (crypto/hmac would panic); the error says which scheme and why.
func checkSHA1(scheme string) error {
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: scheme, Part: "signature method HMAC-SHA1",
			Problem: "is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); use ACS3-HMAC-SHA256 (scheme aliyun-acs3)",
			Kind:    apisig.ErrInvalidInput}
	}
	return nil
}
