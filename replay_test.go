package apisig_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/apisig/apisig"
)

func TestMemoryReplay(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	clock := apisig.ClockFunc(func() time.Time { return now })
	m := &apisig.MemoryReplay{Clock: clock, MaxEntries: 2}
	ctx := context.Background()
	key := apisig.ReplayKey("alibaba-rpc", "AKID", "n1")

	if err := m.Claim(ctx, key, now.Add(time.Minute)); err != nil {
		t.Fatalf("first claim: %v", err)
	}
	if err := m.Claim(ctx, key, now.Add(time.Minute)); !errors.Is(err, apisig.ErrReplayed) {
		t.Fatalf("second claim = %v, want ErrReplayed", err)
	}
	if err := m.Claim(ctx, apisig.ReplayKey("alibaba-rpc", "OTHER", "n1"), now.Add(time.Minute)); err != nil {
		t.Fatalf("same nonce, other key id: %v", err)
	}
	if err := m.Claim(ctx, "third", now.Add(time.Minute)); !errors.Is(err, apisig.ErrReplayStoreFull) {
		t.Fatalf("claim into a full store = %v, want ErrReplayStoreFull", err)
	}
	now = now.Add(2 * time.Minute)
	if err := m.Claim(ctx, key, now.Add(time.Minute)); err != nil {
		t.Fatalf("claim after expiry: %v", err)
	}
	if m.Len() != 1 {
		t.Fatalf("Len = %d after the sweep, want 1", m.Len())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := m.Claim(cancelled, "x", now.Add(time.Minute)); !errors.Is(err, context.Canceled) {
		t.Fatalf("claim with a cancelled context = %v", err)
	}
}

// TestMemoryReplayFullFreesInExpiryOrder fills a store with nonces that expire at different
// times: a full store refuses until the first one expires, then frees exactly the expired ones.
func TestMemoryReplayFullFreesInExpiryOrder(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	m := &apisig.MemoryReplay{Clock: apisig.ClockFunc(func() time.Time { return now }), MaxEntries: 3}
	ctx := context.Background()
	for i, d := range []time.Duration{3 * time.Minute, time.Minute, 2 * time.Minute} {
		if err := m.Claim(ctx, string(rune('a'+i)), now.Add(d)); err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	for range 3 {
		if err := m.Claim(ctx, "x", now.Add(time.Hour)); !errors.Is(err, apisig.ErrReplayStoreFull) {
			t.Fatalf("claim into a full store = %v, want ErrReplayStoreFull", err)
		}
	}
	now = now.Add(time.Minute) // "b" expires
	if err := m.Claim(ctx, "x", now.Add(time.Hour)); err != nil {
		t.Fatalf("claim once the first nonce expired: %v", err)
	}
	if err := m.Claim(ctx, "y", now.Add(time.Hour)); !errors.Is(err, apisig.ErrReplayStoreFull) {
		t.Fatalf("claim with no other slot freed = %v, want ErrReplayStoreFull", err)
	}
	now = now.Add(time.Minute) // "c" expires
	if err := m.Claim(ctx, "y", now.Add(time.Hour)); err != nil {
		t.Fatalf("claim once the second nonce expired: %v", err)
	}
	if err := m.Claim(ctx, "a", now.Add(time.Hour)); !errors.Is(err, apisig.ErrReplayed) {
		t.Fatalf("the live nonce a = %v, want ErrReplayed", err)
	}
}

// BenchmarkMemoryReplayFull claims into a store full of live nonces: the answer must not cost a
// walk over every entry.
func BenchmarkMemoryReplayFull(b *testing.B) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	m := &apisig.MemoryReplay{Clock: apisig.ClockFunc(func() time.Time { return now }), MaxEntries: 100_000}
	ctx := context.Background()
	for i := range 100_000 {
		_ = m.Claim(ctx, apisig.ReplayKey("s", "k", strconv.Itoa(i)), now.Add(time.Hour))
	}
	for b.Loop() {
		if err := m.Claim(ctx, "new", now.Add(time.Hour)); !errors.Is(err, apisig.ErrReplayStoreFull) {
			b.Fatal(err)
		}
	}
}
