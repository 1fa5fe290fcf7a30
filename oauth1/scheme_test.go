package oauth1_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

func TestScheme(t *testing.T) {
	sc := oauth1.Scheme()
	for _, params := range []map[string]string{{"method": "HMAC-MD5"}, {"placement": "cookie"}, {"version": "2.0"}, {"nonsense": "1"}} {
		if _, err := sc.Build(apisig.Config{Params: params}); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%v: Build = %v, want ErrInvalidInput", params, err)
		}
	}
	if _, err := sc.Build(apisig.Config{Knobs: map[string]string{"space": "plus"}}); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad knob value: %v", err)
	}
	keys := apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret, testToken: testCreds.SessionToken}
	sg, err := sc.Build(apisig.Config{Params: map[string]string{"token": testToken, "placement": "query", "method": "HMAC-SHA256"},
		Clock: apisig.FixedClock(testTime), Keys: keys, Knobs: map[string]string{"tilde": "literal"}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://api.example.com/x?a=1", nil)
	if err := sg.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(req.URL.RawQuery, "oauth_signature_method=HMAC-SHA256") {
		t.Errorf("query %s", req.URL.RawQuery)
	}
	if _, err := sg.(apisig.Verifier).Verify(context.Background(), req); err != nil {
		t.Errorf("a registry-built signer does not verify its own request: %v", err)
	}
}
