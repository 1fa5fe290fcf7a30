package sigv4a

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
	"github.com/apisig/apisig/canon"
	smithycreds "github.com/aws/smithy-go/aws-http-auth/credentials"
	smithyv4a "github.com/aws/smithy-go/aws-http-auth/sigv4a"
	smithyv4 "github.com/aws/smithy-go/aws-http-auth/v4"
)

var (
	flagSeed  = flag.Uint64("sigv4a.seed", 20261123, "seed of the random request generator")
	flagCases = flag.Int("sigv4a.n", 2000, "number of generated requests (-short: 200)")
)

// ignored are the headers apisig never signs; smithy-go is told to sign every other one, so
// that the comparison covers every header (its default signs only host and x-amz-*).
var ignored = map[string]bool{"authorization": true, "user-agent": true, "x-amzn-trace-id": true, "expect": true,
	"transfer-encoding": true, "connection": true, "keep-alive": true, "proxy-authorization": true,
	"proxy-connection": true, "te": true, "trailer": true, "upgrade": true}

type rules struct{}

func (rules) IsSigned(h string) bool { return !ignored[h] }

// testCase is one generated request and how to sign it.
type testCase struct {
	method, host, path, query string
	header                    http.Header
	body                      []byte
	service                   string
	regionSet                 []string
	presign                   bool
	creds                     apisig.Credentials
	at                        time.Time
}

func (c *testCase) s3() bool { return c.service == "s3" }

// request builds the request, its path escaped once (RFC 3986 unreserved left alone), as a
// client sends it.
func (c *testCase) request() *http.Request {
	u := &url.URL{Scheme: "https", Host: c.host, Path: c.path, RawQuery: c.query}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, c.path))
	req, err := http.NewRequest(c.method, u.String(), bytes.NewReader(c.body))
	if err != nil {
		panic(err)
	}
	req.URL = u
	if len(c.body) == 0 {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	}
	for k, v := range c.header {
		req.Header[k] = append([]string(nil), v...)
	}
	return req
}

var (
	segments = []string{"a", "key", "ሴ", "sp ace", "plus+sign", "pct%25", "tilde~", "star*", "dots..", "sub!$&'()", "日本", "eq=", "semi;colon", "UPPER"}
	values   = []string{"", "v", "a b", "a+b", "x=y", "%", "ü", "*", "~", "1,2", "/slash/"}
	hnames   = []string{"X-Amz-Meta-Note", "Content-Type", "X-Custom", "My-Header", "X-Amz-Acl", "User-Agent", "Range"}
	hvalues  = []string{"plain", "  padded  ", "inner   spaces", "text/plain; charset=utf-8", "bytes=0-9", "ü-unicode", "a,b"}
)

func generate(r *rand.Rand, i int) *testCase {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	c := &testCase{
		method:  []string{"GET", "PUT", "POST", "HEAD", "DELETE"}[r.IntN(5)],
		host:    []string{"mrap.accesspoint.s3-global.amazonaws.com", "example.amazonaws.com", "127.0.0.1:9000", "s3.example:8443"}[r.IntN(4)],
		service: []string{"s3", "s3", "service", "execute-api"}[r.IntN(4)],
		header:  make(http.Header),
		presign: r.IntN(3) == 0,
		creds:   apisig.Credentials{AccessKeyID: fmt.Sprintf("AKID%04d", i%7), Secret: apisig.NewSecret(fmt.Sprintf("secret/%d+key", i%5))},
		at:      time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC).Add(time.Duration(r.IntN(86400*3)) * time.Second),
	}
	c.regionSet = [][]string{{"*"}, {"us-east-1"}, {"us-east-1", "eu-west-1"}, {"us-*"}}[r.IntN(4)]
	var p strings.Builder
	for range 1 + r.IntN(4) {
		p.WriteString("/" + pick(segments))
	}
	c.path = p.String()
	if c.service != "s3" {
		c.path = strings.ReplaceAll(c.path, "..", "")
	}
	var q []string
	for range r.IntN(4) {
		// Keys repeat (picked with replacement); "" is an empty key ("=v"); a quarter of the
		// pairs have no '=' at all.
		k := pick([]string{"a", "b", "versionId", "prefix", "ü", "x y", "list-type", ""})
		if k != "" && r.IntN(4) == 0 {
			q = append(q, escape(k))
			continue
		}
		q = append(q, escape(k)+"="+escape(pick(values)))
	}
	c.query = strings.Join(q, "&")
	for range r.IntN(4) {
		c.header.Add(pick(hnames), pick(hvalues))
	}
	if c.method == "PUT" || c.method == "POST" {
		c.body = []byte(strings.Repeat("body ", r.IntN(50)))
	}
	if r.IntN(4) == 0 {
		c.creds.SessionToken = apisig.NewSecret("session/token+" + fmt.Sprint(i))
	}
	return c
}

