package paypal

import (
	"crypto/sha1"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/hmackey"
)

// macKeyID names a pre-keyed HMAC-SHA1: the two secrets of the key and the encoding that
// joins them, so a changed secret or dialect never signs with a stale key.
type macKeyID struct {
	password, tokenSecret string
	enc                   encoder
}

// macKeys caches the keys enc(API password) "&" enc(token secret) as pre-keyed HMACs.
var macKeys hmackey.Cache[macKeyID]

func macKey(e encoder, password, tokenSecret string) *hmackey.Key {
	return macKeys.Get(macKeyID{password: password, tokenSecret: tokenSecret, enc: e}, deriveMacKey)
}

func deriveMacKey(id macKeyID) hmackey.Key {
	return hmackey.New(sha1.New, appendKey(nil, id.enc, id.password, id.tokenSecret))
}

// appendKey appends the HMAC key: enc(API password) "&" enc(token secret).
func appendKey(dst []byte, e encoder, password, tokenSecret string) []byte {
	dst = appendEscaped(dst, e, password)
	dst = append(dst, '&')
	return appendEscaped(dst, e, tokenSecret)
}

// traceKey is the HMAC key of m, for a trace.
func traceKey(e encoder, m material) apisig.Secret {
	return apisig.NewSecret(string(appendKey(nil, e, m.password, m.tokenSecret)))
}
