package aws

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sync"

	"github.com/apisig/apisig"
)

// signingKey is a derived SigV4 key, kept as a pre-keyed HMAC: the SHA-256 states after the
// inner and outer pad blocks, so each signature costs two compressions fewer.
type signingKey struct {
	raw          [32]byte
	inner, outer []byte // marshalled sha256 states
}

type keyID struct {
	secret, date, region, service string
	chain                         KeyDerivation
}

// keyCache holds derived keys. A key is valid for one secret, day, region and service; the
// cache is keyed by all four (and the secret itself, unlike aws-sdk-go-v2's, whose cache
// ignores a changed secret), and is emptied when it grows past maxCachedKeys.
type keyCache struct {
	mu   sync.RWMutex
	keys map[keyID]*signingKey
}

const maxCachedKeys = 4096

var derivedKeys = &keyCache{keys: make(map[keyID]*signingKey)}

func (c *keyCache) get(id keyID) *signingKey {
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k
	}
	k = newSigningKey(deriveKey(id, nil))
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}

// deriveKey runs the SigV4 key chain:
//
//	kDate    = HMAC("AWS4" + secret, date)
//	kRegion  = HMAC(kDate, region)
//	kService = HMAC(kRegion, service)
//	kSigning = HMAC(kService, "aws4_request")
//
// recording each step, redacted, when tr is not nil. The chain knob reproduces the two
// catalogued mistakes: re-feeding each key as hex text, and leaving out the "AWS4" prefix.
func deriveKey(id keyID, tr *apisig.Trace) [32]byte {
	prefix := "AWS4"
	if id.chain == KeyChainNoPrefix {
		prefix = ""
	}
	key := []byte(prefix + id.secret)
	steps := [...]struct{ name, data string }{
		{"kDate = HMAC(\"AWS4\" + secret, \"" + id.date + "\")", id.date},
		{"kRegion = HMAC(kDate, \"" + id.region + "\")", id.region},
		{"kService = HMAC(kRegion, \"" + id.service + "\")", id.service},
		{"kSigning = HMAC(kService, \"aws4_request\")", scopeTerminator},
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

func newSigningKey(raw [32]byte) *signingKey {
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], raw[:])
	copy(opad[:], raw[:])
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	k := &signingKey{raw: raw}
	h := sha256.New()
	h.Write(ipad[:])
	k.inner, _ = h.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
	h.Reset()
	h.Write(opad[:])
	k.outer, _ = h.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
	return k
}
