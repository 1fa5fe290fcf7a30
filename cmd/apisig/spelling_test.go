package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/schemes"
)

// TestSpellingsDeterministic signs, with every scheme, a hand-built header map holding the
// headers schemes sign in two and three spellings. Go ranges over maps in random order; the
// canonical strings (and so the signature) must not follow it.
func TestSpellingsDeterministic(t *testing.T) {
	reg := schemes.Registry()
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, id := range reg.IDs() {
		s, _ := reg.Lookup(id)
		c, ok := demoCases[id]
		if !ok {
			c = genericDemo
		}
		cfg := apisig.Config{Params: c.params, Clock: apisig.FixedClock(at), Keys: apisig.StaticKeys{c.keyID: apisig.NewSecret(c.secret)},
			Nonce: apisig.NonceFunc(func() (string, error) { return "12345", nil })}
		sg, err := s.Build(cfg)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		creds := apisig.Credentials{AccessKeyID: c.keyID, Secret: apisig.NewSecret(c.secret), SessionToken: apisig.NewSecret(c.token)}
		var first string
		for i := range 40 {
			req, err := demoRequest(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"Content-Type", "X-Amz-Meta-A", "X-Oss-Meta-A", "X-Acs-A", "X-Cos-Meta-A", "X-Tc-A", "X-Custom"} {
				req.Header[name] = []string{"1"}
				req.Header[strings.ToLower(name)] = []string{"2"}
				req.Header[strings.ToUpper(name)] = []string{"3"}
			}
			tr, err := sg.Explain(context.Background(), req, creds)
			if err != nil {
				t.Errorf("%s: %v", id, err)
				break
			}
			var b strings.Builder
			for _, st := range tr.Steps {
				n := strings.ToLower(st.Name)
				if strings.Contains(n, "authorization") || strings.Contains(n, "signature") && !strings.Contains(n, "base") {
					continue // ECDSA signatures differ each time
				}
				if strings.Contains(n, "canonical") || strings.Contains(n, "string to sign") || strings.Contains(n, "base") || strings.Contains(n, "signed headers") || strings.Contains(n, "httpstring") || strings.Contains(n, "formatstring") || strings.Contains(n, "header") {
					b.WriteString(st.Name + "\n" + st.Value + "\n")
				}
			}
			if i == 0 {
				first = b.String()
				if first == "" {
					t.Logf("%s: no canonical step to compare", id)
					break
				}
			} else if b.String() != first {
				t.Errorf("%s: the same request gave two canonical forms:\n%s\n----\n%s", id, first, b.String())
				break
			}
		}
	}
}
