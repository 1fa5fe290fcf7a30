package tencent

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"hash"
	"sync"

	"github.com/apisig/apisig"
)

// preKeyed is an HMAC key kept as the hash states after the inner and outer pad blocks, so a
// MAC costs two compressions fewer and no allocation.
type preKeyed struct {
	inner, outer []byte // marshalled hash states
}

func newPreKeyed(newHash func() hash.Hash, key []byte) *preKeyed {
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
	k := &preKeyed{}
	k.inner, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	h.Reset()
	for i := range pad {
		pad[i] ^= 0x36 ^ 0x5c
	}
	h.Write(pad)
	k.outer, _ = h.(encoding.BinaryMarshaler).MarshalBinary()
	return k
}

// mac appends HMAC(key, msg) to dst, using h (of the key's hash) as scratch.
func (k *preKeyed) mac(h hash.Hash, dst, msg []byte) []byte {
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
		panic("tencent: restoring a hash state: " + err.Error()) // cannot happen: the state came from MarshalBinary
	}
}

// tc3KeyID names a derived TC3 signing key: valid for one secret, UTC date and service.
type tc3KeyID struct {
	secret, date, service string
	chain                 KeyDerivation
}

// cache holds derived keys, keyed by everything that derives them (the secret included), and
// is emptied when it grows past maxCachedKeys.
type cache[K comparable] struct {
	mu   sync.RWMutex
	keys map[K]*preKeyed
}

const maxCachedKeys = 4096

func (c *cache[K]) get(id K, derive func(K) *preKeyed) *preKeyed {
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	k = derive(id)
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[K]*preKeyed)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}

var tc3Keys cache[tc3KeyID]

func tc3SigningKey(id tc3KeyID) *preKeyed {
	return tc3Keys.get(id, func(id tc3KeyID) *preKeyed {
		raw := deriveTC3(id, nil)
		return newPreKeyed(sha256.New, raw[:])
	})
}

// deriveTC3 runs the TC3 key chain:
//
//	SecretDate    = HMAC-SHA256("TC3" + SecretKey, Date)
//	SecretService = HMAC-SHA256(SecretDate, Service)
//	SecretSigning = HMAC-SHA256(SecretService, "tc3_request")
//
// recording each step, redacted, when tr is not nil. The chain knob reproduces two mistakes:
// leaving out the "TC3" prefix, and re-feeding each intermediate key as hex text.
func deriveTC3(id tc3KeyID, tr *apisig.Trace) [32]byte {
	prefix := "TC3"
	if id.chain == KeyChainNoPrefix {
		prefix = ""
	}
	key := []byte(prefix + id.secret)
	steps := [...]struct{ name, data string }{
		{"SecretDate = HMAC-SHA256(\"TC3\" + SecretKey, \"" + id.date + "\")", id.date},
		{"SecretService = HMAC-SHA256(SecretDate, \"" + id.service + "\")", id.service},
		{"SecretSigning = HMAC-SHA256(SecretService, \"tc3_request\")", tc3Terminator},
	}
	var out [32]byte
	for i, st := range steps {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(st.data))
		m.Sum(out[:0])
		tr.AddSecret(apisig.StepKey, st.name, apisig.NewSecret(hex.EncodeToString(out[:])))
		if id.chain == KeyChainHexIntermediate && i < len(steps)-1 {
			key = []byte(hex.EncodeToString(out[:]))
		} else {
			key = append(key[:0], out[:]...)
		}
	}
	return out
}

// v1KeyID names a pre-keyed v1 HMAC: the secret (as transformed by the secret knob) and the
// digest.
type v1KeyID struct {
	secret string
	method SignatureMethod
}

var v1Keys cache[v1KeyID]

func v1Key(id v1KeyID) *preKeyed {
	return v1Keys.get(id, func(id v1KeyID) *preKeyed {
		return newPreKeyed(id.method.newHash, []byte(id.secret))
	})
}

func (m SignatureMethod) newHash() hash.Hash {
	if m == HmacSHA256 {
		return sha256.New()
	}
	return sha1.New()
}
