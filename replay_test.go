package apisig_test

import (
	"context"
	"errors"
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
