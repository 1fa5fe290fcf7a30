package httpsig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// FuzzParseDictionary checks that no input panics the Structured Field parser and that what
// it accepts serialises to text that parses back to the same serialisation.
func FuzzParseDictionary(f *testing.F) {
	for _, s := range []string{
		`sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd"`,
		`sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884475;keyid="test-key-rsa-pss"`,
		`a=1,    b=2;x=1;y=2,   c=(a   b   c), d`, `a=:AAEC:, b=?0, c=1.5, d=tok/en`, `a=("x";p=1 "y");q=?1`, `a=(`, `a="\\"`, "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := httpsig.ParseDictionary(s)
		if err != nil {
			return
		}
		out := d.String()
		d2, err := httpsig.ParseDictionary(out)
		if err != nil {
			t.Fatalf("serialisation %q of %q does not parse: %v", out, s, err)
		}
		if d2.String() != out {
			t.Fatalf("round trip: %q -> %q", out, d2.String())
		}
	})
}

// FuzzSignatureInput feeds arbitrary Signature-Input and Signature fields to the verifier's
// reader and to base construction: never a panic, and a component list that parses rebuilds.
func FuzzSignatureInput(f *testing.F) {
	f.Add(`sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example"`, `sig-b22=:AAEC:`)
	f.Add(`sig1=("@method" "@method")`, `sig1=:AA==:`)
	f.Add(`sig1=("example-dict";key="a" "x";bs;sf "@status" "@query-param");expires=-1`, `sig1=?1`)
	f.Add(`sig1=("@request-target" "@target-uri" "@scheme" "host";req);created=99999999999999`, `sig2=:AA==:`)
	f.Fuzz(func(t *testing.T, input, sig string) {
		h := http.Header{"Signature-Input": {input}, "Signature": {sig}, "Example-Dict": {"a=1"}, "Host": {"example.com"}}
		labels, params, _, err := httpsig.ReadSignatures(h)
		if err != nil {
			return
		}
		req, _ := http.NewRequest("GET", "https://example.com/p?Pet=dog", nil)
		req.Header = h
		for i, p := range params {
			again, err := httpsig.ParseSignatureParams(p.String())
			if err != nil || again.String() != p.String() {
				t.Fatalf("%s: params %q do not round-trip: %v", labels[i], p.String(), err)
			}
			_, _ = (&httpsig.Profile{}).SignatureBase(req, nil, p.String())
		}
	})
}

// FuzzVerify runs the whole verifier on arbitrary Signature-Input and Signature fields: never a
// panic, never a success (the fields cannot carry a valid MAC), always a verification sentinel.
func FuzzVerify(f *testing.F) {
	f.Add(`sig1=("@method" "@authority" "content-digest");created=1618884473;keyid="k"`, `sig1=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:`, "sha-512=:AA==:")
	f.Add(`sig1=("@query-param";name="a" "x";key="b");alg="hmac-sha256";keyid="k";expires=1`, `sig1=:AA==:`, "")
	f.Add(`a=(), b=("@status");keyid="k"`, `a=:AA==:, b=:AA==:`, "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
	f.Fuzz(func(t *testing.T, input, sig, digest string) {
		req, _ := http.NewRequest("POST", "https://example.com/p?a=1", nil)
		req.Header.Set("Signature-Input", input)
		req.Header.Set("Signature", sig)
		req.Header.Set("X", "b=1")
		if digest != "" {
			req.Header.Set("Content-Digest", digest)
		}
		p := &httpsig.Profile{Keys: httpsig.KeyMap{"k": {ID: "k", Secret: apisig.NewSecret(strings.Repeat("s", 32))}}, Clock: apisig.FixedClock(time.Unix(1618884473, 0))}
		_, err := p.Verify(context.Background(), req)
		if err == nil {
			t.Fatalf("random fields verify: %q %q", input, sig)
		}
		ok := false
		for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrUnknownKey, apisig.ErrExpired, apisig.ErrSkewed} {
			ok = ok || errors.Is(err, s)
		}
		if !ok {
			t.Fatalf("%v is not a verification failure", err)
		}
	})
}
