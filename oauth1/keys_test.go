package oauth1_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

// TestParsePrivateKey checks that keys of the wrong kind are specific errors that never quote
// the key.
func TestParsePrivateKey(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}))
	for _, tc := range []struct{ name, pem, problem string }{
		{"not pem", "kd94hf93k423kf44", "is not PEM"},
		{"ec key", ecPEM, "is not an RSA key"},
		{"certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "PEM block is CERTIFICATE"},
		{"corrupt pkcs1", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "PKCS #1 block does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := oauth1.ParsePrivateKey([]byte(tc.pem))
			if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), tc.problem) {
				t.Fatalf("ParsePrivateKey = %v, want %q", err, tc.problem)
			}
			if strings.Contains(err.Error(), "BEGIN") || strings.Contains(err.Error(), "kd94hf93k423kf44") {
				t.Errorf("error quotes the key: %v", err)
			}
		})
	}
	if _, err := oauth1.ParsePrivateKey([]byte(testKeyPEM())); err != nil {
		t.Fatalf("PKCS #1 test key: %v", err)
	}
}

func TestParseMethod(t *testing.T) {
	for _, name := range []string{"HMAC-SHA1", "HMAC-SHA256", "RSA-SHA1", "PLAINTEXT"} {
		m, err := oauth1.ParseMethod(name)
		if err != nil || m.String() != name {
			t.Errorf("ParseMethod(%q) = %v, %v", name, m, err)
		}
	}
	for _, bad := range []string{"hmac-sha1", "HMAC-SHA512", "RSA-SHA256", ""} {
		if _, err := oauth1.ParseMethod(bad); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("ParseMethod(%q) = %v, want ErrInvalidInput", bad, err)
		}
	}
}
