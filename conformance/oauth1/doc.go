// Package oauth1 checks apisig's OAuth 1.0a signer and verifier against dghubble/oauth1
// v0.7.3, the most used Go OAuth 1.0a client, which reproduces Twitter's documented example.
//
// The oracle is driven as PEERS.md describes: a testing/synctest bubble fixes the clock that
// dghubble reads with time.Now, a fixed Noncer fixes the nonce, and a RoundTripper placed in
// the context (oauth1.HTTPClient) captures the request its Transport signs.
//
// dghubble/oauth1 is correct where RFC 5849 is unambiguous and it is not, in these documented
// classes (each reproduced by an apisig dialect knob, so apisig's default follows the RFC):
//
//   - repeated parameter names: it keeps one value per name (url.Values' first value; the body
//     over the query, the protocol parameters over both), the RFC signs every pair
//     (knob repeated-params=first);
//   - a form body whose Content-Type has parameters ("; charset=utf-8") is not signed: it
//     compares the header with == (knob body-params=left-out);
//   - the port 80 or 443 is dropped whatever the scheme (http://h:443): the RFC drops only the
//     scheme's default (knob port=strip);
//   - an empty token is sent as oauth_token="" (knob empty-token=empty);
//   - the default port of an IPv6 host is kept ("[::1]:443"): it splits host:port on every
//     ':' and strips only when there are exactly two parts (knob port=add-default).
//
// Files: gen_test.go generates requests (math/rand/v2, seeded PCG), oauth1_test.go is the
// differential test over 10,000 of them (empty and valueless query names, ~1 in 70 with a
// form body of 20-40k characters), bench_test.go the side-by-side benchmarks, whose
// numbers are in BENCHMARKS.md.
package oauth1
