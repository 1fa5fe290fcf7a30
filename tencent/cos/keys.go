package cos

import (
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"hash"
	"strconv"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

// keyTime is a q-key-time or q-sign-time range, Unix seconds.
type keyTime struct{ start, end int64 }

func (k keyTime) append(b []byte) []byte {
	b = strconv.AppendInt(b, k.start, 10)
	b = append(b, ';')
	return strconv.AppendInt(b, k.end, 10)
}

// String formats the range as COS writes it: "start;end".
func (k keyTime) String() string { return string(k.append(nil)) }

// signKey is a derived SignKey for one secret and key time, kept as a pre-keyed HMAC-SHA1:
// the SHA-1 states after the inner and outer pad blocks, so each signature costs two
// compressions fewer and no allocation.
type signKey struct {
	kt   keyTime
	form SignKeyForm
	hex  [2 * sha1.Size]byte
	mac  hmackey.Key
}

// keyCache holds the latest SignKey of each secret. A SignKey is valid for one key time,
// which changes with every second of signing; the cache keeps the last one per secret (and is
// keyed by the secret itself, so a changed secret never signs with an old key), and is emptied
// when it grows past maxCachedKeys.
type keyCache struct {
	mu   sync.RWMutex
	keys map[string]*signKey
}

const maxCachedKeys = 4096

var derivedKeys = &keyCache{keys: make(map[string]*signKey)}

func (c *keyCache) get(secret string, kt keyTime, form SignKeyForm) *signKey {
	c.mu.RLock()
	k := c.keys[secret]
	c.mu.RUnlock()
	if k != nil && k.kt == kt && k.form == form {
		return k
	}
	k = newSignKey(secret, kt, form)
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[secret] = k
	c.mu.Unlock()
	return k
}

// newSignKey derives SignKey = hex(HMAC-SHA1(secret, KeyTime)) and pre-keys the HMAC that uses
// it: keyed by the hex text, or, for the F02 mistake, by the raw digest.
func newSignKey(secret string, kt keyTime, form SignKeyForm) *signKey {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write(kt.append(nil))
	var raw [sha1.Size]byte
	m.Sum(raw[:0])
	k := &signKey{kt: kt, form: form}
	hex.Encode(k.hex[:], raw[:])
	key := k.hex[:]
	if form == SignKeyRaw {
		key = raw[:]
	}
	k.mac = hmackey.New(sha1.New, key)
	return k
}

// sign writes hex(HMAC(k, msg)) into sc.hexSig, with sc.h, without allocating.
func (k *signKey) sign(msg []byte, sc *scratch) []byte {
	sum := k.mac.Sum(sc.h, sc.mac[:0], msg)
	hex.Encode(sc.hexSig[:], sum)
	return sc.hexSig[:]
}

// checkFIPS refuses SHA-1 signing in FIPS 140-only mode with an error rather than letting
// crypto/hmac panic.
func checkFIPS() error {
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: SchemeID, Part: "q-sign-algorithm", Value: Algorithm,
			Problem: "HMAC-SHA1 is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); COS defines no other algorithm", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

// hashHex writes hex(SHA-1(b)) to dst.
func hashHex(dst []byte, b []byte, h hash.Hash, sum *[sha1.Size]byte) []byte {
	h.Reset()
	h.Write(b)
	return hex.AppendEncode(dst, h.Sum(sum[:0]))
}
