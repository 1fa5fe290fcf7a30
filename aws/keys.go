package aws

import (
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
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

func (c *keyCache) get(id keyID) (*signingKey, error) {
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	raw, err := deriveKey(id, nil)
	if err != nil {
		return nil, err
	}
	k = newSigningKey(raw)
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k, nil
}

// minFIPSKeyLen is the shortest HMAC key crypto/hmac accepts in FIPS 140-only mode: 112 bits.
const minFIPSKeyLen = 112 / 8

// checkKeyLen returns an error, instead of the panic crypto/hmac would raise, when FIPS 140-only
// mode is enforced (GODEBUG=fips140=only) and the first key of the chain, "AWS4" + secret (or
// the secret alone, with the no-prefix knob), is shorter than 112 bits. The derived keys that
// follow are 256 bits.
func checkKeyLen(id keyID, prefix string) error {
	if n := len(prefix) + len(id.secret); n < minFIPSKeyLen && fips140.Enforced() {
		return &apisig.RequestError{Scheme: SchemeID, Part: "secret access key",
			Problem: "is too short for HMAC in FIPS 140-only mode (GODEBUG=fips140=only): \"" + prefix + "\" + secret is " +
				strconv.Itoa(n) + " bytes, at least 14 are required", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

// deriveKey runs the SigV4 key chain:
//
//	kDate    = HMAC("AWS4" + secret, date)
//	kRegion  = HMAC(kDate, region)
//	kService = HMAC(kRegion, service)
//	kSigning = HMAC(kService, "aws4_request")
//
// recording each step, redacted, when tr is not nil. The chain knob reproduces the two
// catalogued mistakes: re-feeding each key as hex text, and leaving out the "AWS4" prefix. In
// FIPS 140-only mode a first key shorter than 112 bits is an error ([checkKeyLen]).
func deriveKey(id keyID, tr *apisig.Trace) ([32]byte, error) {
	prefix := "AWS4"
	if id.chain == KeyChainNoPrefix {
		prefix = ""
	}
	var out [32]byte
	if err := checkKeyLen(id, prefix); err != nil {
		return out, err
	}
	key := []byte(prefix + id.secret)
	steps := [...]struct{ name, data string }{
		{"kDate = HMAC(\"AWS4\" + secret, \"" + id.date + "\")", id.date},
		{"kRegion = HMAC(kDate, \"" + id.region + "\")", id.region},
		{"kService = HMAC(kRegion, \"" + id.service + "\")", id.service},
		{"kSigning = HMAC(kService, \"aws4_request\")", scopeTerminator},
	}
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
	return out, nil
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
