package apisig

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// Clock tells signers and verifiers the time. Signers never read the wall clock directly, so
// tests and the CLI can fix the time.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to [Clock].
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the wall clock.
var SystemClock Clock = ClockFunc(time.Now)

// FixedClock returns a clock that always tells t.
func FixedClock(t time.Time) Clock { return ClockFunc(func() time.Time { return t }) }

// Now returns c.Now(), or the wall-clock time when c is nil.
func Now(c Clock) time.Time {
	if c == nil {
		return time.Now()
	}
	return c.Now()
}

// NonceSource makes the unique values that some schemes (OAuth 1.0a, Alibaba RPC) put in every
// request. Implementations must be safe for concurrent use.
type NonceSource interface {
	Nonce() (string, error)
}

// NonceFunc adapts a function to [NonceSource].
type NonceFunc func() (string, error)

// Nonce calls f.
func (f NonceFunc) Nonce() (string, error) { return f() }

// RandomNonce returns 16 random bytes from crypto/rand, hex-encoded.
var RandomNonce NonceSource = NonceFunc(func() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
})
