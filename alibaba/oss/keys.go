package oss

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

type v4KeyID struct {
	secret, date, region, product string
	prefix                        KeyPrefix
}

// v4Keys caches derived V4 signing keys as pre-keyed HMACs. A key is valid for one secret,
// day, region and product, and the cache is keyed by all of them (the secret too, so a rotated
// secret never signs with the old key).
var v4Keys hmackey.Cache[v4KeyID]

func v4Key(id v4KeyID) *hmackey.Key {
	return v4Keys.Get(id, func(id v4KeyID) hmackey.Key {
		raw := deriveV4(id, nil)
		return hmackey.New(sha256.New, raw[:])
	})
}

// deriveV4 runs the OSS V4 key chain:
//
//	kDate    = HMAC("aliyun_v4" + secret, date)
//	kRegion  = HMAC(kDate, region)
//	kProduct = HMAC(kRegion, product)
//	kSigning = HMAC(kProduct, "aliyun_v4_request")
//
// recording each step, redacted, when tr is not nil.
func deriveV4(id v4KeyID, tr *apisig.Trace) [32]byte {
	prefix := "aliyun_v4"
	if id.prefix == KeyPrefixNone {
		prefix = ""
	}
	key := []byte(prefix + id.secret)
	steps := [...]struct{ name, data string }{
		{"kDate = HMAC(\"aliyun_v4\" + secret, \"" + id.date + "\")", id.date},
		{"kRegion = HMAC(kDate, \"" + id.region + "\")", id.region},
		{"kProduct = HMAC(kRegion, \"" + id.product + "\")", id.product},
		{"kSigning = HMAC(kProduct, \"aliyun_v4_request\")", scopeTerminator},
	}
	for _, st := range steps {
		key = hmacSHA256(key, st.data)
		tr.AddSecret(apisig.StepKey, st.name, apisig.NewSecret(hex.EncodeToString(key)))
	}
	return [32]byte(key)
}