func escape(s string) string { return canon.Encoding{Set: canon.Unreserved}.Escape(s) }

// payloadHash is what both signers sign: UNSIGNED-PAYLOAD for S3 (sent as
// X-Amz-Content-Sha256), the body's SHA-256 otherwise.
func (c *testCase) payloadHash() []byte {
	if c.s3() {
		return smithyv4.UnsignedPayload()
	}
	h := sha256.Sum256(c.body)
	return h[:]
}

// signSmithy signs with smithy-go and returns the request as sent.
func signSmithy(c *testCase) (*http.Request, error) {
	req := c.request()
	st := smithyv4.SignatureTypeHeader
	if c.presign {
		st = smithyv4.SignatureTypeQueryString
		// smithy-go leaves X-Amz-Expires to the caller.
		if req.URL.RawQuery != "" {
			req.URL.RawQuery += "&"
		}
		req.URL.RawQuery += "X-Amz-Expires=900"
	}
	signer := smithyv4a.New(func(o *smithyv4.SignerOptions) {
		o.HeaderRules = rules{}
		o.DisableDoublePathEscape = c.s3()
		o.AddPayloadHashHeader = c.s3() && !c.presign
	})
	err := signer.SignRequest(&smithyv4a.SignRequestInput{
		Request:       req,
		PayloadHash:   c.payloadHash(),
		Credentials:   smithycreds.Credentials{AccessKeyID: c.creds.AccessKeyID, SecretAccessKey: c.creds.Secret.Reveal(), SessionToken: c.creds.SessionToken.Reveal()},
		Service:       c.service,
		RegionSet:     c.regionSet,
		Time:          c.at,
		SignatureType: st,
	})
	return req, err
}

// apisigSigner is apisig's SigV4a configured as the case says; it verifies too.
func apisigSigner(c *testCase) *sigv4a.SigV4a {
	s := &sigv4a.SigV4a{RegionSet: c.regionSet, Service: c.service, Clock: apisig.FixedClock(c.at),
		Keys: apisig.StaticKeys{c.creds.AccessKeyID: c.creds.Secret}, Region: "us-east-1"}
	if c.s3() {
		s.Payload = aws.PayloadUnsigned
	} else {
		s.Payload = aws.PayloadHashed
	}
	return s
}

// signApisig signs with apisig and returns the request as sent.
func signApisig(c *testCase) (*http.Request, error) {
	s := apisigSigner(c)
	req := c.request()
	if !c.presign {
		return req, s.Sign(context.Background(), req, c.creds)
	}
	p, err := s.Presign(context.Background(), req, c.creds, 900*time.Second)
	if err != nil {
		return nil, err
	}
	out := c.request()
	out.URL = p.URL
	return out, nil
}

// part returns Credential, SignedHeaders or another field of a signature, header or presign.
func part(req *http.Request, presign bool, name string) string {
	if presign {
		return req.URL.Query().Get("X-Amz-" + name)
	}
	auth := req.Header.Get("Authorization")
	for _, f := range strings.Split(strings.TrimPrefix(auth, sigv4a.Algorithm+" "), ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(f), "="); ok && k == name {
			return v
		}
	}
	return ""
}

