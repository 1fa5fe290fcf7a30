package oauth1

// Side-by-side benchmarks on Twitter's documented request (query, form body, token): apisig's
// Signer.Sign, apisig through apisig.Transport, dghubble/oauth1 through its Transport (its
// signing is unexported; the Transport adds a request clone and the token source), and the
// HMAC-SHA1 floor over the same base string. Results: BENCHMARKS.md.

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	aoauth1 "github.com/apisig/apisig/oauth1"
	doauth1 "github.com/dghubble/oauth1"
)

const (
	twConsumerKey    = "xvz1evFS4wEEPTGEFPHBog"
	twConsumerSecret = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
	twToken          = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
	twTokenSecret    = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
	twNonce          = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
	twBase           = "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
)

func twitterRequest() *http.Request {
	req, _ := http.NewRequest("POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
		strings.NewReader("status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

type nopRT struct{}

func (nopRT) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
}

func apisigTwitter() (*aoauth1.Signer, apisig.Credentials) {
	s := &aoauth1.Signer{Token: twToken, Nonce: apisig.NonceFunc(func() (string, error) { return twNonce, nil })}
	return s, apisig.Credentials{AccessKeyID: twConsumerKey, Secret: apisig.NewSecret(twConsumerSecret), SessionToken: apisig.NewSecret(twTokenSecret)}
}

func BenchmarkTwitterApisigSign(b *testing.B) {
	s, creds := apisigTwitter()
	req := twitterRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Sign(ctx, req, creds); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTwitterApisigTransport(b *testing.B) {
	s, creds := apisigTwitter()
	rt := &apisig.Transport{Signer: s, Credentials: apisig.StaticCredentials(creds), Base: nopRT{}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.RoundTrip(twitterRequest()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTwitterDghubbleTransport(b *testing.B) {
	cfg := &doauth1.Config{ConsumerKey: twConsumerKey, ConsumerSecret: twConsumerSecret, Noncer: fixedNoncer(twNonce)}
	ctx := context.WithValue(context.Background(), doauth1.HTTPClient, &http.Client{Transport: nopRT{}})
	rt := cfg.Client(ctx, doauth1.NewToken(twToken, twTokenSecret)).Transport
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rt.RoundTrip(twitterRequest()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTwitterNewRequest is the cost of building the request, included in the two
// Transport rows.
func BenchmarkTwitterNewRequest(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = twitterRequest()
	}
}

// BenchmarkTwitterFloor is HMAC-SHA1 of the base string with a fresh key schedule.
func BenchmarkTwitterFloor(b *testing.B) {
	key := []byte(twConsumerSecret + "&" + twTokenSecret)
	msg := []byte(twBase)
	var out [sha1.Size]byte
	m := hmac.New(sha1.New, key)
	b.ReportAllocs()
	for b.Loop() {
		m.Reset()
		m.Write(msg)
		m.Sum(out[:0])
	}
}
