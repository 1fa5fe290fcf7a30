package webhook_test

import (
	"context"
	"errors"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// TestScheme builds each preset from a config as the CLI does and round-trips a delivery with
// the secret from the key store.
func TestScheme(t *testing.T) {
	for _, p := range webhook.Providers() {
		t.Run(p.String(), func(t *testing.T) {
			s := webhook.Scheme(p)
			secret := apisig.NewSecret(testSecret(p))
			sg, err := s.Build(apisig.Config{Params: map[string]string{"tolerance": "10m"}, Clock: testClock,
				Keys: apisig.StaticKeys{p.String(): secret}, Knobs: map[string]string{"body": "raw"}})
			if err != nil {
				t.Fatal(err)
			}
			req := newDelivery(`{"a":1}`)
			if err := sg.Sign(context.Background(), req, apisig.Credentials{Secret: secret}); err != nil {
				t.Fatal(err)
			}
			if _, err := sg.(apisig.Verifier).Verify(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Build(apisig.Config{Params: map[string]string{"tolerance": "soon"}}); !errors.Is(err, apisig.ErrInvalidInput) {
				t.Errorf("bad tolerance: %v", err)
			}
		})
	}
}
