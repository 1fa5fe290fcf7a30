package oauth1_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/oauth1"
)

var (
	testTime  = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	testCreds = apisig.Credentials{AccessKeyID: "xvz1evFS4wEEPTGEFPHBog", Secret: apisig.NewSecret("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
		SessionToken: apisig.NewSecret("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")}
	testToken = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
)

// testKey is an RSA key made once per test binary (no key is committed).
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rngReader{}, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func testKeyPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(testKey())}))
}

// newRequest builds a request with a decoded path, a raw query, a body and headers.
func newRequest(method, host, path, rawQuery, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		u := schemetest.URL("https", host, path, rawQuery)
		var req *http.Request
		var err error
		if body != "" {
			req, err = http.NewRequest(method, u.String(), strings.NewReader(body))
		} else {
			req, err = http.NewRequest(method, u.String(), nil)
		}
		if err != nil {
			panic(err)
		}
		req.URL = u
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Add(headers[i], headers[i+1])
		}
		return req
	}
}

const form = "application/x-www-form-urlencoded"

// awkward is the set of requests every configuration is run on. Bodies are form-encoded (OAuth
// signs no other body) and chosen so that flipping their middle byte leaves valid escapes.
func awkward(host string) []schemetest.Case {
	return []schemetest.Case{
		{Name: "get-vanilla", Request: newRequest("GET", host, "/1.1/statuses/home_timeline.json", "", "")},
		{Name: "unicode-and-spaces", Request: newRequest("GET", host, "/ሴ/a b/c+d*e~f!g", "", "")},
		{Name: "query-repeated-awkward", Request: newRequest("GET", host, "/q", "b=2&a=1&a=0&a=1&empty=&bare&sp=a+b&star=*&tilde=~&pct=%25&uni=%E1%88%B4&%5B=x&A=y&c=-74,40", "")},
		{Name: "form-body", Request: newRequest("POST", host, "/1.1/statuses/update.json", "include_entities=true",
			"status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21&a3=2+q&c2", "Content-Type", form, "User-Agent", "test/1.0")},
		{Name: "form-body-charset-repeated", Request: newRequest("PUT", hostOnly(host)+":8443", "/p", "a3=a", "a3=b&a3=a&zz=top", "Content-Type", form)},
	}
}

func suite(s *oauth1.Signer, host string) schemetest.Suite {
	return schemetest.Suite{
		Signer:      s,
		Verifier:    s,
		Credentials: testCreds,
		Cases:       awkward(host),
		Carriers:    []string{"Authorization", oauth1.ParamSignature},
		Unsigned:    []string{"User-Agent"},
		Structural: []string{oauth1.ParamTimestamp, oauth1.ParamConsumerKey, oauth1.ParamToken, oauth1.ParamSignatureMethod,
			oauth1.ParamVersion, oauth1.ParamNonce},
	}
}

func newSigner(m oauth1.Method, p oauth1.Placement) *oauth1.Signer {
	return &oauth1.Signer{
		Method: m, Placement: p, Token: testToken,
		Clock:        apisig.FixedClock(testTime),
		Nonce:        apisig.NonceFunc(func() (string, error) { return "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", nil }),
		Keys:         apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret},
		TokenSecrets: apisig.StaticKeys{testToken: testCreds.SessionToken},
		PublicKeys:   oauth1.StaticPublicKeys{testCreds.AccessKeyID: &testKey().PublicKey},
		Replay:       replayOff{},
	}
}

// replayOff accepts every nonce: the harness verifies one signed request many times.
type replayOff struct{}

func (replayOff) Claim(ctx context.Context, key string, expires time.Time) error { return nil }

func TestSuite(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    oauth1.Method
		p    oauth1.Placement
		host string
	}{
		{"hmac-sha1-header", oauth1.HMACSHA1, oauth1.PlaceHeader, "api.twitter.com"},
		{"hmac-sha256-header", oauth1.HMACSHA256, oauth1.PlaceHeader, "API.Example.com:443"},
		{"hmac-sha1-query", oauth1.HMACSHA1, oauth1.PlaceQuery, "api.yelp.com"},
		{"rsa-sha1-header", oauth1.RSASHA1, oauth1.PlaceHeader, "photos.example.net:9443"},
		{"rsa-sha1-query", oauth1.RSASHA1, oauth1.PlaceQuery, "photos.example.net"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSigner(tc.m, tc.p)
			st := suite(s, tc.host)
			if tc.m == oauth1.RSASHA1 {
				st.Credentials.Secret = apisig.NewSecret(testKeyPEM())
			}
			schemetest.Run(t, st)
		})
	}
}

func hostOnly(h string) string {
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		return h[:i]
	}
	return h
}
