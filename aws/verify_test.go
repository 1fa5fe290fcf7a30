package aws_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// signedGet returns a header-signed request made at signedAt.
func signedGet(t *testing.T, signedAt time.Time, service string) *http.Request {
	t.Helper()
	s := &aws.SigV4{Region: "us-east-1", Service: service, Clock: apisig.FixedClock(signedAt)}
	req := newRequest("GET", "example.amazonaws.com", "/", "", "")()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	return req
}

func presigned(t *testing.T, signedAt time.Time, expires time.Duration) *http.Request {
	t.Helper()
	s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(signedAt)}
	p, err := s.Presign(context.Background(), newRequest("GET", "bucket.s3.amazonaws.com", "/k", "", "")(), testCreds, expires)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(p.Method, p.URL.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestVerifyRejects(t *testing.T) {
	verifier := func(service string) *aws.SigV4 {
		return &aws.SigV4{Region: "us-east-1", Service: service, Clock: apisig.FixedClock(testTime), Keys: testKeys}
	}
	setAuth := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", v) }
	}
	const goodSig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	cred := "Credential=AKIDEXAMPLE/20261123/us-east-1/service/aws4_request"
	for _, tc := range []struct {
		name    string
		req     func(*testing.T) *http.Request
		change  func(*http.Request)
		kind    error
		code    string
		mention string // the error must name this part or value
	}{
		{"unsigned", func(t *testing.T) *http.Request { return newRequest("GET", "h", "/", "", "")() }, nil,
			apisig.ErrNotSigned, aws.CodeAccessDenied, "no Authorization header"},
		{"unknown algorithm", nil, setAuth("AWS4-HMAC-SHA1 " + cred + ", SignedHeaders=host, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, `"AWS4-HMAC-SHA1"`},
		{"no parts", nil, setAuth("AWS4-HMAC-SHA256"),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "no Credential"},
		{"part without =", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "want key=value"},
		{"missing signature", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;x-amz-date"),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "has no Signature"},
		{"duplicate part", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", " + cred + ", SignedHeaders=host, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "appears twice"},
		{"scope with 4 parts", nil, setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/aws4_request, SignedHeaders=host, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "want 5 parts"},
		{"scope bad terminator", nil, setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/service/aws4_requests, SignedHeaders=host, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "aws4_request"},
		{"scope bad date", nil, setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-11-23/us-east-1/service/aws4_request, SignedHeaders=host, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "YYYYMMDD"},
		{"non-hex signature", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;x-amz-date, Signature=" + strings.Repeat("g", 64)),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "hex"},
		{"short signature", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;x-amz-date, Signature=abc"),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "got 3 characters"},
		{"host not signed", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=x-amz-date, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "does not include host"},
		{"upper-case signed header", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=Host;x-amz-date, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "not lower-case"},
		{"missing x-amz-date", nil, func(r *http.Request) { r.Header.Del("X-Amz-Date") },
			apisig.ErrMalformed, aws.CodeAccessDenied, "X-Amz-Date header"},
		{"bad x-amz-date", nil, func(r *http.Request) { r.Header.Set("X-Amz-Date", "2026-11-23T09:30:00Z") },
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "YYYYMMDD'T'HHMMSS'Z'"},
		{"scope date differs from x-amz-date", nil, func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261124T093000Z") },
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "does not match the date of X-Amz-Date"},
		{"wrong region", nil, setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + goodSig),
			apisig.ErrMalformed, aws.CodeAuthorizationHeaderMalformed, "expecting us-east-1"},
		{"skewed", func(t *testing.T) *http.Request { return signedGet(t, testTime.Add(-16*time.Minute), "service") }, nil,
			apisig.ErrSkewed, aws.CodeRequestTimeTooSkewed, "16m0s"},
		{"skewed future", func(t *testing.T) *http.Request { return signedGet(t, testTime.Add(20*time.Minute), "service") }, nil,
			apisig.ErrSkewed, aws.CodeRequestTimeTooSkewed, "20m0s"},
		{"unknown key", nil, setAuth("AWS4-HMAC-SHA256 Credential=AKIDOTHER/20261123/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + goodSig),
			apisig.ErrUnknownKey, aws.CodeInvalidAccessKeyID, `"AKIDOTHER"`},
		{"mismatch", nil, setAuth("AWS4-HMAC-SHA256 " + cred + ", SignedHeaders=host;x-amz-date, Signature=" + goodSig),
			apisig.ErrMismatch, aws.CodeSignatureDoesNotMatch, goodSig},
		{"presign expired", func(t *testing.T) *http.Request { return presigned(t, testTime.Add(-2*time.Hour), time.Hour) }, nil,
			apisig.ErrExpired, aws.CodeAccessDenied, "request has expired"},
		{"presign far future", func(t *testing.T) *http.Request { return presigned(t, testTime.Add(time.Hour), time.Hour) }, nil,
			apisig.ErrSkewed, aws.CodeAccessDenied, "not valid yet"},
		{"presign expires over a week", func(t *testing.T) *http.Request { return presigned(t, testTime, time.Hour) },
			func(r *http.Request) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "X-Amz-Expires=3600", "X-Amz-Expires=604801", 1)
			},
			apisig.ErrMalformed, aws.CodeAuthorizationQueryError, "less than a week"},
		{"presign expires not a number", func(t *testing.T) *http.Request { return presigned(t, testTime, time.Hour) },
			func(r *http.Request) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "X-Amz-Expires=3600", "X-Amz-Expires=1h", 1)
			},
			apisig.ErrMalformed, aws.CodeAuthorizationQueryError, `"1h"`},
		{"presign missing signed headers", func(t *testing.T) *http.Request { return presigned(t, testTime, time.Hour) },
			func(r *http.Request) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "X-Amz-SignedHeaders=host", "", 1)
			},
			apisig.ErrMalformed, aws.CodeAuthorizationQueryError, "X-Amz-SignedHeaders"},
		{"presign repeated signature", func(t *testing.T) *http.Request { return presigned(t, testTime, time.Hour) },
			func(r *http.Request) { r.URL.RawQuery += "&X-Amz-Signature=" + goodSig },
			apisig.ErrMalformed, aws.CodeAuthorizationQueryError, "appears 2 times"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var req *http.Request
			if tc.req != nil {
				req = tc.req(t)
			} else {
				req = signedGet(t, testTime, "service")
			}
			if tc.change != nil {
				tc.change(req)
			}
			service := "service"
			if req.URL.Query().Has("X-Amz-Signature") {
				service = "s3"
			}
			_, err := verifier(service).Verify(context.Background(), req)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Verify = %v, want an error wrapping %v", err, tc.kind)
			}
			var re *apisig.RequestError
			var me *apisig.MismatchError
			switch {
			case errors.As(err, &re):
				if re.Code != tc.code {
					t.Errorf("code = %q, want %q", re.Code, tc.code)
				}
			case errors.As(err, &me):
				if me.Code != tc.code {
					t.Errorf("code = %q, want %q", me.Code, tc.code)
				}
				if me.Trace == nil {
					t.Error("mismatch carries no trace")
				}
			default:
				t.Errorf("error %T is neither RequestError nor MismatchError", err)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q does not mention %q", err, tc.mention)
			}
			if strings.Contains(err.Error(), testCreds.Secret.Reveal()) {
				t.Errorf("error %q contains the secret", err)
			}
		})
	}
}

