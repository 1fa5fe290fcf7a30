package httpsig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// TestScheme builds the scheme from a config as the CLI does, signs with a PEM private key in
// the credentials and verifies with the PEM public key from the key store.
func TestScheme(t *testing.T) {
	priv := mustRead(t, "testdata/keys/test-key-ecc-p256.pem")
	pub := "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf\nw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==\n-----END PUBLIC KEY-----\n"
	s := httpsig.NewScheme()
	sg, err := s.Build(apisig.Config{
		Params: map[string]string{"components": "@method @target-uri content-digest", "nonce": "true", "expires": "5m", "max-age": "10m", "tag": "demo"},
		Clock:  suiteClock, Keys: apisig.StaticKeys{"test-key-ecc-p256": apisig.NewSecret(pub)},
		Nonce: apisig.NonceFunc(func() (string, error) { return "n1", nil }), Knobs: map[string]string{"authority": "host"},
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("PUT", "https://example.com/x", strings.NewReader("data"))
	if err := sg.Sign(context.Background(), req, apisig.Credentials{AccessKeyID: "test-key-ecc-p256", Secret: apisig.NewSecret(priv)}); err != nil {
		t.Fatal(err)
	}
	in := req.Header.Get("Signature-Input")
	for _, want := range []string{`("@method" "@target-uri" "content-digest")`, `keyid="test-key-ecc-p256"`, `nonce="n1"`, `tag="demo"`, `expires=`} {
		if !strings.Contains(in, want) {
			t.Errorf("Signature-Input %q lacks %q", in, want)
		}
	}
	if _, err := sg.(apisig.Verifier).Verify(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	for _, params := range []map[string]string{{"algorithm": "md5"}, {"components": `"@method`}, {"expires": "soon"}, {"nonce": "maybe"}} {
		if _, err := s.Build(apisig.Config{Params: params}); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("Build(%v) = %v; want ErrInvalidInput", params, err)
		}
	}
}
