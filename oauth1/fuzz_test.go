package oauth1_test

import (
	"strings"
	"testing"

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
