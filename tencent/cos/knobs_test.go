package cos_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
)

// TestKnobs checks that each knob value changes the stage it names in the way its rule
// describes. Expectations are the rules' own definitions (e.g. "a space is written '+'"),
// applied by hand to the request.
func TestKnobs(t *testing.T) {
	start := strconv.FormatInt(testTime.Unix(), 10)
	hourEarlier := strconv.FormatInt(testTime.Unix()-3600, 10)
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		step        string // trace step name
		want        string // substring the step must contain after the change
		wantDefault string // substring it contains with the knob at its default
	}{
		{"path", "encoded", newRequest("GET", bucket, "/a b/腾", "", ""), "path", "/a%20b/%E8%85%BE", "/a b/腾"},
		{"path", "plus-as-space", newRequest("GET", bucket, "/a+b", "", ""), "path", "/a b", "/a+b"},
		{"header-set", "no-content", newRequest("PUT", bucket, "/o", "", "", "Content-Type", "text/plain", "X-Cos-Acl", "private"), "HeaderList", "host;x-cos-acl", "content-type;host;x-cos-acl"},
		{"header-set", "host-only", newRequest("GET", bucket, "/o", "", "", "Range", "bytes=0-1", "X-Cos-Acl", "private"), "HeaderList", "host;x-cos-acl", "host;range;x-cos-acl"},
		{"encoding-set", "js-component", newRequest("GET", bucket, "/", "k=a*(b)!", ""), "HttpParameters", "k=a*(b)!", "k=a%2A%28b%29%21"},
		{"encoding-set", "keep-slash", newRequest("GET", bucket, "/", "prefix=a/b", ""), "HttpParameters", "prefix=a/b", "prefix=a%2Fb"},
		{"lowercase", "all", newRequest("GET", bucket, "/", "prefix=a/B", ""), "HttpParameters", "prefix=a%2fb", "prefix=a%2FB"},
		{"lowercase", "none", newRequest("GET", bucket, "/", "Prefix=x&%C3%A9=1", ""), "UrlParamList", "%C3%A9;Prefix", "%c3%a9;prefix"},
		{"space", "+", newRequest("GET", bucket, "/", "k=a+b", ""), "HttpParameters", "k=a+b", "k=a%20b"},
		{"header-value", "as-given", newRequest("GET", bucket, "/", "", "", "X-Cos-Meta-A", " a "), "HttpHeaders", "x-cos-meta-a=%20a%20", "x-cos-meta-a=a"},
		{"header-value", "trimall", newRequest("GET", bucket, "/", "", "", "X-Cos-Meta-A", "a   b"), "HttpHeaders", "x-cos-meta-a=a%20b", "x-cos-meta-a=a%20%20%20b"},
		{"time-offset", "-1h", newRequest("GET", bucket, "/", "", ""), "StringToSign", "sha1\n" + hourEarlier + ";", "sha1\n" + start + ";"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			step := func(s *cos.Signer) string {
				tr, err := s.Explain(context.Background(), tc.req(), testCreds)
				if err != nil {
					t.Fatal(err)
				}
				v, ok := tr.Lookup(tc.step)
				if !ok {
					t.Fatalf("trace has no step %q", tc.step)
				}
				return v
			}
			right := &cos.Signer{Clock: apisig.FixedClock(testTime)}
			wrong := *right
			if err := wrong.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			if got := step(&wrong); !strings.Contains(got, tc.want) {
				t.Errorf("with %s=%s, %s = %q; want it to contain %q", tc.knob, tc.value, tc.step, got, tc.want)
			}
			if got := step(right); !strings.Contains(got, tc.wantDefault) {
				t.Errorf("by default, %s = %q; want it to contain %q", tc.step, got, tc.wantDefault)
			}
		})
	}
}

// TestWirePathKnob checks the F01 transport mistake: the signature covers the object key, but
// the path sent decodes (as COS decodes it, '+' as a space) to another key, so a correct
// verifier answers SignatureDoesNotMatch with a FormatString whose path line differs. A space
// sent as '+' is no mistake at COS: it decodes back to the space that was signed.
func TestWirePathKnob(t *testing.T) {
	ctx := context.Background()
	verifier := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	for _, tc := range []struct {
		value, path, wire, serverPath string
	}{
		{"plus-literal", "/resume-zh+en.png", "/resume-zh+en.png", "/resume-zh en.png"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
			req := newRequest("PUT", bucket, tc.path, "", "")()
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			if _, err := verifier.Verify(ctx, req); err != nil {
				t.Fatalf("correctly sent: %v", err)
			}
			if err := s.SetKnob("wire-path", tc.value); err != nil {
				t.Fatal(err)
			}
			req = newRequest("PUT", bucket, tc.path, "", "")()
			if err := s.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			if got := req.URL.EscapedPath(); got != tc.wire {
				t.Errorf("wire path = %q, want %q", got, tc.wire)
			}
			_, err := verifier.Verify(ctx, req)
			var mm *apisig.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("Verify = %v, want a mismatch", err)
			}
			if fs, _ := mm.Trace.Lookup("HttpString"); !strings.HasPrefix(fs, "put\n"+tc.serverPath+"\n") {
				t.Errorf("server FormatString = %q, want path %q", fs, tc.serverPath)
			}
		})
	}
	t.Run("space-sent-as-plus", func(t *testing.T) {
		s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
		req := newRequest("PUT", bucket, "/a b", "", "")()
		if err := s.Sign(ctx, req, testCreds); err != nil {
			t.Fatal(err)
		}
		req.URL.Path, req.URL.RawPath = "/a+b", "/a+b"
		if _, err := verifier.Verify(ctx, req); err != nil {
			t.Errorf("a space sent as '+': %v, want it accepted (COS decodes '+' as a space)", err)
		}
	})
}

