package sigv2

import (
	"crypto/fips140"
	"crypto/sha1"
	"hash"
	"sync"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

// macKeys caches each secret as a pre-keyed HMAC-SHA1, so each signature costs two
// compressions fewer. SigV2 signs with the secret itself, so the cache is keyed by the secret
// alone.
var macKeys hmackey.Cache[string]

func macKey(secret string) *hmackey.Key {
	return macKeys.Get(secret, func(secret string) hmackey.Key { return hmackey.New(sha1.New, []byte(secret)) })
}

var hashPool = sync.Pool{New: func() any { return sha1.New() }}

// mac computes HMAC-SHA1(k, msg) into sum.
func mac(k *hmackey.Key, msg []byte, sum *[20]byte) {
	h := hashPool.Get().(hash.Hash)
	k.Sum(h, sum[:0], msg)
	hashPool.Put(h)
}

// checkFIPS refuses HMAC-SHA1 in FIPS 140-only mode, where crypto/hmac would panic.
func checkFIPS() error {
	if fips140.Enforced() {
		return &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: "HMAC-SHA1",
			Problem: "is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); sign with SigV4 (scheme aws-sigv4) instead", Kind: apisig.ErrInvalidInput}
	}
	return nil
}