func TestVerifyKeyRotation(t *testing.T) {
	req := signedGet(t, testTime, "service")
	keys := rotatingKeys{"AKIDEXAMPLE": {apisig.NewSecret("new-secret"), testCreds.Secret}}
	v := &aws.SigV4{Region: "us-east-1", Service: "service", Clock: apisig.FixedClock(testTime), Keys: keys}
	got, err := v.Verify(context.Background(), req)
	if err != nil {
		t.Fatalf("signature by the older secret of a rotating key: %v", err)
	}
	if got.AccessKeyID != "AKIDEXAMPLE" || !got.SignedAt.Equal(testTime) || got.Presigned {
		t.Errorf("Verified = %+v", got)
	}
}

type rotatingKeys map[string][]apisig.Secret

func (k rotatingKeys) Secrets(_ context.Context, id string) ([]apisig.Secret, error) {
	if s, ok := k[id]; ok {
		return s, nil
	}
	return nil, apisig.ErrUnknownKey
}

func TestVerifyBodyTampered(t *testing.T) {
	s := &aws.SigV4{Region: "us-east-1", Service: "s3", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	req := newRequest("PUT", "bucket.s3.amazonaws.com", "/k", "", "hello")()
	if err := s.Sign(context.Background(), req, testCreds); err != nil {
		t.Fatal(err)
	}
	req.Body = io.NopCloser(strings.NewReader("HELLO"))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("HELLO")), nil }
	_, err := s.Verify(context.Background(), req)
	var re *apisig.RequestError
	if !errors.As(err, &re) || re.Code != aws.CodeContentSHA256Mismatch || !errors.Is(err, apisig.ErrMismatch) {
		t.Fatalf("Verify = %v, want XAmzContentSHA256Mismatch", err)
	}
}

