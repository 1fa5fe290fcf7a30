package httpsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"

	"github.com/apisig/apisig"
)

// DigestAlgorithm is a Content-Digest algorithm of RFC 9530.
type DigestAlgorithm string

// The digest algorithms RFC 9530 registers as active.
const (
	DigestSHA256 DigestAlgorithm = "sha-256"
	DigestSHA512 DigestAlgorithm = "sha-512"
)

// ContentDigest returns the Content-Digest field value of body: "sha-512=:<base64>:".
func ContentDigest(alg DigestAlgorithm, body []byte) (string, error) {
	sum, err := digest(alg, body)
	if err != nil {
		return "", err
	}
	return string(alg) + "=:" + base64.StdEncoding.EncodeToString(sum) + ":", nil
}

func digest(alg DigestAlgorithm, body []byte) ([]byte, error) {
	switch alg {
	case DigestSHA256:
		s := sha256.Sum256(body)
		return s[:], nil
	case DigestSHA512:
		s := sha512.Sum512(body)
		return s[:], nil
	}
	return nil, &apisig.RequestError{Scheme: SchemeID, Part: "Content-Digest algorithm", Value: string(alg), Problem: "is not sha-256 or sha-512", Kind: apisig.ErrInvalidInput}
}

// CheckContentDigest verifies a Content-Digest field value against body (RFC 9530): every
// member of an algorithm we know (sha-256, sha-512) must match, and at least one must be
// present. A field that does not parse is [apisig.ErrMalformed]; a digest that does not match
// is [apisig.ErrMismatch].
func CheckContentDigest(field string, body []byte) error {
	d, err := ParseDictionary(field)
	if err != nil {
		return &apisig.RequestError{Scheme: SchemeID, Part: "Content-Digest header", Value: field, Problem: err.Error(), Kind: apisig.ErrMalformed}
	}
	checked := 0
	for _, m := range d {
		alg := DigestAlgorithm(m.Key)
		if alg != DigestSHA256 && alg != DigestSHA512 {
			continue
		}
		var got []byte
		if m.Item != nil {
			got, _ = m.Item.Value.([]byte)
		}
		if got == nil {
			return &apisig.RequestError{Scheme: SchemeID, Part: "Content-Digest header " + m.Key, Problem: "is not a byte sequence (:base64:)", Kind: apisig.ErrMalformed}
		}
		want, _ := digest(alg, body)
		if subtle.ConstantTimeCompare(got, want) != 1 {
			return &apisig.RequestError{Scheme: SchemeID, Code: "content_digest_mismatch", Part: "Content-Digest header " + m.Key,
				Problem: "does not match the body received (" + itoa(len(body)) + " bytes): the body was changed, or the digest was computed over other bytes", Kind: apisig.ErrMismatch}
		}
		checked++
	}
	if checked == 0 {
		return &apisig.RequestError{Scheme: SchemeID, Part: "Content-Digest header", Value: field, Problem: "has no sha-256 or sha-512 member", Kind: apisig.ErrMalformed}
	}
	return nil
}
