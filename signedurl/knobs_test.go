package signedurl_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/signedurl"
)

// TestKnobs checks that every wrong value of every knob produces a request the correctly
// configured verifier rejects, and the right value one it accepts.
func TestKnobs(t *testing.T) {
	configs := []func() *signedurl.Signer{
		func() *signedurl.Signer {
			return google(apisig.StaticKeys{"clientID": apisig.NewSecret("vNIXE0xscrmjlyV-12Nj_BvUPaw=")})
		},
		func() *signedurl.Signer {
			return &signedurl.Signer{KeyIDParam: "client", Keys: apisig.StaticKeys{"clientID": apisig.NewSecret("vNIXE0xscrmjlyV-12Nj_BvUPaw=")}}
		},
		func() *signedurl.Signer {
			return &signedurl.Signer{SignatureEncoding: signedurl.SigBase64, KeyIDParam: "client", Keys: apisig.StaticKeys{"clientID": apisig.NewSecret("vNIXE0xscrmjlyV-12Nj_BvUPaw=")}}
		},
	}
	creds := apisig.Credentials{AccessKeyID: "clientID", Secret: apisig.NewSecret("vNIXE0xscrmjlyV-12Nj_BvUPaw=")}
	for _, k := range configs[0]().Knobs() {
		for i, v := range k.Values {
			rejected := false
			for _, cfg := range configs {
				signer, verifier := cfg(), cfg()
				if err := signer.SetKnob(k.Name, v); err != nil {
					t.Fatal(err)
				}
				// Several paths, so that a base64 signature with a '+' comes up.
				for _, p := range []string{"/a", "/b", "/c", "/d", "/e", "/f", "/g", "/h"} {
					req, _ := http.NewRequest("GET", "https://maps.googleapis.com/maps/api/geocode/json"+p+"?address=New+York", nil)
					if err := signer.Sign(context.Background(), req, creds); err != nil {
						t.Fatal(err)
					}
					if _, err := verifier.Verify(context.Background(), req); err != nil {
						rejected = true
						if i == 0 {
							t.Errorf("%s=%s: rejected: %v", k.Name, v, err)
						}
					}
				}
			}
			if i > 0 && !rejected {
				t.Errorf("knob %s=%s: every request still verifies", k.Name, v)
			}
		}
	}
	s := configs[0]()
	if err := s.SetKnob("padding", "none"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad value: %v", err)
	}
	if err := s.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("unknown knob: %v", err)
	}
}
