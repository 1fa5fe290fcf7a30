package oss

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"hash"
	"sync"

	"github.com/apisig/apisig/canon"
)

// prekey is an HMAC key kept as the hash states after its inner and outer pad blocks, so each
// MAC costs two compressions fewer and no allocation.
type prekey struct {
	inner, outer []byte // marshalled hash states
}

func newPrekey(newHash func() hash.Hash, key []byte) *prekey {
	h := newHash()
	bs := h.BlockSize()
	if len(key) > bs {
		h.Write(key)
		key = h.Sum(nil)
		h.Reset()
	}
	ipad := make([]byte, bs)
	opad := make([]byte, bs)
	copy(ipad, key)
	copy(opad, key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	k := &prekey{}
	h.Write(ipad)
	k.inner, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	h.Reset()
	h.Write(opad)
	k.outer, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	return k
}

// sum appends HMAC(key, msg) to dst, using h (of the key's hash) as scratch.
func (k *prekey) sum(h hash.Hash, dst, msg []byte) []byte {
	restore(h, k.inner)
	h.Write(msg)
	n := len(dst)
	dst = h.Sum(dst)
	restore(h, k.outer)
	h.Write(dst[n:])
	return h.Sum(dst[:n])
}

func restore(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("oss: restoring a hash state: " + err.Error()) // cannot happen: the state came from MarshalBinary
	}
}

// v1Keys caches the pre-keyed HMAC-SHA1 of each V1 secret. It is emptied when it grows past
// maxCachedKeys.
var v1Keys = struct {
	sync.RWMutex
	m map[string]*prekey
}{m: make(map[string]*prekey)}

const maxCachedKeys = 4096

func v1Key(secret string) *prekey {
	v1Keys.RLock()
	k := v1Keys.m[secret]
	v1Keys.RUnlock()
	if k != nil {
		return k
	}
	k = newPrekey(sha1.New, []byte(secret))
	v1Keys.Lock()
	if len(v1Keys.m) >= maxCachedKeys {
		clear(v1Keys.m)
	}
	v1Keys.m[secret] = k
	v1Keys.Unlock()
	return k
}

// hmacSHA256 is a plain HMAC-SHA256, for the V4 key derivation (run once per cached key).
func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// scratch holds the buffers of one signature computation; it is pooled.
type scratch struct {
	buf    []byte // canonical request / string to sign
	sts    []byte
	mac    []byte
	sig    []byte
	pairs  []kv
	hdrs   []kv
	qpairs []canon.Pair
	sha1   hash.Hash
	sha256 hash.Hash
	sum    [32]byte
}

// kv is a name and value: a sub-resource, a query parameter or a canonical header.
type kv struct {
	k, v    string
	noValue bool
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{buf: make([]byte, 0, 512), sts: make([]byte, 0, 256), mac: make([]byte, 0, 32), sig: make([]byte, 0, 64), sha1: sha1.New(), sha256: sha256.New()}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > 64<<10 || cap(sc.sts) > 64<<10 {
		return
	}
	clear(sc.pairs)
	clear(sc.hdrs)
	clear(sc.qpairs)
	sc.qpairs = sc.qpairs[:0]
	sc.pairs, sc.hdrs = sc.pairs[:0], sc.hdrs[:0]
	scratchPool.Put(sc)
}