func TestSigV4aAgainstSmithy(t *testing.T) {
	n := *flagCases
	if testing.Short() {
		n = 200
	}
	r := rand.New(rand.NewPCG(*flagSeed, 4))
	ctx := context.Background()
	fails, byDefault, explained := 0, 0, 0
	defer func() {
		t.Logf("%d cases: smithy-go's signature verified by apisig's verifier as is in %d, through smithy-go's documented knobs in %d", n, byDefault, explained)
	}()
	for i := range n {
		c := generate(r, i)
		name := fmt.Sprintf("%d-%s-%s%s", i, c.method, c.service, map[bool]string{true: "-presign"}[c.presign])
		ok := t.Run(name, func(t *testing.T) {
			theirs, err := signSmithy(c)
			if err != nil {
				t.Fatalf("smithy-go: %v", err)
			}
			verifier := apisigSigner(c)
			if _, err := verifier.Verify(ctx, theirs); err != nil {
				// smithy-go deviates from the specification in documented ways
				// (SDK-NOTES.md: SM-trim-only, SM-raw-sort, SM-no-normalize); apisig's knobs
				// reproduce them. The string to sign apisig explains with those knobs must
				// then verify smithy-go's signature.
				if !verifiesWith(t, c, theirs, smithyKnobs) {
					t.Fatalf("apisig's verifier rejects smithy-go's signature, with and without smithy-go's documented knobs: %v\nrequest: %s %s\nheaders: %v", err, theirs.Method, theirs.URL, theirs.Header)
				}
				explained++
			} else {
				byDefault++
			}
			ours, err := signApisig(c)
			if err != nil {
				t.Fatalf("apisig: %v", err)
			}
			if _, err := verifier.Verify(ctx, ours); err != nil {
				t.Fatalf("apisig's verifier rejects apisig's signature: %v", err)
			}
			for _, f := range []string{"Credential", "SignedHeaders"} {
				if a, b := part(ours, c.presign, f), part(theirs, c.presign, f); a != b {
					t.Errorf("%s: apisig %q, smithy-go %q", f, a, b)
				}
			}
			if !c.presign {
				for _, h := range []string{"X-Amz-Date", "X-Amz-Region-Set", "X-Amz-Security-Token", "X-Amz-Content-Sha256"} {
					if a, b := ours.Header.Get(h), theirs.Header.Get(h); a != b {
						t.Errorf("%s: apisig %q, smithy-go %q", h, a, b)
					}
				}
			}
			// A tampered smithy-go signature is rejected: the check above is not vacuous.
			tampered := theirs.Clone(ctx)
			tampered.Method = map[bool]string{true: "PATCH", false: "OPTIONS"}[c.method == "OPTIONS"]
			if _, err := verifier.Verify(ctx, tampered); err == nil {
				t.Fatal("apisig's verifier accepts smithy-go's signature for another method")
			}
		})
		if !ok {
			if fails++; fails >= 10 {
				t.Fatal("stopping after 10 failures")
			}
		}
	}
}

// smithyKnobs reproduce smithy-go's documented departures from the specification.
var smithyKnobs = [][2]string{{"header-value", "trim"}, {"query-sort", "raw"}, {"path-normalization", "off"}}

// verifiesWith explains the case with apisig and the knobs, and checks smithy-go's signature
// against that string to sign with the public key apisig derives.
func verifiesWith(t *testing.T, c *testCase, theirs *http.Request, knobs [][2]string) bool {
	t.Helper()
	s := apisigSigner(c)
	for _, k := range knobs {
		if err := s.SetKnob(k[0], k[1]); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	var tr *apisig.Trace
	var err error
	if c.presign {
		_, tr, err = s.ExplainPresign(ctx, c.request(), c.creds, 900*time.Second)
	} else {
		tr, err = s.Explain(ctx, c.request(), c.creds)
	}
	if err != nil {
		t.Fatal(err)
	}
	sts, _ := tr.Find(apisig.StepStringToSign)
	pub, err := sigv4a.PublicKey(c.creds)
	if err != nil {
		t.Fatal(err)
	}
	der, err := hex.DecodeString(part(theirs, c.presign, "Signature"))
	if err != nil {
		return false
	}
	digest := sha256.Sum256([]byte(sts))
	return ecdsa.VerifyASN1(pub, digest[:], der)
}
