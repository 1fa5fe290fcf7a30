package oauth1_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

// FuzzParseAuthorization checks that no input panics the Authorization parser, that an error
// comes with a nil result, and that what it accepts formats back into a header that parses to
// the same parameters.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		`OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"`,
		`OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="tnnArxj06cWHq44gCs1OSKk%2FjLY%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"`,
		`oauth realm="a\"b",,oauth_x = "1" ,`,
		`OAuth a="%zz"`,
		`OAuth a="1", a="2"`,
		`OAuth a=1`,
		`OAuth`,
		`OAuth realm="x"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := oauth1.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		if len(a.Params) == 0 {
			t.Fatal("accepted a header without parameters")
		}
		var b strings.Builder
		b.WriteString("OAuth ")
		if a.HasRealm {
			b.WriteString(`realm="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(a.Realm) + `", `)
		}
		for i, p := range a.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(oauth1.Escape(p.Key) + `="` + oauth1.Escape(p.Value) + `"`)
		}
		c, err := oauth1.ParseAuthorization(b.String())
		if err != nil {
			t.Fatalf("reformatted %q does not parse: %v", b.String(), err)
		}
		if c.Realm != a.Realm || c.HasRealm != a.HasRealm || len(c.Params) != len(a.Params) {
			t.Fatalf("round trip: %+v != %+v", c, a)
		}
		for i := range a.Params {
			if a.Params[i] != c.Params[i] {
				t.Fatalf("round trip param %d: %+v != %+v", i, c.Params[i], a.Params[i])
			}
		}
	})
}

// FuzzVerify feeds arbitrary queries, form bodies and Authorization headers to the verifier
// (HMAC-SHA1, HMAC-SHA256, PLAINTEXT and RSA-SHA1 keys known): it must never panic, never
// accept what it did not sign, fail with a verification sentinel, and never quote a secret.
func FuzzVerify(f *testing.F) {
	signed := newRequest("POST", "api.twitter.com", "/1.1/statuses/update.json", "include_entities=true", "status=Hello%20Ladies%20%2b%20Gentlemen")()
	signed.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signer := &oauth1.Signer{Token: testToken, Clock: apisig.FixedClock(testTime)}
	if err := signer.Sign(context.Background(), signed, testCreds); err != nil {
		f.Fatal(err)
	}
	authz := signed.Header.Get("Authorization")
	f.Add("include_entities=true", "status=Hello%20Ladies%20%2b%20Gentlemen", true, authz)
	f.Add("include_entities=true", "status=Hello%20Ladies%20%2b%20Gentlemen", false, authz)
	f.Add("a=1&a=&=b&c", "", false, strings.Replace(authz, "HMAC-SHA1", "PLAINTEXT", 1))
	f.Add("oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_signature=%zz&oauth_signature_method=RSA-SHA1&oauth_timestamp=1795426200&oauth_nonce=n", "oauth_token=x", true, "")
	f.Add("", "", false, `OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_signature_method="HMAC-SHA256", oauth_timestamp="99999999999999999999", oauth_nonce="", oauth_signature="", oauth_version="2.0"`)
	v := &oauth1.Signer{
		Clock:        apisig.FixedClock(testTime.Add(time.Second)),
		Keys:         apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret},
		TokenSecrets: apisig.StaticKeys{testToken: testCreds.SessionToken},
		PublicKeys:   oauth1.StaticPublicKeys{testCreds.AccessKeyID: &testKey().PublicKey},
		Methods:      []oauth1.Method{oauth1.HMACSHA1, oauth1.HMACSHA256, oauth1.PlainText, oauth1.RSASHA1},
	}
	f.Fuzz(func(t *testing.T, rawQuery, body string, form bool, authz string) {
		req := newRequest("POST", "api.twitter.com", "/1.1/statuses/update.json", "", body)()
		req.URL.RawQuery = rawQuery
		if form {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		vv := *v
		vv.Replay = &apisig.MemoryReplay{Clock: vv.Clock}
		_, err := vv.Verify(context.Background(), req)
		if err == nil {
			if rawQuery == "include_entities=true" && body == "status=Hello%20Ladies%20%2b%20Gentlemen" && form {
				return // the seed signed above
			}
			t.Fatalf("accepted query %q body %q form %v Authorization %q", rawQuery, body, form, authz)
		}
		ok := false
		for _, s := range []error{apisig.ErrMismatch, apisig.ErrMalformed, apisig.ErrNotSigned, apisig.ErrSkewed, apisig.ErrUnknownKey, apisig.ErrReplayed, apisig.ErrInvalidInput} {
			ok = ok || errors.Is(err, s)
		}
		if !ok {
			t.Fatalf("%v wraps no verification sentinel", err)
		}
		msg := err.Error()
		for _, secret := range []string{testCreds.Secret.Reveal(), testCreds.SessionToken.Reveal()} {
			if strings.Contains(msg, secret) && !strings.Contains(rawQuery+body+authz, secret) {
				t.Fatalf("error quotes a secret: %v", err)
			}
		}
	})
}
