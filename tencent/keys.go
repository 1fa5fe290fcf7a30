package tencent

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

// tc3KeyID names a derived TC3 signing key: valid for one secret, UTC date and service.
type tc3KeyID struct {
	secret, date, service string
	chain                 KeyDerivation
}

// tc3Keys caches derived TC3 keys as pre-keyed HMACs, keyed by everything that derives them,
// the secret included.
var tc3Keys hmackey.Cache[tc3KeyID]

func tc3SigningKey(id tc3KeyID) *hmackey.Key {
	return tc3Keys.Get(id, func(id tc3KeyID) hmackey.Key {
		raw := deriveTC3(id, nil)
		return hmackey.New(sha256.New, raw[:])
	})
}

// deriveTC3 runs the TC3 key chain:
//
//	SecretDate    = HMAC-SHA256("TC3" + SecretKey, Date)
//	SecretService = HMAC-SHA256(SecretDate, Service)
//	SecretSigning = HMAC-SHA256(SecretService, "tc3_request")
//
// recording each step, redacted, when tr is not nil. The chain knob reproduces two mistakes:
// leaving out the "TC3" prefix, and re-feeding each intermediate key as hex text.
func deriveTC3(id tc3KeyID, tr *apisig.Trace) [32]byte {
	prefix := "TC3"
	if id.chain == KeyChainNoPrefix {
		prefix = ""
	}
	key := []byte(prefix + id.secret)
	steps := [...]struct{ name, data string }{
		{"SecretDate = HMAC-SHA256(\"TC3\" + SecretKey, \"" + id.date + "\")", id.date},
		{"SecretService = HMAC-SHA256(SecretDate, \"" + id.service + "\")", id.service},
		{"SecretSigning = HMAC-SHA256(SecretService, \"tc3_request\")", tc3Terminator},
	}
	var out [32]byte
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
	return out
}

// v1KeyID names a pre-keyed v1 HMAC: the secret (as transformed by the secret knob) and the
// digest.
type v1KeyID struct {
	secret string
	method SignatureMethod
}

var v1Keys hmackey.Cache[v1KeyID]

func v1Key(id v1KeyID) *hmackey.Key {
	return v1Keys.Get(id, func(id v1KeyID) hmackey.Key {
		return hmackey.New(id.method.newHash, []byte(id.secret))
	})
}

func (m SignatureMethod) newHash() hash.Hash {
	if m == HmacSHA256 {
		return sha256.New()
	}
	return sha1.New()
}
