package oss_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
)

const host = "examplebucket.oss-cn-hangzhou.aliyuncs.com"

// TestKnobsV1 checks that each V1 knob value changes the string to sign (or the placement) the
// way its rule describes. Expectations are the rules' own definitions applied by hand.
func TestKnobsV1(t *testing.T) {
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		presign     bool
		want        string // substring of the string to sign (or the placement) after the change
		wantDefault string // substring with the knob at its default
	}{
		{"content-type", "empty", newRequest("PUT", host, "/k", "", "", "Content-Type", "text/plain"), false, "PUT\n\n\n", "PUT\n\ntext/plain\n"},
		{"resource-bucket", "omit", newRequest("GET", host, "/k", "", ""), false, "\n/k", "\n/examplebucket/k"},
		{"resource-bucket", "include", newRequest("GET", "oss-cn-hangzhou.aliyuncs.com", "/", "", ""), false, "GMT\n//", "GMT\n/"},
		{"resource-key", "escaped", newRequest("GET", host, "/a b+c", "", ""), false, "/examplebucket/a%20b%2Bc", "/examplebucket/a b+c"},
		{"resource-key", "plus-as-space", newRequest("GET", host, "/a+b", "", ""), false, "/examplebucket/a b", "/examplebucket/a+b"},
		{"sub-resource-values", "as-sent", newRequest("GET", host, "/k", "response-content-disposition=a%20b", ""), false, "?response-content-disposition=a%20b", "?response-content-disposition=a b"},
		{"date-format", "iso8601", newRequest("GET", host, "/k", "", ""), false, "\n2026-11-23T09:30:00Z\n", "\nMon, 23 Nov 2026 09:30:00 GMT\n"},
		{"method", "HEAD", newRequest("GET", host, "/k", "", ""), false, "HEAD\n", "GET\n"},
		{"expires-unit", "milliseconds", newRequest("GET", host, "/k", "", ""), true, "\n1795426800000\n", "\n1795426800\n"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			sts := func(s *oss.V1) string {
				var tr *apisig.Trace
				var err error
				if tc.presign {
					_, tr, err = s.ExplainPresign(context.Background(), tc.req(), testCreds, 10*time.Minute)
				} else {
					tr, err = s.Explain(context.Background(), tc.req(), testCreds)
				}
				if err != nil {
					t.Fatal(err)
				}
				v, _ := tr.Find(apisig.StepStringToSign)
				return v
			}
			def := &oss.V1{Clock: apisig.FixedClock(testTime)}
			if got := sts(def); !strings.Contains(got, tc.wantDefault) {
				t.Fatalf("default string to sign %q does not contain %q", got, tc.wantDefault)
			}
			s := &oss.V1{Clock: apisig.FixedClock(testTime)}
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			if got := sts(s); !strings.Contains(got, tc.want) {
				t.Errorf("%s=%s: string to sign %q does not contain %q", tc.knob, tc.value, got, tc.want)
			}
		})
	}
}

// TestSignatureEncoding checks D04: a header signature is never URL-encoded and a URL
// signature always is; the knob does the opposite.
func TestSignatureEncoding(t *testing.T) {
	creds := apisig.Credentials{AccessKeyID: "ak", Secret: apisig.NewSecret("sk")}
	// From the aliyun-oss-go-sdk TestAuthV1Query vector: the signature has a '+' and a '='.
	req := func() *http.Request {
		r, _ := http.NewRequest("GET", "http://bucket.oss-cn-hangzhou.aliyuncs.com/key?versionId=versionId", nil)
		return r
	}
	clock := apisig.FixedClock(time.Unix(1699807420-60, 0))
	s := &oss.V1{Clock: clock}
	p, err := s.Presign(context.Background(), req(), creds, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.URL.RawQuery, "Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D") {
		t.Errorf("URL signature not escaped: %s", p.URL.RawQuery)
	}
	_ = s.SetKnob("signature-encoding", "raw")
	p, _ = s.Presign(context.Background(), req(), creds, time.Minute)
	if !strings.Contains(p.URL.RawQuery, "Signature=dcLTea+Yh9ApirQ8o8dOPqtvJXQ=") {
		t.Errorf("signature-encoding=raw: %s", p.URL.RawQuery)
	}
	h := &oss.V1{Clock: clock}
	_ = h.SetKnob("signature-encoding", "escaped")
	r := req()
	if err := h.Sign(context.Background(), r, creds); err != nil {
		t.Fatal(err)
	}
	if a := r.Header.Get("Authorization"); !strings.Contains(a, "%") {
		t.Errorf("signature-encoding=escaped: Authorization %q is not escaped", a)
	}
	h.Keys = apisig.StaticKeys{"ak": creds.Secret}
	if _, err := h.Verify(context.Background(), r); !errors.Is(err, apisig.ErrMalformed) || !strings.Contains(err.Error(), "percent-encoded") {
		t.Errorf("Verify of an escaped header signature: %v, want ErrMalformed naming the escaping", err)
	}
}

