package httpsig_test

import (
	"errors"
	"testing"

	"github.com/apisig/apisig/httpsig"
)

// TestStructuredFields checks parsing and canonical serialisation against RFC 8941's rules
// (expected serialisations from RFC 8941 §4.1 and the RFC 9421 examples).
func TestStructuredFields(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`a=1,    b=2;x=1;y=2,   c=(a   b   c)`, `a=1, b=2;x=1;y=2, c=(a b c)`},
		{`a=1, b=2;x=1;y=2, c=(a   b    c), d`, `a=1, b=2;x=1;y=2, c=(a b c), d`},
		{`sig1=("@method" "@path");created=1618884473;keyid="k"`, `sig1=("@method" "@path");created=1618884473;keyid="k"`},
		{`sig1=:AAEC:`, `sig1=:AAEC:`},
		{`a=?0, b, c;foo=bar`, `a=?0, b, c;foo=bar`},
		{`a=1.50, b=-0.001, c=12.0`, `a=1.5, b=-0.001, c=12.0`},
		{`a="q\"uo\\te"`, `a="q\"uo\\te"`},
		{`a=tok/en:x, b=*`, `a=tok/en:x, b=*`},
		{`a=1, a=2`, `a=2`},
		{`a=(), b=()`, `a=(), b=()`},
		{"a=1,\tb=2", `a=1, b=2`},
	} {
		d, err := httpsig.ParseDictionary(tc.in)
		if err != nil {
			t.Errorf("ParseDictionary(%q): %v", tc.in, err)
			continue
		}
		if got := d.String(); got != tc.want {
			t.Errorf("ParseDictionary(%q).String() = %q; want %q", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{
		`a=`, `a=1,`, `A=1`, `a=(1 2`, `a="unterminated`, `a=:not base64!:`, `a=?2`, `a=1234567890123456`,
		`a=1.2345`, `a="\x"`, `a=1 b=2`, `a=("x"y)`, "a=\"\x7f\"", `,a=1`, `a=-`, `a=1;`, `a=1;B=2`,
	} {
		if _, err := httpsig.ParseDictionary(bad); !errors.Is(err, httpsig.ErrStructuredField) {
			t.Errorf("ParseDictionary(%q) = %v; want ErrStructuredField", bad, err)
		}
	}
}

func TestParseSignatureParams(t *testing.T) {
	sp, err := httpsig.ParseSignatureParams(`("@method" "@query-param";name="a" "example-dict";key="x");created=1;expires=2;nonce="n";alg="ed25519";keyid="k";tag="t";ext=?1`)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Created != 1 || sp.Expires != 2 || sp.Nonce != "n" || sp.Alg != "ed25519" || sp.KeyID != "k" || sp.Tag != "t" || len(sp.Components) != 3 {
		t.Errorf("parsed %+v", sp)
	}
	if got := sp.Components[1].String(); got != `"@query-param";name="a"` {
		t.Errorf("component = %s", got)
	}
	for _, bad := range []string{
		`("@method" "@method")`, `(@method)`, `("@method");created="1"`, `("@method");keyid=1`, `("Host")`, `"x"`, `(1)`,
	} {
		if _, err := httpsig.ParseSignatureParams(bad); !errors.Is(err, httpsig.ErrStructuredField) {
			t.Errorf("ParseSignatureParams(%q) = %v; want ErrStructuredField", bad, err)
		}
	}
}
