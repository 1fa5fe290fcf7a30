// Package hmackey keeps an HMAC key pre-keyed (RFC 2104): as the hash states after its inner
// and outer pad blocks, so each MAC costs two compressions fewer, no key processing and, with
// a caller's hash and buffer, no allocation. [Cache] keeps such keys by whatever derives them,
// the secret included, so a changed secret never signs with an old key.
package hmackey

import (
	"encoding"
	"hash"
	"sync"
)

// Key is a pre-keyed HMAC. Its zero value is not usable; make one with [New].
type Key struct {
	inner, outer []byte // marshalled hash states
}

// New runs the HMAC key schedule of RFC 2104 for key with the hash newHash makes (whose
// states must implement encoding.BinaryMarshaler, as every crypto hash does): a key longer
// than the block is hashed first, then padded with zeros and XORed with ipad and opad.
func New(newHash func() hash.Hash, key []byte) Key {
	h := newHash()
	bs := h.BlockSize()
	if len(key) > bs {
		h.Write(key)
		key = h.Sum(nil)
		h.Reset()
	}
	pad := make([]byte, bs)
	copy(pad, key)
	for i := range pad {
		pad[i] ^= 0x36
	}
	h.Write(pad)
	var k Key
	k.inner = marshal(h)
	h.Reset()
	for i := range pad {
		pad[i] ^= 0x36 ^ 0x5c
	}
	h.Write(pad)
	k.outer = marshal(h)
	return k
}

// Sum appends HMAC(key, msg) to dst, using h, a hash of the key's kind, as working state.
func (k *Key) Sum(h hash.Hash, dst, msg []byte) []byte {
	k.Start(h)
	h.Write(msg)
	return k.Finish(h, dst)
}

// Start sets h, a hash of the key's kind, to the inner state: write the message to h, then
// call [Key.Finish].
func (k *Key) Start(h hash.Hash) { restore(h, k.inner) }

// Finish appends the HMAC of what was written to h since [Key.Start] to dst.
func (k *Key) Finish(h hash.Hash, dst []byte) []byte {
	n := len(dst)
	dst = h.Sum(dst)
	restore(h, k.outer)
	h.Write(dst[n:])
	return h.Sum(dst[:n])
}

func marshal(h hash.Hash) []byte {
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic("hmackey: saving a hash state: " + err.Error()) // cannot happen for crypto's hashes
	}
	return state
}

func restore(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("hmackey: restoring a hash state: " + err.Error()) // cannot happen: the state came from MarshalBinary of the same kind of hash
	}
}

// MaxCached is how many keys a [Cache] holds before it is emptied.
const MaxCached = 4096

// Cache maps what derives a key (the secret, and the date, region, ... of a derived key) to
// the pre-keyed HMAC. It is emptied when it grows past [MaxCached]. The zero value is ready to
// use and safe for concurrent use.
type Cache[K comparable] struct {
	mu   sync.RWMutex
	keys map[K]*Key
}

// Get returns the key cached for id, calling derive(id) for it on a miss.
func (c *Cache[K]) Get(id K, derive func(K) Key) *Key {
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	d := derive(id)
	k = &d
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= MaxCached {
		c.keys = make(map[K]*Key)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}
