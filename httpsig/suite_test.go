package httpsig_test

import (
	"crypto/ed25519"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
	"github.com/apisig/apisig/internal/schemetest"
)

var (
	suiteTime   = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	suiteClock  = apisig.FixedClock(suiteTime)
	suiteSecret = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="
)

func suiteRequest(method, target, body string, headers ...string) func() *http.Request {
	return func() *http.Request {
		var req *http.Request
		if body != "" {
			req, _ = http.NewRequest(method, target, strings.NewReader(body))
		} else {
			req, _ = http.NewRequest(method, target, nil)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Add(headers[i], headers[i+1])
		}
		return req
	}
}

func suiteCases() []schemetest.Case {
	return []schemetest.Case{
		{Name: "get", Request: suiteRequest("GET", "https://example.com/", "", "Content-Type", "text/plain", "X-Multi", "a")},
		{Name: "query-awkward", Request: suiteRequest("GET", "https://example.com:8443/a%20b/c?b=2&a=1&a=0&empty=&bare&sp=a+b&pct=%25&uni=%E1%88%B4", "", "Content-Type", "text/plain", "X-Multi", "a")},
		{Name: "post-json", Request: suiteRequest("POST", "https://api.example.com/v1/items?x=1", `{"k":"v","n":[1,2,3]}`, "Content-Type", "application/json", "X-Multi", "a, b")},
		{Name: "headers", Request: suiteRequest("PUT", "http://example.org/h", "body", "Content-Type", "text/plain", "X-Multi", "a", "X-Multi", "b", "User-Agent", "test/1.0")},
	}
}

// TestSuite runs the shared harness with the deterministic algorithms (the harness compares
// Sign and Explain, which randomised signatures cannot match).
func TestSuite(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(strings.NewReader(strings.Repeat("k", 64)))
	rsaPEM, err := os.ReadFile("testdata/keys/test-key-rsa.pem")
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := httpsig.ParseKey("test-key-rsa", httpsig.RSAV15SHA256, string(rsaPEM))
	if err != nil {
		t.Fatal(err)
	}
	components := []string{"@method", "@target-uri", "@authority", "@path", "@query", "content-type;bs", "x-multi", "content-digest"}
	for _, tc := range []struct {
		name     string
		p        *httpsig.Profile
		creds    apisig.Credentials
		unsigned []string
	}{
		{"hmac-sha256-default-components", &httpsig.Profile{Clock: suiteClock,
			Keys: httpsig.StoreKeys{Store: apisig.StaticKeys{"shared": apisig.NewSecret("base64:" + suiteSecret)}}},
			apisig.Credentials{AccessKeyID: "shared", Secret: apisig.NewSecret("base64:" + suiteSecret)}, []string{"Content-Type", "X-Multi"}},
		{"ed25519", &httpsig.Profile{Clock: suiteClock, Components: components, IncludeAlg: true, Tag: "app",
			Key:  &httpsig.Key{ID: "ed", Private: edPriv},
			Keys: httpsig.KeyMap{"ed": {ID: "ed", Public: edPriv.Public()}}, Policy: httpsig.Policy{Tag: "app", MaxAge: time.Minute}},
			apisig.Credentials{Secret: apisig.NewSecret("unused: Profile.Key signs")}, nil},
		{"rsa-v1_5-sha256", &httpsig.Profile{Clock: suiteClock, Components: components, Expires: time.Hour,
			Key:  rsaKey,
			Keys: httpsig.KeyMap{"test-key-rsa": {ID: "test-key-rsa", Algorithm: httpsig.RSAV15SHA256, Public: rsaKey.Public}}},
			apisig.Credentials{Secret: apisig.NewSecret("unused: Profile.Key signs")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schemetest.Run(t, schemetest.Suite{
				Signer:      tc.p,
				Verifier:    tc.p,
				Credentials: tc.creds,
				Cases:       suiteCases(),
				Carriers:    []string{"Signature", "Signature-Input"},
				Unsigned:    append([]string{"User-Agent"}, tc.unsigned...),
				Structural:  []string{"Content-Digest"},
			})
		})
	}
}
