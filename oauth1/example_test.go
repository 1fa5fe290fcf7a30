package oauth1_test

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/oauth1"
)

// A client for an OAuth 1.0a API: the signer goes in an apisig.Transport, the consumer key and
// secret and the token secret in the credentials, the token in the signer. The clock and nonce
// are fixed here to reproduce Twitter's documented example; leave them nil in real use.
func ExampleSigner() {
	signer := &oauth1.Signer{
		Token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
		Clock: apisig.FixedClock(time.Unix(1318622958, 0)),
		Nonce: apisig.NonceFunc(func() (string, error) { return "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", nil }),
	}
	creds := apisig.Credentials{
		AccessKeyID:  "xvz1evFS4wEEPTGEFPHBog",                                        // consumer key
		Secret:       apisig.NewSecret("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"), // consumer secret
		SessionToken: apisig.NewSecret("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),   // token secret
	}
	client := &http.Client{Transport: &apisig.Transport{Signer: signer, Credentials: apisig.StaticCredentials(creds),
		Base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			_, sig, _ := strings.Cut(r.Header.Get("Authorization"), "oauth_signature=")
			fmt.Println(sig)
			return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
		})}}
	resp, err := client.Post("https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
		"application/x-www-form-urlencoded", strings.NewReader("status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output: "hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"
}
