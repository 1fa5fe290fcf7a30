package webhook

import (
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/apisig/apisig/internal/hmackey"
)

// keyedMAC is an HMAC key kept as the hash states after the inner and outer pad blocks, so a
// MAC costs two compressions fewer and no key processing.
type keyedMAC struct {
	newHash func() hash.Hash
	key     hmackey.Key
}

// macMode is how a secret becomes an HMAC key: its bytes with SHA-256 or SHA-1, or the
// Standard Webhooks base64 after whsec_.
type macMode uint8

const (
	modeSHA256 macMode = iota
	modeSHA1
	modeStandard
	numModes
)

// macCache maps a secret's text, per mode, to its keyed MAC: keyed by the secret itself, so a
// changed secret never reuses an old key.
var macCache = struct {
	sync.RWMutex
	m [numModes]map[string]*keyedMAC
	n int
}{}

const maxCachedMACs = 1024

// cachedMAC returns the keyed MAC of secret in mode, deriving it with derive on a miss.
func cachedMAC(mode macMode, secret string, derive func() ([]byte, error)) (*keyedMAC, error) {
	macCache.RLock()
	k := macCache.m[mode][secret]
	macCache.RUnlock()
	if k != nil {
		return k, nil
	}
	key, err := derive()
	if err != nil {
		return nil, err
	}
	k = newKeyedMAC(key, mode == modeSHA1)
	macCache.Lock()
	if macCache.n >= maxCachedMACs {
		macCache.m, macCache.n = [numModes]map[string]*keyedMAC{}, 0
	}
	if macCache.m[mode] == nil {
		macCache.m[mode] = make(map[string]*keyedMAC)
	}
	macCache.m[mode][secret] = k
	macCache.n++
	macCache.Unlock()
	return k, nil
}

func newKeyedMAC(key []byte, useSHA1 bool) *keyedMAC {
	newHash := sha256.New
	if useSHA1 {
		newHash = sha1.New
	}
	return &keyedMAC{newHash: newHash, key: hmackey.New(newHash, key)}
}

// sum returns HMAC(key, prefix + body).
func (k *keyedMAC) sum(prefix string, body []byte) []byte {
	h := k.newHash()
	k.key.Start(h)
	var buf [64]byte
	if len(prefix) <= len(buf) {
		h.Write(append(buf[:0], prefix...))
	} else {
		h.Write([]byte(prefix))
	}
	h.Write(body)
	return k.key.Finish(h, nil)
}
