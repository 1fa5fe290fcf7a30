package cos_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
	"github.com/google/go-cmp/cmp"
)

// TestVerifyLikeCOS replays the request behind the error body of Molunerfinn/PicGo#638: a PUT
// of the key "imagesresume-zh+en_页面_1.png" sent with its '+' unencoded, signed with
// q-header-list=host. Whatever the key, COS's answer shows its FormatString and StringToSign,
// and apisig's verifier must compute exactly those (the file is the body as published).
func TestVerifyLikeCOS(t *testing.T) {
	body, err := os.ReadFile("testdata/errors/picgo-638.xml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := cos.ParseError(append(body, []byte("</Error>")...))
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("PUT", "https://o2-1258123310.cos.ap-beijing.myqcloud.com/imagesresume-zh+en_%E9%A1%B5%E9%9D%A2_1.png", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "q-sign-algorithm=sha1&q-ak=AKIDEXAMPLE&q-sign-time=1615113257;1615199657&q-key-time=1615113257;1615199657&q-header-list=host&q-url-param-list=&q-signature=0000000000000000000000000000000000000000")
	v := &cos.Signer{Clock: apisig.FixedClock(time.Unix(1615113300, 0)), Keys: apisig.StaticKeys{"AKIDEXAMPLE": apisig.NewSecret("any")}}
	_, verr := v.Verify(context.Background(), req)
	if !errors.Is(verr, apisig.ErrMismatch) {
		t.Fatalf("Verify = %v, want a mismatch", verr)
	}
	status, got := cos.ErrorFor(req, verr, "NjA0NGFjMmFfZTViOTJhMDlfMjA0NDlfNzU0MzM4NQ==")
	if status != http.StatusForbidden {
		t.Errorf("status %d, want 403", status)
	}
	for _, c := range []struct{ name, got, want string }{
		{"Code", got.Code, want.Code},
		{"Message", got.Message, want.Message},
		{"StringToSign", got.StringToSign, want.StringToSign},
		{"FormatString", got.FormatString, want.FormatString},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-COS +apisig):\n%s", c.name, diff)
		}
	}
	// The layout, up to where the published quote ends: same bytes, but for the APPID the
	// reporter masked in <Resource>.
	xml := strings.Replace(string(got.XML()), "o2-1258123310.cos.ap-beijing.myqcloud.com/", "o2-00000000.cos.ap-beijing.myqcloud.com/", 1)
	if !strings.HasPrefix(xml, string(body)) {
		t.Errorf("rendered body does not start as COS's:\n%s", cmp.Diff(string(body), xml[:min(len(xml), len(body))]))
	}
}

