package sigv4a_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
)

// TestVerifyErrors: each wrong request gets the S3 code and sentinel the verifier documents.
func TestVerifyErrors(t *testing.T) {
	ctx := context.Background()
	signer := func() *sigv4a.SigV4a {
		return &sigv4a.SigV4a{RegionSet: []string{"us-east-1"}, Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys, Region: "us-east-1"}
	}
	signed := func(t *testing.T, s *sigv4a.SigV4a, creds apisig.Credentials) *http.Request {
		req := newRequest("GET", "h.example", "/k", "", "")()
		if err := s.Sign(ctx, req, creds); err != nil {
			t.Fatal(err)
		}
		return req
	}
	for _, tc := range []struct {
		name     string
		req      func(t *testing.T) *http.Request
		verifier func(s *sigv4a.SigV4a)
		code     string
		kind     error
	}{
		{"other-region", func(t *testing.T) *http.Request { return signed(t, signer(), testCreds) }, func(s *sigv4a.SigV4a) { s.Region = "eu-west-1" }, aws.CodeAuthorizationHeaderMalformed, apisig.ErrMalformed},
		{"other-service", func(t *testing.T) *http.Request { return signed(t, signer(), testCreds) }, func(s *sigv4a.SigV4a) { s.Service = "sqs" }, aws.CodeAuthorizationHeaderMalformed, apisig.ErrMalformed},
		{"skewed", func(t *testing.T) *http.Request { return signed(t, signer(), testCreds) }, func(s *sigv4a.SigV4a) { s.Clock = apisig.FixedClock(testTime.Add(time.Hour)) }, aws.CodeRequestTimeTooSkewed, apisig.ErrSkewed},
		{"unknown-key", func(t *testing.T) *http.Request {
			c := testCreds
			c.AccessKeyID = "NOPE"
			return signed(t, signer(), c)
		}, nil, aws.CodeInvalidAccessKeyID, apisig.ErrUnknownKey},
		{"wrong-secret", func(t *testing.T) *http.Request {
			c := testCreds
			c.Secret = apisig.NewSecret("other")
			return signed(t, signer(), c)
		}, nil, aws.CodeSignatureDoesNotMatch, apisig.ErrMismatch},
		{"sigv4-header", func(t *testing.T) *http.Request {
			req := newRequest("GET", "h.example", "/k", "", "")()
			v4 := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(testTime)}
			if err := v4.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			return req
		}, nil, aws.CodeAuthorizationHeaderMalformed, apisig.ErrMalformed},
		{"region-set-unsigned", func(t *testing.T) *http.Request {
			req := signed(t, signer(), testCreds)
			a := req.Header.Get("Authorization")
			req.Header.Set("Authorization", strings.Replace(a, ";x-amz-region-set", "", 1))
			return req
		}, nil, aws.CodeAuthorizationHeaderMalformed, apisig.ErrMalformed},
		{"presign-expired", func(t *testing.T) *http.Request {
			p, err := signer().Presign(ctx, newRequest("GET", "h.example", "/k", "", "")(), testCreds, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", p.URL.String(), nil)
			return req
		}, func(s *sigv4a.SigV4a) { s.Clock = apisig.FixedClock(testTime.Add(2 * time.Minute)) }, aws.CodeAccessDenied, apisig.ErrExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := signer()
			if tc.verifier != nil {
				tc.verifier(v)
			}
			_, err := v.Verify(ctx, tc.req(t))
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			var re *apisig.RequestError
			var me *apisig.MismatchError
			code := ""
			if errors.As(err, &me) {
				code = me.Code
				if sts, _ := me.Trace.Find(apisig.StepStringToSign); !strings.HasPrefix(sts, sigv4a.Algorithm+"\n") {
					t.Errorf("mismatch trace has no string to sign: %q", sts)
				}
			} else if errors.As(err, &re) {
				code = re.Code
			}
			if code != tc.code {
				t.Errorf("code = %q, want %q (%v)", code, tc.code, err)
			}
		})
	}
}

// TestRandomisedSignaturesVerify: two randomised signatures of one request differ, and both
// verify.
func TestRandomisedSignaturesVerify(t *testing.T) {
	ctx := context.Background()
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	a, b := newRequest("GET", "h", "/k", "", "")(), newRequest("GET", "h", "/k", "", "")()
	for _, r := range []*http.Request{a, b} {
		if err := s.Sign(ctx, r, testCreds); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Verify(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if a.Header.Get("Authorization") == b.Header.Get("Authorization") {
		t.Error("two randomised ECDSA signatures are equal")
	}
}

// TestKeyCacheKeyedBySecret: a changed secret under the same access key id signs with the new
// key (smithy-go's and aws-sdk-go-v2's caches, keyed by the id, would keep the old one).
func TestKeyCacheKeyedBySecret(t *testing.T) {
	a, err := sigv4a.PublicKey(testCreds)
	if err != nil {
		t.Fatal(err)
	}
	c := testCreds
	c.Secret = apisig.NewSecret("rotated")
	b, err := sigv4a.PublicKey(c)
	if err != nil {
		t.Fatal(err)
	}
	if a.Equal(b) {
		t.Fatal("a rotated secret derived the old key")
	}
}

func TestSignInputErrors(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*sigv4a.SigV4a{
		"no-region-set": {Service: "s3"},
		"no-service":    {RegionSet: []string{"*"}},
		"comma-region":  {RegionSet: []string{"a,b"}, Service: "s3"},
	} {
		if err := s.Sign(ctx, newRequest("GET", "h", "/", "", "")(), testCreds); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3"}
	if err := s.SetKnob("scope-region", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("scope-region knob: %v, want ErrInvalidInput", err)
	}
	if err := s.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("unknown knob: %v", err)
	}
	if err := s.SetKnob("hex-case", "lower"); err != nil || !s.Dialect.LowerHex {
		t.Errorf("hex-case knob: %v", err)
	}
}

// TestVerifyWithPublicKeysOnly: a verifier holding only the public key accepts the signature
// and rejects another key's.
func TestVerifyWithPublicKeysOnly(t *testing.T) {
	ctx := context.Background()
	pub, err := sigv4a.PublicKey(testCreds)
	if err != nil {
		t.Fatal(err)
	}
	v := &sigv4a.SigV4a{Service: "s3", Clock: apisig.FixedClock(testTime), PublicKeys: sigv4a.StaticPublicKeys{testCreds.AccessKeyID: pub}}
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(testTime)}
	req := newRequest("PUT", "h", "/k", "", "body")()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, req); err != nil {
		t.Fatalf("public-key verifier: %v", err)
	}
	other := testCreds
	other.Secret = apisig.NewSecret("another secret")
	req = newRequest("PUT", "h", "/k", "", "body")()
	if err := s.Sign(ctx, req, other); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, req); !errors.Is(err, apisig.ErrMismatch) {
		t.Fatalf("signature by another key: %v, want a mismatch", err)
	}
	req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "AKIDEXAMPLE", "NOPE", 1))
	if _, err := v.Verify(ctx, req); !errors.Is(err, apisig.ErrUnknownKey) {
		t.Fatalf("unknown key: %v, want ErrUnknownKey", err)
	}
}
