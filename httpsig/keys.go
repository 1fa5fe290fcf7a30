package httpsig

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strconv"
	"strings"

	"github.com/apisig/apisig"
)

// Key is the key material of one key id: a shared secret (hmac-sha256), a private key (to
// sign; its public half verifies too), or a public key (to verify).
type Key struct {
	// ID is the keyid parameter.
	ID string
	// Algorithm is the algorithm the key is for. Empty: taken from the alg parameter, or, when
	// there is none, from the key type (Ed25519, ECDSA P-256/P-384; RSA keys need it set,
	// since rsa-pss-sha512 and rsa-v1_5-sha256 share them).
	Algorithm Algorithm
	Secret    apisig.Secret
	Private   crypto.Signer
	Public    crypto.PublicKey
}

// algorithm resolves the algorithm of a signature made with k and carrying alg (may be empty).
func (k *Key) algorithm(alg string) (Algorithm, string) {
	a := Algorithm(alg)
	if alg != "" && !a.valid() {
		return "", "alg " + strconv.Quote(alg) + " is not an RFC 9421 algorithm"
	}
	switch {
	case k.Algorithm != "" && alg != "" && k.Algorithm != a:
		return "", "alg " + strconv.Quote(alg) + " does not match key " + strconv.Quote(k.ID) + ", which is for " + string(k.Algorithm)
	case k.Algorithm != "":
		return k.Algorithm, ""
	case alg != "":
		return a, ""
	}
	pub := k.Public
	if pub == nil && k.Private != nil {
		pub = k.Private.Public()
	}
	switch p := pub.(type) {
	case ed25519.PublicKey:
		return Ed25519, ""
	case *ecdsa.PublicKey:
		switch p.Curve {
		case elliptic.P256():
			return ECDSAP256SHA256, ""
		case elliptic.P384():
			return ECDSAP384SHA384, ""
		}
	case *rsa.PublicKey:
		return "", "key " + strconv.Quote(k.ID) + " is RSA: set Key.Algorithm (rsa-pss-sha512 or rsa-v1_5-sha256) or send alg"
	}
	if !k.Secret.IsZero() {
		return HMACSHA256, ""
	}
	return "", "key " + strconv.Quote(k.ID) + " has no usable key material"
}

// ParseKey reads key material from text: a PEM block (PKCS#8 or PKCS#1/SEC 1 private key,
// PKIX or PKCS#1 public key) or, for anything else, a shared secret used as its bytes (with
// the prefix "base64:" the secret is base64-decoded first).
func ParseKey(id string, alg Algorithm, text string) (*Key, error) {
	k := &Key{ID: id, Algorithm: alg}
	if alg != "" && !alg.valid() {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: string(alg), Problem: "is not one of rsa-pss-sha512, rsa-v1_5-sha256, hmac-sha256, ecdsa-p256-sha256, ecdsa-p384-sha384, ed25519", Kind: apisig.ErrInvalidInput}
	}
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "-----BEGIN") {
		if b64, ok := strings.CutPrefix(t, "base64:"); ok {
			raw, err := decodeBase64(b64)
			if err != nil {
				return nil, &apisig.RequestError{Scheme: SchemeID, Part: "key " + id, Problem: "base64: secret does not decode", Kind: apisig.ErrInvalidInput}
			}
			t = string(raw)
		}
		k.Secret = apisig.NewSecret(t)
		return k, nil
	}
	block, _ := pem.Decode([]byte(t))
	if block == nil {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "key " + id, Problem: "PEM block does not decode", Kind: apisig.ErrInvalidInput}
	}
	var parsed any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		parsed, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			parsed, err = parsePSSPrivateKey(block.Bytes)
		}
	case "RSA PRIVATE KEY":
		parsed, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		parsed, err = x509.ParseECPrivateKey(block.Bytes)
	case "PUBLIC KEY":
		parsed, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		parsed, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "key " + id, Value: block.Type, Problem: "is not a key PEM type this package reads", Kind: apisig.ErrInvalidInput}
	}
	if err != nil {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "key " + id, Problem: "PEM " + block.Type + ": " + err.Error(), Kind: apisig.ErrInvalidInput}
	}
	switch v := parsed.(type) {
	case crypto.Signer:
		k.Private = v
		k.Public = v.Public()
	default:
		k.Public = v
	}
	return k, nil
}

// Keys resolves the key of a keyid for a verifier (a key directory).
type Keys interface {
	// Key returns the key of keyID; an unknown id is an error wrapping [apisig.ErrUnknownKey].
	Key(ctx context.Context, keyID string) (*Key, error)
}

// KeyMap is a [Keys] held in memory.
type KeyMap map[string]*Key

// Key implements [Keys].
func (m KeyMap) Key(_ context.Context, keyID string) (*Key, error) {
	if k, ok := m[keyID]; ok {
		return k, nil
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Part: "keyid", Value: keyID, Problem: "is not known", Kind: apisig.ErrUnknownKey}
}

// StoreKeys adapts an [apisig.KeyStore] whose secrets are key texts for [ParseKey] (PEM public
// keys or shared secrets); the first secret of a key id is used, for algorithm Algorithm
// (empty: from the alg parameter or the key type).
type StoreKeys struct {
	Store     apisig.KeyStore
	Algorithm Algorithm
}

// Key implements [Keys].
func (s StoreKeys) Key(ctx context.Context, keyID string) (*Key, error) {
	secrets, err := s.Store.Secrets(ctx, keyID)
	if err != nil {
		return nil, err
	}
	if len(secrets) == 0 {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "keyid", Value: keyID, Problem: "has no key material", Kind: apisig.ErrUnknownKey}
	}
	return ParseKey(keyID, s.Algorithm, secrets[0].Reveal())
}