func TestVerifyErrors(t *testing.T) {
	ctx := context.Background()
	signed := func(mod func(*http.Request)) *http.Request {
		s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
		req := newRequest("GET", bucket, "/o", "a=1", "", "X-Cos-Meta-K", "v")()
		if err := s.Sign(ctx, req, testCreds); err != nil {
			t.Fatal(err)
		}
		if mod != nil {
			mod(req)
		}
		return req
	}
	withAuth := func(f func(string) string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", f(r.Header.Get("Authorization"))) }
	}
	replace := func(old, new string) func(*http.Request) {
		return withAuth(func(a string) string { return strings.Replace(a, old, new, 1) })
	}
	start := testTime.Unix()
	v := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	for _, tc := range []struct {
		name    string
		req     *http.Request
		clock   time.Time
		kind    error
		code    string
		mention string
	}{
		{"not-signed", newRequest("GET", bucket, "/o", "", "")(), testTime, apisig.ErrNotSigned, cos.CodeAccessDenied, "no Authorization header"},
		{"algorithm-sha256", signed(replace("q-sign-algorithm=sha1", "q-sign-algorithm=sha256")), testTime, apisig.ErrMalformed, cos.CodeAccessDenied, "only sha1"},
		{"missing-signature", signed(withAuth(func(a string) string { return a[:strings.Index(a, "&q-signature")] })), testTime, apisig.ErrMalformed, "", "has no q-signature"},
		{"duplicate-ak", signed(withAuth(func(a string) string { return a + "&q-ak=x" })), testTime, apisig.ErrMalformed, "", "appears twice"},
		{"unknown-param", signed(withAuth(func(a string) string { return a + "&q-foo=1" })), testTime, apisig.ErrMalformed, "", "q-foo"},
		{"inverted-key-time", signed(replace("q-key-time="+itoa(start)+";"+itoa(start+3600), "q-key-time="+itoa(start+3600)+";"+itoa(start))), testTime, apisig.ErrMalformed, "", "inverted"},
		{"inverted-sign-time", signed(replace("q-sign-time="+itoa(start)+";"+itoa(start+3600), "q-sign-time="+itoa(start+10)+";"+itoa(start))), testTime, apisig.ErrMalformed, "", "inverted"},
		{"bad-time", signed(replace("q-sign-time="+itoa(start), "q-sign-time=x")), testTime, apisig.ErrMalformed, "", "Unix seconds"},
		{"uppercase-signature", signed(withAuth(func(a string) string {
			i := strings.Index(a, "q-signature=") + 12
			return a[:i] + strings.ToUpper(a[i:])
		})), testTime, apisig.ErrMalformed, "", "lower-case hex"},
		{"expired", signed(nil), testTime.Add(2 * time.Hour), apisig.ErrExpired, cos.CodeAccessDenied, "Request has expired"},
		{"dst-clock", signed(nil), testTime.Add(-time.Hour - 16*time.Minute), apisig.ErrSkewed, cos.CodeRequestTimeTooSkewed, "after the server time"},
		{"unknown-key", signed(replace("q-ak=AKIDQjz3", "q-ak=AKIDXXXX")), testTime, apisig.ErrUnknownKey, cos.CodeInvalidAccessKeyID, "AKIDXXXX"},
		{"unsigned-param", signed(func(r *http.Request) { r.URL.RawQuery += "&b=2" }), testTime, apisig.ErrMismatch, cos.CodeAccessDenied, `"b": is not in q-url-param-list`},
		{"unsigned-cos-header", signed(func(r *http.Request) { r.Header.Set("X-Cos-Acl", "public-read") }), testTime, apisig.ErrMismatch, cos.CodeAccessDenied, "X-Cos-Acl"},
		{"signed-header-dropped", signed(func(r *http.Request) { r.Header.Del("X-Cos-Meta-K") }), testTime, apisig.ErrMismatch, cos.CodeSignatureDoesNotMatch, "does not match"},
		{"list-names-more", signed(replace("q-url-param-list=a&", "q-url-param-list=a;b&")), testTime, apisig.ErrMismatch, cos.CodeSignatureDoesNotMatch, `q-url-param-list "b"`},
		{"tampered-value", signed(func(r *http.Request) { r.URL.RawQuery = "a=2" }), testTime, apisig.ErrMismatch, cos.CodeSignatureDoesNotMatch, "does not match"},
		{"bad-query-escape", signed(func(r *http.Request) { r.URL.RawQuery = "a=%zz" }), testTime, apisig.ErrMalformed, "", `query parameter "a=%zz"`},
		{"bad-escape-beside-token", signed(func(r *http.Request) { r.URL.RawQuery = "x-cos-security-token=SessionToken123&a=%zz" }), testTime, apisig.ErrMalformed, "", `query parameter "a=%zz"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vv := *v
			vv.Clock = apisig.FixedClock(tc.clock)
			_, err := vv.Verify(ctx, tc.req)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("Verify = %v, want %v", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("Verify = %v, want it to mention %q", err, tc.mention)
			}
			if tc.code != "" {
				var re *apisig.RequestError
				var mm *apisig.MismatchError
				switch {
				case errors.As(err, &re) && re.Code != tc.code:
					t.Errorf("code %s, want %s", re.Code, tc.code)
				case errors.As(err, &mm) && mm.Code != tc.code:
					t.Errorf("code %s, want %s", mm.Code, tc.code)
				}
			}
			if strings.Contains(err.Error(), testCreds.Secret.Reveal()) || strings.Contains(err.Error(), "SessionToken123") {
				t.Error("error text contains the secret or the session token")
			}
			status, body := cos.ErrorResponse(tc.req, err, "req-1")
			if status != http.StatusForbidden {
				t.Errorf("status %d, want 403", status)
			}
			e, perr := cos.ParseError(body)
			if perr != nil {
				t.Fatalf("ParseError(ErrorResponse): %v\n%s", perr, body)
			}
			if tc.kind == apisig.ErrExpired && e.Message != cos.MessageExpired {
				t.Errorf("message %q, want %q", e.Message, cos.MessageExpired)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestVerifyPresignedForms checks the presigned forms: q-* parameters with the values
// percent-encoded as the SDK writes them, and the whole Authorization merged into "sign".
func TestVerifyPresignedForms(t *testing.T) {
	ctx := context.Background()
	s := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	req := newRequest("GET", bucket, "/o b", "x=1", "")()
	p, err := s.Presign(ctx, req, testCreds, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.URL.RawQuery, "q-sign-time="+itoa(testTime.Unix())+"%3B") {
		t.Errorf("presigned query %q: want q-sign-time's ';' as %%3B", p.URL.RawQuery)
	}
	get := func(u string) *http.Request {
		r, err := http.NewRequest("GET", u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if _, err := s.Verify(ctx, get(p.URL.String())); err != nil {
		t.Fatalf("q-* form: %v", err)
	}
	// Merged: sign=<the header value, encodeURIComponent'd>.
	hdr := req.Clone(ctx)
	if err := s.Sign(ctx, hdr, testCreds); err != nil {
		t.Fatal(err)
	}
	merged := *hdr.URL
	merged.RawQuery += "&sign=" + strings.NewReplacer(";", "%3B", "&", "%26", "=", "%3D").Replace(hdr.Header.Get("Authorization"))
	if _, err := s.Verify(ctx, get(merged.String())); err != nil {
		t.Fatalf("sign= form: %v", err)
	}
	// An expired presigned URL.
	late := *s
	late.Clock = apisig.FixedClock(testTime.Add(61 * time.Minute))
	if _, err := late.Verify(ctx, get(p.URL.String())); !errors.Is(err, apisig.ErrExpired) {
		t.Errorf("expired presign: %v", err)
	}
}

func TestSignRejects(t *testing.T) {
	ctx := context.Background()
	req := newRequest("GET", bucket, "/", "", "")
	for _, tc := range []struct {
		name  string
		s     cos.Signer
		creds apisig.Credentials
		kind  error
	}{
		{"no-credentials", cos.Signer{}, apisig.Credentials{}, apisig.ErrNoCredentials},
		{"ak-with-ampersand", cos.Signer{}, apisig.Credentials{AccessKeyID: "a&b", Secret: apisig.NewSecret("s")}, apisig.ErrInvalidInput},
		{"fractional-expiry", cos.Signer{Expiry: 1500 * time.Millisecond}, testCreds, apisig.ErrInvalidInput},
		{"negative-expiry", cos.Signer{Expiry: -time.Second}, testCreds, apisig.ErrInvalidInput},
	} {
		if err := tc.s.Sign(ctx, req(), tc.creds); !errors.Is(err, tc.kind) {
			t.Errorf("%s: Sign = %v, want %v", tc.name, err, tc.kind)
		}
	}
	bad := req()
	bad.URL.RawQuery = "a=%G1"
	s := &cos.Signer{}
	if err := s.Sign(ctx, bad, testCreds); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "%G1") {
		t.Errorf("malformed query: Sign = %v", err)
	}
	if _, err := s.Presign(ctx, req(), testCreds, 0); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("Presign(0) = %v", err)
	}
}

// TestTraceRedactsToken checks that a session token appears in no trace step's text.
func TestTraceRedactsToken(t *testing.T) {
	creds := testCreds
	creds.SessionToken = apisig.NewSecret("tok/en+=1")
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	tr, err := s.Explain(context.Background(), newRequest("GET", bucket, "/", "", "")(), creds)
	if err != nil {
		t.Fatal(err)
	}
	text := tr.String()
	for _, leak := range []string{"tok/en+=1", "tok%2Fen%2B%3D1", "tok%2fen%2b%3d1", testCreds.Secret.Reveal()} {
		if strings.Contains(text, leak) {
			t.Errorf("trace contains %q:\n%s", leak, text)
		}
	}
}

// TestExplainPresignEqualsPresign checks that ExplainPresign places exactly what Presign does
// and that its trace's signature is the one in the URL.
func TestExplainPresignEqualsPresign(t *testing.T) {
	ctx := context.Background()
	creds := testCreds
	creds.SessionToken = apisig.NewSecret("tok")
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	req := newRequest("PUT", bucket, "/a b+c", "x=1", "", "Content-Type", "text/plain")
	p, err := s.Presign(ctx, req(), creds, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	q, tr, err := s.ExplainPresign(ctx, req(), creds, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if p.URL.String() != q.URL.String() || !p.Expires.Equal(q.Expires) || len(p.Header) != len(q.Header) {
		t.Errorf("ExplainPresign %v, Presign %v", q, p)
	}
	sig, _ := tr.Find(apisig.StepSignature)
	if !strings.HasSuffix(p.URL.RawQuery, "&q-signature="+sig) {
		t.Errorf("trace signature %s is not the URL's %s", sig, p.URL.RawQuery)
	}
	if !strings.Contains(p.URL.RawQuery, "x-cos-security-token=tok&") || strings.Contains(tr.String(), "tok&") {
		t.Errorf("token: URL %s; trace must redact it", p.URL.RawQuery)
	}
	if got := p.Header.Get("Content-Type"); got != "text/plain" {
		t.Errorf("Presigned.Header Content-Type = %q", got)
	}
}
