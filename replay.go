package apisig

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ReplayStore remembers the nonces (or other one-time values) a verifier has accepted, so the
// same signed request cannot be replayed. Verifiers that take a ReplayStore call Claim after the
// signature has been verified, never before (an attacker must not be able to burn a nonce with a
// forged request).
//
// Implementations must be safe for concurrent use. [MemoryReplay] is the in-process default;
// a shared store (Redis) lives in its own package so that the core stays dependency-free.
type ReplayStore interface {
	// Claim records key as used until expires. It returns an error wrapping [ErrReplayed] when
	// key was already claimed and has not expired, and any other error when the store cannot
	// answer (callers fail closed: the request is rejected).
	Claim(ctx context.Context, key string, expires time.Time) error
}

// ReplayKey joins the parts that scope a nonce (scheme, access key id, nonce) into one store key.
// Parts are separated by a NUL byte, which none of them may contain in a valid request.
func ReplayKey(scheme, keyID, nonce string) string {
	return scheme + "\x00" + keyID + "\x00" + nonce
}

// MemoryReplay is a [ReplayStore] held in process memory. Expired entries are swept as new ones
// arrive. MaxEntries bounds its size: when the store is full of unexpired entries, Claim fails
// (closed) rather than forgetting nonces that are still live. The zero value is ready to use
// with a limit of one million entries.
type MemoryReplay struct {
	// Clock decides expiry; nil means the wall clock.
	Clock Clock
	// MaxEntries bounds the number of live entries; zero means 1,000,000.
	MaxEntries int

	mu      sync.Mutex
	entries map[string]time.Time
	swept   time.Time
	// earliest is at or before the first expiry of any entry: while it is in the future, a
	// full store has nothing to sweep, and Claim answers at once instead of walking every entry.
	earliest time.Time
}

// ErrReplayStoreFull is returned by [MemoryReplay.Claim] when every slot holds a live nonce.
var ErrReplayStoreFull = errors.New("replay store is full of unexpired nonces")

// Claim implements [ReplayStore].
func (m *MemoryReplay) Claim(ctx context.Context, key string, expires time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := Now(m.Clock)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = make(map[string]time.Time)
	}
	if until, ok := m.entries[key]; ok && now.Before(until) {
		return fmt.Errorf("%w: nonce already used", ErrReplayed)
	}
	limit := m.MaxEntries
	if limit <= 0 {
		limit = 1_000_000
	}
	full := len(m.entries) >= limit
	if full && now.Before(m.earliest) {
		return ErrReplayStoreFull // no entry has expired yet: a sweep would free nothing
	}
	if full || now.Sub(m.swept) > time.Minute {
		m.sweep(now)
	}
	if len(m.entries) >= limit {
		return ErrReplayStoreFull
	}
	m.entries[key] = expires
	if len(m.entries) == 1 || expires.Before(m.earliest) {
		m.earliest = expires
	}
	return nil
}

// sweep drops expired entries and finds the first expiry of those left. The caller holds m.mu.
func (m *MemoryReplay) sweep(now time.Time) {
	var earliest time.Time
	for k, until := range m.entries {
		switch {
		case !now.Before(until):
			delete(m.entries, k)
		case earliest.IsZero() || until.Before(earliest):
			earliest = until
		}
	}
	m.swept, m.earliest = now, earliest
}

// Len reports how many entries the store holds, expired ones not yet swept included.
func (m *MemoryReplay) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}
