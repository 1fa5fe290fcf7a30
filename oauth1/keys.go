package oauth1

import (
	"crypto"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"hash"
	"sync"

	"github.com/apisig/apisig"
)

// macCache keeps, per HMAC key, a pool of keyed HMACs: Reset returns an HMAC to its keyed
// state, so a request costs no key setup and no allocation. The key is the full
// enc(consumer secret)&enc(token secret) text, so a changed secret is a different entry. The
// cache is emptied when it grows past maxCachedKeys.
type macCache struct {
	mu    sync.RWMutex
	pools [2]map[string]*sync.Pool // by hash: 0 SHA-1, 1 SHA-256
}

const maxCachedKeys = 4096

var macs = &macCache{pools: [2]map[string]*sync.Pool{{}, {}}}

func (c *macCache) pool(sha256Hash bool, key []byte) *sync.Pool {
	i := 0
	if sha256Hash {
		i = 1
	}
	c.mu.RLock()
	p := c.pools[i][string(key)]
	c.mu.RUnlock()
	if p != nil {
		return p
	}
	k := string(key)
	h := sha1.New
	if sha256Hash {
		h = sha256.New
	}
	p = &sync.Pool{New: func() any { return hmac.New(h, []byte(k)) }}
	c.mu.Lock()
	if len(c.pools[i]) >= maxCachedKeys {
		clear(c.pools[i])
	}
	c.pools[i][k] = p
	c.mu.Unlock()
	return p
}

// hmacSum appends HMAC(key, msg) to dst.
func hmacSum(dst []byte, sha256Hash bool, key, msg []byte) []byte {
	p := macs.pool(sha256Hash, key)
	m := p.Get().(hash.Hash)
	m.Reset()
	m.Write(msg)
	dst = m.Sum(dst)
	p.Put(m)
	return dst
}

// checkFIPS refuses the SHA-1 methods in FIPS 140-only mode, where crypto/hmac would panic.
func checkFIPS(m Method) error {
	if (m == HMACSHA1 || m == RSASHA1) && fips140.Enforced() {
		return &apisig.RequestError{Scheme: SchemeID, Part: "signature method", Value: m.String(),
			Problem: "uses SHA-1, which is not allowed in FIPS 140-only mode (GODEBUG=fips140=only); use HMAC-SHA256", Kind: apisig.ErrInvalidInput}
	}
	return nil
}

// rsaKeys caches private keys parsed from PEM secrets, keyed by the PEM text.
var rsaKeys = struct {
	sync.RWMutex
	m map[string]*rsa.PrivateKey
}{m: map[string]*rsa.PrivateKey{}}

// privateKey returns s.PrivateKey, or the key parsed from the PEM secret.
func (s *Signer) privateKey(secret apisig.Secret) (*rsa.PrivateKey, error) {
	if s.PrivateKey != nil {
		return s.PrivateKey, nil
	}
	text := secret.Reveal()
	rsaKeys.RLock()
	k := rsaKeys.m[text]
	rsaKeys.RUnlock()
	if k != nil {
		return k, nil
	}
	k, err := ParsePrivateKey([]byte(text))
	if err != nil {
		return nil, err
	}
	rsaKeys.Lock()
	if len(rsaKeys.m) >= maxCachedKeys {
		clear(rsaKeys.m)
	}
	rsaKeys.m[text] = k
	rsaKeys.Unlock()
	return k, nil
}

// ParsePrivateKey parses a PEM-encoded RSA private key, PKCS #1 ("RSA PRIVATE KEY") or
// PKCS #8 ("PRIVATE KEY"). Anything else (no PEM block, another key type, a key shorter than
// 1024 bits) is an error wrapping [apisig.ErrInvalidInput] that never quotes the key.
func ParsePrivateKey(pemText []byte) (*rsa.PrivateKey, error) {
	bad := func(problem string) error {
		return &apisig.RequestError{Scheme: SchemeID, Part: "RSA-SHA1 private key", Problem: problem, Kind: apisig.ErrInvalidInput}
	}
	block, _ := pem.Decode(pemText)
	if block == nil {
		return nil, bad("is not PEM: want a \"RSA PRIVATE KEY\" or \"PRIVATE KEY\" block (set Signer.PrivateKey, or pass the PEM text as the secret)")
	}
	var key *rsa.PrivateKey
	switch block.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, bad("PKCS #1 block does not parse: " + err.Error())
		}
		key = k
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, bad("PKCS #8 block does not parse: " + err.Error())
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, bad("is not an RSA key: RSA-SHA1 needs RSA")
		}
		key = rk
	default:
		return nil, bad("PEM block is " + block.Type + ": want \"RSA PRIVATE KEY\" or \"PRIVATE KEY\"")
	}
	if key.N.BitLen() < 1024 {
		return nil, bad("is shorter than 1024 bits")
	}
	return key, nil
}

// rsaSign signs SHA-1(msg) with RSASSA-PKCS1-v1_5, RFC 5849 §3.4.3.
func rsaSign(key *rsa.PrivateKey, msg []byte) ([]byte, error) {
	sum := sha1.Sum(msg)
	return rsa.SignPKCS1v15(nil, key, crypto.SHA1, sum[:])
}

// rsaVerify checks an RSA-SHA1 signature.
func rsaVerify(key *rsa.PublicKey, msg, sig []byte) bool {
	sum := sha1.Sum(msg)
	return rsa.VerifyPKCS1v15(key, crypto.SHA1, sum[:], sig) == nil
}
