package httpsig

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	cryptorand "crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"errors"
	"io"
	"math/big"

	"github.com/apisig/apisig"
)

// Algorithm is an HTTP signature algorithm of the RFC 9421 registry (§6.2.2).
type Algorithm string

// The algorithms of RFC 9421 §3.3.
const (
	RSAPSSSHA512    Algorithm = "rsa-pss-sha512"
	RSAV15SHA256    Algorithm = "rsa-v1_5-sha256"
	HMACSHA256      Algorithm = "hmac-sha256"
	ECDSAP256SHA256 Algorithm = "ecdsa-p256-sha256"
	ECDSAP384SHA384 Algorithm = "ecdsa-p384-sha384"
	Ed25519         Algorithm = "ed25519"
)

// Algorithms lists the supported algorithms.
func Algorithms() []Algorithm {
	return []Algorithm{RSAPSSSHA512, RSAV15SHA256, HMACSHA256, ECDSAP256SHA256, ECDSAP384SHA384, Ed25519}
}

// errBadSignature is a signature that does not verify.
var errBadSignature = errors.New("signature does not verify")

func (a Algorithm) valid() bool {
	for _, b := range Algorithms() {
		if a == b {
			return true
		}
	}
	return false
}

// keyProblem says why key cannot be used with a (empty when it can).
func (a Algorithm) keyProblem(k *Key, signing bool) string {
	switch a {
	case HMACSHA256:
		if k.Secret.IsZero() {
			return "hmac-sha256 needs a shared secret"
		}
		if len(k.Secret.Reveal()) < 32 {
			return "hmac-sha256 needs a shared secret of at least 32 bytes (RFC 9421 §3.3.3 uses 64)"
		}
		return ""
	}
	pub := k.Public
	if signing {
		if k.Private == nil {
			return string(a) + " needs a private key to sign"
		}
		pub = k.Private.Public()
	}
	switch a {
	case RSAPSSSHA512, RSAV15SHA256:
		rk, ok := pub.(*rsa.PublicKey)
		if !ok {
			return string(a) + " needs an RSA key"
		}
		if rk.N.BitLen() < 2048 {
			return string(a) + " needs an RSA key of at least 2048 bits"
		}
	case ECDSAP256SHA256, ECDSAP384SHA384:
		ek, ok := pub.(*ecdsa.PublicKey)
		want := elliptic.P256()
		if a == ECDSAP384SHA384 {
			want = elliptic.P384()
		}
		if !ok || ek.Curve != want {
			return string(a) + " needs an ECDSA key on " + want.Params().Name
		}
	case Ed25519:
		if _, ok := pub.(ed25519.PublicKey); !ok {
			return "ed25519 needs an Ed25519 key"
		}
	default:
		return "unknown algorithm " + string(a)
	}
	return ""
}

// sign signs base with key. rand is used by the randomised algorithms (nil: crypto/rand).
func (a Algorithm) sign(k *Key, base []byte, rand io.Reader, der bool) ([]byte, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	if p := a.keyProblem(k, true); p != "" {
		return nil, &apisig.RequestError{Scheme: SchemeID, Part: "key " + k.ID, Problem: p, Kind: apisig.ErrInvalidInput}
	}
	switch a {
	case HMACSHA256:
		m := hmac.New(sha256.New, []byte(k.Secret.Reveal()))
		m.Write(base)
		return m.Sum(nil), nil
	case Ed25519:
		return k.Private.Sign(nil, base, crypto.Hash(0))
	case RSAV15SHA256:
		d := sha256.Sum256(base)
		return k.Private.Sign(rand, d[:], crypto.SHA256)
	case RSAPSSSHA512:
		d := sha512.Sum512(base)
		return k.Private.Sign(rand, d[:], &rsa.PSSOptions{SaltLength: 64, Hash: crypto.SHA512})
	case ECDSAP256SHA256, ECDSAP384SHA384:
		d, size := a.ecdsaDigest(base)
		asn, err := k.Private.Sign(rand, d, nil)
		if err != nil || der {
			return asn, err
		}
		var sig struct{ R, S *big.Int }
		if _, err := asn1.Unmarshal(asn, &sig); err != nil {
			return nil, err
		}
		out := make([]byte, 2*size)
		sig.R.FillBytes(out[:size])
		sig.S.FillBytes(out[size:])
		return out, nil
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: string(a), Problem: "is not supported", Kind: apisig.ErrInvalidInput}
}

// verify checks sig over base: nil, errBadSignature, or an error saying why the key or the
// signature's form does not fit the algorithm.
func (a Algorithm) verify(k *Key, base, sig []byte, der bool) error {
	if p := a.keyProblem(k, false); p != "" {
		return &apisig.RequestError{Scheme: SchemeID, Part: "key " + k.ID, Problem: p, Kind: apisig.ErrMalformed}
	}
	ok := false
	switch a {
	case HMACSHA256:
		m := hmac.New(sha256.New, []byte(k.Secret.Reveal()))
		m.Write(base)
		ok = hmac.Equal(m.Sum(nil), sig)
	case Ed25519:
		ok = ed25519.Verify(k.Public.(ed25519.PublicKey), base, sig)
	case RSAV15SHA256:
		d := sha256.Sum256(base)
		ok = rsa.VerifyPKCS1v15(k.Public.(*rsa.PublicKey), crypto.SHA256, d[:], sig) == nil
	case RSAPSSSHA512:
		d := sha512.Sum512(base)
		ok = rsa.VerifyPSS(k.Public.(*rsa.PublicKey), crypto.SHA512, d[:], sig, &rsa.PSSOptions{SaltLength: 64, Hash: crypto.SHA512}) == nil
	case ECDSAP256SHA256, ECDSAP384SHA384:
		d, size := a.ecdsaDigest(base)
		pub := k.Public.(*ecdsa.PublicKey)
		if der {
			ok = ecdsa.VerifyASN1(pub, d, sig)
			break
		}
		if len(sig) != 2*size {
			return &apisig.RequestError{Scheme: SchemeID, Part: "Signature", Problem: "an " + string(a) + " signature is r||s, " + itoa(2*size) + " bytes; got " + itoa(len(sig)) + " (a DER signature?)", Kind: apisig.ErrMalformed}
		}
		r := new(big.Int).SetBytes(sig[:size])
		s := new(big.Int).SetBytes(sig[size:])
		ok = ecdsa.Verify(pub, d, r, s)
	default:
		return &apisig.RequestError{Scheme: SchemeID, Part: "algorithm", Value: string(a), Problem: "is not supported", Kind: apisig.ErrMalformed}
	}
	if !ok {
		return errBadSignature
	}
	return nil
}

// ecdsaDigest hashes base for an ECDSA algorithm and returns the size of r and of s.
func (a Algorithm) ecdsaDigest(base []byte) (d []byte, size int) {
	if a == ECDSAP256SHA256 {
		sum := sha256.Sum256(base)
		return sum[:], 32
	}
	sum := sha512.Sum384(base)
	return sum[:], 48
}
