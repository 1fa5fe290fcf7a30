package oss

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/hmackey"
)

// v1Keys caches the pre-keyed HMAC-SHA1 of each V1 secret.
var v1Keys hmackey.Cache[string]

func v1Key(secret string) *hmackey.Key {
	return v1Keys.Get(secret, func(secret string) hmackey.Key { return hmackey.New(sha1.New, []byte(secret)) })
}

// hmacSHA256 is a plain HMAC-SHA256, for the V4 key derivation (run once per cached key).
func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// scratch holds the buffers of one signature computation; it is pooled.
type scratch struct {
	buf    []byte // canonical request / string to sign
	sts    []byte
	mac    []byte
	sig    []byte
	pairs  []kv
	hdrs   []kv
	qpairs []canon.Pair
	sha1   hash.Hash
	sha256 hash.Hash
	sum    [32]byte

	// reqPairs is the request's decoded query (V4 header signatures and verification).
	reqPairs []canon.Pair
	// query is a presigned URL's new query.
	query []byte
	// canonQuery holds the buffers of the V4 canonical query.
	canonQuery canon.Scratch
}

// kv is a name and value: a sub-resource, a query parameter or a canonical header.
type kv struct {
	k, v    string
	noValue bool
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{buf: make([]byte, 0, 512), sts: make([]byte, 0, 256), mac: make([]byte, 0, 32), sig: make([]byte, 0, 64), sha1: sha1.New(), sha256: sha256.New()}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > 64<<10 || cap(sc.sts) > 64<<10 || cap(sc.query) > 64<<10 {
		return
	}
	clear(sc.pairs)
	clear(sc.hdrs)
	clear(sc.qpairs)
	clear(sc.reqPairs)
	sc.qpairs, sc.reqPairs = sc.qpairs[:0], sc.reqPairs[:0]
	sc.pairs, sc.hdrs = sc.pairs[:0], sc.hdrs[:0]
	scratchPool.Put(sc)
}
