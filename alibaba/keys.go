package alibaba

import (
	"crypto/fips140"
	"crypto/sha1"
	"crypto/sha256"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

// macKeyID names a pre-keyed HMAC: the secret, whether "&" follows it in the key (the RPC
// signature's key, or the mistake of carrying it over), and the hash.
type macKeyID struct {
	secret string
	amp    bool
	sha256 bool
}

// macKeys caches pre-keyed HMACs by everything that makes the key, the secret included, so a
// changed secret never signs with a stale key.
var macKeys hmackey.Cache[macKeyID]

// macKey returns the pre-keyed HMAC-SHA256 (HMAC-SHA1 when !useSHA256) whose key is secret,
// followed by "&" when amp.
func macKey(secret string, amp, useSHA256 bool) *hmackey.Key {
	return macKeys.Get(macKeyID{secret: secret, amp: amp, sha256: useSHA256}, deriveMacKey)
}

// keyText is the HMAC key macKey(secret, amp, ...) uses, and its name, for a trace.
func keyText(secret string, amp bool) (key, name string) {
	if amp {
		return secret + "&", "HMAC key = AccessKeySecret + \"&\""
	}
	return secret, "HMAC key = AccessKeySecret"
}

func deriveMacKey(id macKeyID) hmackey.Key {
	key := []byte(id.secret)
	if id.amp {
		key = append(key, '&')
	}
	if id.sha256 {
		return hmackey.New(sha256.New, key)
	}
	return hmackey.New(sha1.New, key)
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