// onceReader is a body that can be read only once.
type onceReader struct{ io.Reader }

func (onceReader) Close() error { return nil }

func TestSignRejects(t *testing.T) {
	s := &aws.SigV4{Region: "us-east-1", Service: "service", Clock: apisig.FixedClock(testTime)}
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		s       *aws.SigV4
		req     func() *http.Request
		creds   apisig.Credentials
		kind    error
		mention string
	}{
		{"no credentials", s, newRequest("GET", "h", "/", "", ""), apisig.Credentials{}, apisig.ErrNoCredentials, "access key id and secret"},
		{"no region", &aws.SigV4{Service: "s3"}, newRequest("GET", "h", "/", "", ""), testCreds, apisig.ErrInvalidInput, "region"},
		{"no service", &aws.SigV4{Region: "us-east-1"}, newRequest("GET", "h", "/", "", ""), testCreds, apisig.ErrInvalidInput, "service"},
		{"body cannot be re-read", s, func() *http.Request {
			r := newRequest("POST", "h", "/", "", "")()
			r.Body = onceReader{strings.NewReader("data")}
			return r
		}, testCreds, apisig.ErrBodyNotReplayable, "GetBody"},
		{"bad query escape", s, func() *http.Request {
			r := newRequest("GET", "h", "/", "", "")()
			r.URL.RawQuery = "a=%zz"
			return r
		}, testCreds, apisig.ErrMalformed, `"a=%zz"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Sign(ctx, tc.req(), tc.creds)
			if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("Sign = %v, want %v mentioning %q", err, tc.kind, tc.mention)
			}
		})
	}
	for _, exp := range []time.Duration{0, -time.Second, aws.MaxPresignExpiry + time.Second, 1500 * time.Millisecond} {
		_, err := s.Presign(ctx, newRequest("GET", "h", "/", "", "")(), testCreds, exp)
		if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "604800") {
			t.Errorf("Presign(expires %v) = %v, want ErrInvalidInput naming the limit", exp, err)
		}
	}
	if _, err := s.Presign(ctx, newRequest("GET", "h", "/", "", "")(), testCreds, aws.MaxPresignExpiry); err != nil {
		t.Errorf("Presign(expires 7 days) = %v, want success", err)
	}
}

// TestKeyCacheKeyedBySecret checks that a changed secret under the same access key id, day,
// region and service is used at once. aws-sdk-go-v2's cache ignores the secret (PEERS.md).
func TestKeyCacheKeyedBySecret(t *testing.T) {
	ctx := context.Background()
	s := &aws.SigV4{Region: "us-east-1", Service: "service", Clock: apisig.FixedClock(testTime)}
	old := apisig.Credentials{AccessKeyID: "AKIDROTATE", Secret: apisig.NewSecret("old-secret")}
	rotated := apisig.Credentials{AccessKeyID: "AKIDROTATE", Secret: apisig.NewSecret("new-secret")}
	a := newRequest("GET", "h", "/", "", "")()
	b := newRequest("GET", "h", "/", "", "")()
	if err := s.Sign(ctx, a, old); err != nil {
		t.Fatal(err)
	}
	if err := s.Sign(ctx, b, rotated); err != nil {
		t.Fatal(err)
	}
	v := *s
	v.Keys = apisig.StaticKeys{"AKIDROTATE": rotated.Secret}
	if _, err := v.Verify(ctx, b); err != nil {
		t.Errorf("request signed with the new secret: %v", err)
	}
	if _, err := v.Verify(ctx, a); !errors.Is(err, apisig.ErrMismatch) {
		t.Errorf("request signed with the old secret: %v, want a mismatch", err)
	}
}
