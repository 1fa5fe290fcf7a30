package paypal

import (
	"crypto/sha1"
	"hash"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/apisig/apisig/canon"
)

// scratch is the working memory of one signature: the texts, the parameters and the hash
// state, reused through a pool so that a signature allocates only what it hands out.
type scratch struct {
	buf   []byte // URI, parameters, base string, signature, header value
	pairs []canon.Pair
	sha1  hash.Hash
	sum   [sha1.Size]byte
}

// Bounds on what the pool keeps, so that one huge query does not stay pinned.
const (
	maxPooledBuf   = 16 << 10
	maxPooledPairs = 256
)

var scratchPool = sync.Pool{New: func() any {
	return &scratch{buf: make([]byte, 0, 1024), pairs: make([]canon.Pair, 0, 16), sha1: sha1.New()}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if cap(sc.buf) > maxPooledBuf || cap(sc.pairs) > maxPooledPairs {
		return
	}
	clear(sc.pairs[:cap(sc.pairs)]) // drop the references to requests' strings, a failed parse's too
	sc.pairs = sc.pairs[:0]
	sc.buf = sc.buf[:0]
	scratchPool.Put(sc)
}

// stamp is a Unix time in seconds and its decimal form.
type stamp struct {
	sec  int64
	text string
}

// lastStamp is the last timestamp formatted: requests signed in the same second share it.
var lastStamp atomic.Pointer[stamp]

// timestamp returns sec in decimal, as the header and oauth_timestamp carry it.
func timestamp(sec int64) string {
	if p := lastStamp.Load(); p != nil && p.sec == sec {
		return p.text
	}
	p := &stamp{sec: sec, text: strconv.FormatInt(sec, 10)}
	lastStamp.Store(p)
	return p.text
}