// TestSignKeyKnob checks F02: the string to sign is unchanged; the signature is the HMAC keyed
// by SignKey's raw 20 bytes instead of its hex text, and a correct verifier rejects it.
func TestSignKeyKnob(t *testing.T) {
	ctx := context.Background()
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	if err := s.SetKnob("sign-key", "raw"); err != nil {
		t.Fatal(err)
	}
	req := newRequest("GET", bucket, "/o", "", "")()
	tr, err := s.Explain(ctx, req, testCreds)
	if err != nil {
		t.Fatal(err)
	}
	sts, _ := tr.Lookup("StringToSign")
	key, _ := tr.Step(apisig.StepKey)
	raw, err := hex.DecodeString(key.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha1.New, raw)
	m.Write([]byte(sts))
	if sig, _ := tr.Find(apisig.StepSignature); sig != hex.EncodeToString(m.Sum(nil)) {
		t.Errorf("signature %s is not HMAC-SHA1(raw SignKey, StringToSign)", sig)
	}
	verifier := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	if _, err := verifier.Verify(ctx, req); !errors.Is(err, apisig.ErrMismatch) {
		t.Errorf("Verify = %v, want a mismatch", err)
	}
}

// TestStrictBucket checks F03: a signature that leaves Content-Type out verifies at a normal
// bucket and is refused by one that requires it.
func TestStrictBucket(t *testing.T) {
	ctx := context.Background()
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	if err := s.SetKnob("header-set", "no-content"); err != nil {
		t.Fatal(err)
	}
	req := newRequest("PUT", bucket, "/o", "", "", "Content-Type", "text/plain")()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	normal := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
	if _, err := normal.Verify(ctx, req); err != nil {
		t.Fatalf("normal bucket: %v", err)
	}
	strict := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys, RequireSigned: []string{"host", "content-type", "content-length"}}
	_, err := strict.Verify(ctx, req)
	var re *apisig.RequestError
	if !errors.As(err, &re) || re.Value != "content-type" || re.Code != cos.CodeAccessDenied {
		t.Errorf("strict bucket: Verify = %v, want AccessDenied naming content-type", err)
	}
}

func TestSetKnobRejects(t *testing.T) {
	s := &cos.Signer{}
	for _, tc := range []struct{ name, value, mention string }{
		{"no-such-knob", "x", "sign-key"},
		{"sign-key", "HEX", "[hex, raw]"},
		{"path", "raw", "[decoded, encoded, plus-as-space]"},
		{"space", "%2B", "[%20, +]"},
		{"time-offset", "1.5s", "whole number of seconds"},
		{"time-offset", "yesterday", "Go duration"},
	} {
		err := s.SetKnob(tc.name, tc.value)
		if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("SetKnob(%q, %q) = %v, want ErrInvalidInput mentioning %q", tc.name, tc.value, err, tc.mention)
		}
	}
	if n := len(s.Knobs()); n != 9 {
		t.Errorf("%d knobs, want 9", n)
	}
	for _, k := range s.Knobs() {
		if len(k.Mistakes) == 0 || k.Doc == "" {
			t.Errorf("knob %s has no catalogue id or no doc", k.Name)
		}
		if k.Values != nil {
			if err := s.SetKnob(k.Name, k.Values[0]); err != nil {
				t.Errorf("SetKnob(%s, default %s): %v", k.Name, k.Values[0], err)
			}
		}
	}
	if s.Dialect != (cos.Dialect{}) {
		t.Errorf("setting every knob to its first value left %+v, want the zero Dialect", s.Dialect)
	}
}

// TestSignContentLength checks that the option signs the length net/http will send, and that
// a strict bucket then accepts the upload.
func TestSignContentLength(t *testing.T) {
	ctx := context.Background()
	s := &cos.Signer{Clock: apisig.FixedClock(testTime), SignContentLength: true}
	req := newRequest("PUT", bucket, "/o", "", "ObjectContent", "Content-Type", "text/plain")()
	if err := s.Sign(ctx, req, testCreds); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("Content-Length"); got != "13" {
		t.Errorf("Content-Length header %q, want 13", got)
	}
	if a := req.Header.Get("Authorization"); !strings.Contains(a, "q-header-list=content-length;content-type;host&") {
		t.Errorf("Authorization %s: want content-length signed", a)
	}
	strict := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys, RequireSigned: []string{"host", "content-type", "content-length"}}
	if _, err := strict.Verify(ctx, req); err != nil {
		t.Errorf("strict bucket: %v", err)
	}
	get := newRequest("GET", bucket, "/o", "", "")()
	if err := s.Sign(ctx, get, testCreds); err != nil {
		t.Fatal(err)
	}
	if v := get.Header.Get("Content-Length"); v != "" {
		t.Errorf("a GET without a body got Content-Length %q", v)
	}
}
