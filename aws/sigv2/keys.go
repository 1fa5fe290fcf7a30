package sigv2

import (
	"crypto/fips140"
	"crypto/sha1"
	"encoding"
	"hash"
	"sync"

	"github.com/apisig/apisig"
)

// macKey is a secret kept as a pre-keyed HMAC-SHA1: the SHA-1 states after the inner and outer
// pad blocks, so each signature costs two compressions fewer. SigV2 signs with the secret
// itself, so the cache is keyed by the secret alone.
type macKey struct {
	inner, outer []byte // marshalled sha1 states
}

type keyCache struct {
	mu   sync.RWMutex
	keys map[string]*macKey
}

const maxCachedKeys = 4096

var macKeys = &keyCache{keys: make(map[string]*macKey)}

func (c *keyCache) get(secret string) *macKey {
	c.mu.RLock()
	k := c.keys[secret]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	k = newMACKey(secret)
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[secret] = k
	c.mu.Unlock()
	return k
}

func newMACKey(secret string) *macKey {
	key := []byte(secret)
	if len(key) > sha1.BlockSize {
		sum := sha1.Sum(key)
		key = sum[:]
	}
	var ipad, opad [sha1.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	h := sha1.New()
	h.Write(ipad[:])
	k := &macKey{}
	k.inner, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	h.Reset()
	h.Write(opad[:])
	k.outer, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	return k
}

var hashPool = sync.Pool{New: func() any { return sha1.New() }}

// mac computes HMAC-SHA1(key, msg) into sum.
func (k *macKey) mac(msg []byte, sum *[20]byte) {
	h := hashPool.Get().(hash.Hash)
	restore(h, k.inner)
	h.Write(msg)
	inner := h.Sum(sum[:0])
	restore(h, k.outer)
	h.Write(inner)
	h.Sum(sum[:0])
	hashPool.Put(h)
}

func restore(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("sigv2: restoring a SHA-1 state: " + err.Error()) // cannot happen: the state came from MarshalBinary
	}
}

// checkFIPS refuses HMAC-SHA1 in FIPS 140-only mode, where crypto/hmac would panic.
func checkFIPS() error {
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: "HMAC-SHA1",
			Problem: "is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); sign with SigV4 (scheme aws-sigv4) instead", Kind: apisig.ErrInvalidInput}
	}
	return nil
}
