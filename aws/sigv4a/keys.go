package sigv4a

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/apisig/apisig"
)

// p256NMinus2 is n-2 for the order n of NIST P-256, big-endian: a KDF output below it, plus
// one, is a private key in [1, n-1] (FIPS 186-4 Appendix B.4.2, "testing candidates").
var p256NMinus2 = [32]byte{
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x4f,
}

// deriveKey derives the SigV4a ECDSA P-256 key of an access key pair, as AWS specifies it
// (AWS SigV4a, aws-c-auth aws_ecc_key_pair_new_ecdsa_p256_key_from_aws_credentials):
//
//	for counter = 1, 2, ... 255:
//	    k = KDF(key = "AWS4A" + secret, label = "AWS4-ECDSA-P256-SHA256", context = akid || counter)
//	    if k < n-2 (big-endian): d = k + 1; done
//
// where KDF is NIST SP 800-108 in counter mode with HMAC-SHA256 as the PRF and L = 256 bits:
// one block, HMAC(key, 0x00000001 || label || 0x00 || context || 0x00000100). The steps are
// recorded, redacted, when tr is not nil.
func deriveKey(akid, secret string, tr *apisig.Trace) (*ecdsa.PrivateKey, error) {
	if fips140.Enforced() && len("AWS4A")+len(secret) < 14 {
		// crypto/hmac panics on keys shorter than 112 bits in FIPS 140-only mode.
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "secret access key", Problem: "is too short for HMAC in FIPS 140-only mode (GODEBUG=fips140=only): \"AWS4A\" + secret must be at least 14 bytes", Kind: apisig.ErrInvalidInput}
	}
	mac := hmac.New(sha256.New, []byte("AWS4A"+secret))
	fixed := make([]byte, 0, 4+len(Algorithm)+1+len(akid)+1+4)
	var k [32]byte
	for counter := 1; counter <= 0xff; counter++ {
		fixed = binary.BigEndian.AppendUint32(fixed[:0], 1) // the KDF's block counter i = 1
		fixed = append(fixed, Algorithm...)                 // label
		fixed = append(fixed, 0x00)
		fixed = append(fixed, akid...) // context: access key id, then the candidate counter
		fixed = append(fixed, byte(counter))
		fixed = binary.BigEndian.AppendUint32(fixed, 256) // L, the output length in bits
		mac.Reset()
		mac.Write(fixed)
		mac.Sum(k[:0])
		if tr != nil {
			tr.AddSecret(apisig.StepKey, fmt.Sprintf("candidate %d = HMAC-SHA256(\"AWS4A\" + secret, 00000001 || \"%s\" || 00 || \"%s\" || %02x || 00000100)", counter, Algorithm, akid, counter),
				apisig.NewSecret(hex.EncodeToString(k[:])))
		}
		if lessConstantTime(&k, &p256NMinus2) {
			addOne(&k)
			priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), k[:])
			if err != nil {
				return nil, fmt.Errorf("%s: deriving the ECDSA key: %w", SchemeID, err)
			}
			if tr != nil {
				tr.AddSecret(apisig.StepKey, "private key d = candidate + 1", apisig.NewSecret(hex.EncodeToString(k[:])))
				pub, _ := priv.PublicKey.Bytes()
				tr.Add(apisig.StepKey, "public key (uncompressed P-256 point)", hex.EncodeToString(pub))
			}
			return priv, nil
		}
	}
	return nil, fmt.Errorf("%s: deriving the ECDSA key: no candidate below n-2 in 255 tries", SchemeID)
}

// lessConstantTime reports x < y for big-endian numbers, in time independent of their values.
func lessConstantTime(x, y *[32]byte) bool {
	// Subtract y from x byte by byte; a final borrow means x < y.
	borrow := 0
	for i := len(x) - 1; i >= 0; i-- {
		d := int(x[i]) - int(y[i]) - borrow
		borrow = (d >> 8) & 1
	}
	return subtle.ConstantTimeEq(int32(borrow), 1) == 1
}

// addOne adds 1 to a big-endian number (which is below n-2, so it cannot overflow).
func addOne(k *[32]byte) {
	carry := 1
	for i := len(k) - 1; i >= 0; i-- {
		s := int(k[i]) + carry
		k[i] = byte(s)
		carry = s >> 8
	}
}

// keyCache holds derived keys by access key id AND secret (smithy-go's and aws-sdk-go-v2's
// caches are keyed by the access key id alone, so a changed secret keeps its old key).
type keyCache struct {
	mu   sync.RWMutex
	keys map[[2]string]*ecdsa.PrivateKey
}

const maxCachedKeys = 1024

var derivedKeys = &keyCache{keys: make(map[[2]string]*ecdsa.PrivateKey)}

func (c *keyCache) get(akid, secret string) (*ecdsa.PrivateKey, error) {
	id := [2]string{akid, secret}
	c.mu.RLock()
	k := c.keys[id]
	c.mu.RUnlock()
	if k != nil {
		return k, nil
	}
	k, err := deriveKey(akid, secret, nil)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.keys) >= maxCachedKeys {
		clear(c.keys)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k, nil
}

// PublicKey returns the SigV4a public key of an access key pair: what a verifier that does not
// hold the secret needs, and what AWS's signing test suite publishes.
func PublicKey(creds apisig.Credentials) (*ecdsa.PublicKey, error) {
	if !creds.Valid() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "credentials", Problem: "access key id and secret access key are both required", Kind: apisig.ErrNoCredentials}
	}
	k, err := derivedKeys.get(creds.AccessKeyID, creds.Secret.Reveal())
	if err != nil {
		return nil, err
	}
	return &k.PublicKey, nil
}
