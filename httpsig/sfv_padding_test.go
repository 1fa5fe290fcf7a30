package httpsig_test

import (
	"testing"

	"github.com/apisig/apisig/httpsig"
)

// TestByteSequenceWithoutPadding: RFC 8941 §4.2.7 says parsers SHOULD NOT fail when the "="
// padding of a byte sequence is missing. http-message-signatures (npm) accepts such a Signature
// header; apisig refused it (found by conformance/httpsig's header mutations). Serialisation
// still pads.
func TestByteSequenceWithoutPadding(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`a=:AQID:`, `a=:AQID:`},
		{`a=:AQI=:`, `a=:AQI=:`},
		{`a=:AQI:`, `a=:AQI=:`},
		{`a=:AQ:`, `a=:AQ==:`},
	} {
		d, err := httpsig.ParseDictionary(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got := d.String(); got != tc.want {
			t.Fatalf("%s: serialised as %s; want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{`a=:AQ=:`, `a=:A:`, `a=:AQI==:`} {
		if _, err := httpsig.ParseDictionary(bad); err == nil {
			t.Errorf("%s: parsed; want an error (wrong padding is not missing padding)", bad)
		}
	}
}
