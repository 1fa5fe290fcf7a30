package httpsig_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// Signing RFC 9421's test request with hmac-sha256 and the RFC's shared secret (Appendix B.2.5)
// gives the published Signature-Input and Signature.
func ExampleProfile_Sign() {
	key, _ := httpsig.ParseKey("test-shared-secret", httpsig.HMACSHA256,
		"base64:uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==")
	p := &httpsig.Profile{
		Label:      "sig-b25",
		Components: []string{"date", "@authority", "content-type"},
		Key:        key,
		Clock:      apisig.FixedClock(time.Unix(1618884473, 0)),
	}
	req, _ := http.NewRequest("POST", "https://example.com/foo?param=Value&Pet=dog", strings.NewReader(`{"hello": "world"}`))
	req.Header.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	req.Header.Set("Content-Type", "application/json")
	if err := p.Sign(context.Background(), req, apisig.Credentials{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Header.Get("Signature-Input"))
	fmt.Println(req.Header.Get("Signature"))
	// Output:
	// sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"
	// sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:
}

// A server verifies with a key directory and a policy, behind apisig.Middleware, which gives
// the verifier the body for Content-Digest.
func ExampleProfile_Verify() {
	key, _ := httpsig.ParseKey("test-shared-secret", httpsig.HMACSHA256,
		"base64:uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==")
	verifier := &httpsig.Profile{
		Keys:   httpsig.KeyMap{"test-shared-secret": key},
		Policy: httpsig.Policy{Required: []string{"@authority", "content-type"}, MaxAge: 5 * time.Minute},
		Clock:  apisig.FixedClock(time.Unix(1618884473+10, 0)),
	}
	req, _ := http.NewRequest("POST", "https://example.com/foo?param=Value&Pet=dog", nil)
	req.Header.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Signature-Input", `sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"`)
	req.Header.Set("Signature", `sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:`)
	v, err := verifier.Verify(context.Background(), req)
	fmt.Println(v.AccessKeyID, err)
	// Output: test-shared-secret <nil>
}