func TestKnobsV4(t *testing.T) {
	for _, tc := range []struct {
		knob, value string
		s           oss.V4
		req         func() *http.Request
		step        apisig.StepKind
		want        string
		wantDefault string
	}{
		{"content-type", "unsigned", oss.V4{}, newRequest("PUT", host, "/k", "", "", "Content-Type", "text/plain"), apisig.StepCanonicalRequest, "\n\nUNSIGNED-PAYLOAD", "content-type:text/plain\n"},
		{"uri-slash", "escaped", oss.V4{}, newRequest("GET", host, "/a/b", "", ""), apisig.StepCanonicalRequest, "GET\n%2Fexamplebucket%2Fa%2Fb\n", "GET\n/examplebucket/a/b\n"},
		{"scope-region", "oss-cn-hangzhou", oss.V4{}, newRequest("GET", host, "/k", "", ""), apisig.StepStringToSign, "/oss-cn-hangzhou/oss/aliyun_v4_request", "/cn-hangzhou/oss/aliyun_v4_request"},
		{"scope-product", "s3", oss.V4{}, newRequest("GET", host, "/k", "", ""), apisig.StepStringToSign, "/cn-hangzhou/s3/aliyun_v4_request", "/cn-hangzhou/oss/aliyun_v4_request"},
		{"additional-headers", "listed", oss.V4{AdditionalHeaders: []string{"x-absent"}}, newRequest("GET", host, "/k", "", ""), apisig.StepCanonicalRequest, "\nx-absent:\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261123T093000Z\n\nx-absent\n", "\n\n\nUNSIGNED-PAYLOAD"},
		{"method", "HEAD", oss.V4{}, newRequest("GET", host, "/k", "", ""), apisig.StepCanonicalRequest, "HEAD\n", "GET\n"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			get := func(s *oss.V4) string {
				tr, err := s.Explain(context.Background(), tc.req(), testCreds)
				if err != nil {
					t.Fatal(err)
				}
				st, _ := tr.Step(tc.step)
				return st.Reveal()
			}
			def := tc.s
			def.Region, def.Clock = "cn-hangzhou", apisig.FixedClock(testTime)
			if got := get(&def); !strings.Contains(got, tc.wantDefault) {
				t.Fatalf("default %q does not contain %q", got, tc.wantDefault)
			}
			s := def
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			if got := get(&s); !strings.Contains(got, tc.want) {
				t.Errorf("%q does not contain %q", got, tc.want)
			}
		})
	}
}

// TestKeyPrefixKnob checks that key-prefix=none changes the signature and nothing else.
func TestKeyPrefixKnob(t *testing.T) {
	a := &oss.V4{Region: "cn-hangzhou", Clock: apisig.FixedClock(testTime)}
	b := *a
	if err := b.SetKnob("key-prefix", "none"); err != nil {
		t.Fatal(err)
	}
	ta, _ := a.Explain(context.Background(), newRequest("GET", host, "/k", "", "")(), testCreds)
	tb, _ := b.Explain(context.Background(), newRequest("GET", host, "/k", "", "")(), testCreds)
	sa, _ := ta.Find(apisig.StepStringToSign)
	sb, _ := tb.Find(apisig.StepStringToSign)
	ga, _ := ta.Find(apisig.StepSignature)
	gb, _ := tb.Find(apisig.StepSignature)
	if sa != sb || ga == gb {
		t.Errorf("key-prefix=none: string to sign changed (%v) or signature unchanged (%v)", sa != sb, ga == gb)
	}
}

func TestSetKnobErrors(t *testing.T) {
	for _, s := range []apisig.Tunable{&oss.V1{}, &oss.V4{}} {
		if err := s.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "content-type") {
			t.Errorf("%T unknown knob: %v", s, err)
		}
		if err := s.SetKnob("content-type", "maybe"); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%T unknown value: %v", s, err)
		}
		for _, k := range s.Knobs() {
			if k.Doc == "" || len(k.Mistakes) == 0 {
				t.Errorf("%T knob %s has no doc or no mistake id", s, k.Name)
			}
			if len(k.Values) > 0 {
				if err := s.SetKnob(k.Name, k.Values[0]); err != nil {
					t.Errorf("%T knob %s default: %v", s, k.Name, err)
				}
			}
		}
	}
}
