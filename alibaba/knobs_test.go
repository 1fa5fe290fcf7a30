package alibaba_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

func fixedNonce(n string) apisig.NonceSource {
	return apisig.NonceFunc(func() (string, error) { return n, nil })
}

// TestRPCKnobs checks that each knob value changes the stage it names in the way its rule
// describes. Expectations are the rules' own definitions (e.g. "a space is written '+'"),
// applied by hand to the request.
func TestRPCKnobs(t *testing.T) {
	get := func(q string) func() *http.Request { return newRequest("GET", "ecs.aliyuncs.com", "/", q, "") }
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		step        string // trace step name
		want        string // substring the step must contain after the change
		wantDefault string // substring it contains with the knob at its default
	}{
		{"encoding-set", "js-component", get("A=%21%27%28%29%2A"), "canonicalized query string", "A=!'()*", "A=%21%27%28%29%2A"},
		{"encoding-set", "java-urlencoder", get("A=%2A%7E"), "canonicalized query string", "A=*%7E", "A=%2A~"},
		{"space", "+", get("A=a%20b"), "canonicalized query string", "A=a+b", "A=a%20b"},
		{"star", "*", get("A=%2A"), "canonicalized query string", "A=*", "A=%2A"},
		{"tilde", "%7E", get("A=~"), "canonicalized query string", "A=%7E", "A=~"},
		{"hex-case", "lower", get("A=%2F"), "canonicalized query string", "A=%2f", "A=%2F"},
		{"hex-case", "lower", get("A=1"), "string to sign", "GET&%2f&", "GET&%2F&"},
		{"query-sort", "encoded", get("%C3%A4=1&%5B=2&a=3"), "canonicalized query string", "%5B=2&%C3%A4=1&AccessKeyId", "00Z&%5B=2&a=3&%C3%A4=1"},
		{"query-sort", "none", get("b=1&a=2"), "canonicalized query string", "b=1&a=2&AccessKeyId", "a=2&b=1"},
		{"sts-query-encoding", "raw", get("A=1"), "string to sign", "GET&%2F&A=1&AccessKeyId=", "GET&%2F&A%3D1%26AccessKeyId%3D"},
		{"timestamp-name", "TimeStamp", get("A=1"), "canonicalized query string", "&TimeStamp=2026-11-23T09%3A30%3A00Z", "&Timestamp=2026-11-23T09%3A30%3A00Z"},
		{"timestamp-zone", "beijing-as-utc", get("A=1"), "canonicalized query string", "Timestamp=2026-11-23T17%3A30%3A00Z", "Timestamp=2026-11-23T09%3A30%3A00Z"},
		{"key", "secret", get("A=1"), "HMAC key = AccessKeySecret", "", ""},
		{"digest", "hex", get("A=1"), "signature = hex(HMAC-SHA1(key, string to sign))", "", ""},
		{"digest", "base64-of-hex", get("A=1"), "signature = base64(hex(HMAC-SHA1(key, string to sign)))", "", ""},
		{"trailing-newline", "newline", get("A=1"), "signature = base64(HMAC-SHA1(key, string to sign)) + \"\\n\"", "\n", ""},
		{"signature-url-encoding", "twice", get("A=1"), "Signature query parameter", "%25", ""},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			ctx := context.Background()
			step := func(s *alibaba.RPC, name string) (string, bool) {
				tr, err := s.Explain(ctx, tc.req(), testCreds)
				if err != nil {
					t.Fatal(err)
				}
				return tr.Lookup(name)
			}
			right := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n")}
			wrong := *right
			if err := wrong.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			got, ok := step(&wrong, tc.step)
			if !ok {
				t.Fatalf("trace has no step %q", tc.step)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("with %s=%s, %s = %q; want it to contain %q", tc.knob, tc.value, tc.step, got, tc.want)
			}
			if tc.wantDefault != "" {
				if got, _ := step(right, tc.step); !strings.Contains(got, tc.wantDefault) {
					t.Errorf("by default, %s = %q; want it to contain %q", tc.step, got, tc.wantDefault)
				}
			}
			// A correct verifier rejects what the wrong dialect signed.
			req := tc.req()
			if err := wrong.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			v := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Keys: testKeys, Replay: &apisig.MemoryReplay{Clock: apisig.FixedClock(testTime)}}
			if _, err := v.Verify(ctx, req); err == nil {
				t.Errorf("a correct verifier accepts what %s=%s signed", tc.knob, tc.value)
			}
		})
	}
}

// TestRPCKeyKnob checks C01 on the published example: the same string to sign, keyed with the
// secret alone, gives another signature.
func TestRPCKeyKnob(t *testing.T) {
	s := &alibaba.RPC{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n")}
	right, _ := s.Explain(context.Background(), newRequest("GET", "h", "/", "A=1", "")(), testCreds)
	if err := s.SetKnob("key", "secret"); err != nil {
		t.Fatal(err)
	}
	wrong, _ := s.Explain(context.Background(), newRequest("GET", "h", "/", "A=1", "")(), testCreds)
	a, _ := right.Find(apisig.StepStringToSign)
	b, _ := wrong.Find(apisig.StepStringToSign)
	sa, _ := right.Find(apisig.StepSignature)
	sb, _ := wrong.Find(apisig.StepSignature)
	k, _ := wrong.Step(apisig.StepKey)
	if a != b || sa == sb || k.Reveal() != testCreds.Secret.Reveal() {
		t.Errorf("key=secret: want the same string to sign, another signature, key = the secret")
	}
}

func TestACS3Knobs(t *testing.T) {
	req := func(path, q string) func() *http.Request {
		return newRequest("POST", "ecs.aliyuncs.com", path, q, "body", "x-acs-action", "  A   b ")
	}
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		step, want  string
	}{
		{"key", "secret&", req("/", ""), "HMAC key = AccessKeySecret + \"&\"", ""},
		{"encoding-set", "js-component", req("/", "a=%2A%28"), "canonical query string", "a=*("},
		{"space", "+", req("/a b", "a=b%20c"), "canonical query string", "a=b+c"},
		{"space", "+", req("/a b", ""), "canonical URI", "/a+b"},
		{"hex-case", "lower", req("/ä", ""), "canonical URI", "/%c3%a4"},
		{"query-sort", "raw", req("/", "%5B=2&A=1"), "canonical query string", "A=1&%5B=2"},
		{"header-value", "none", req("/", ""), "canonical headers", "x-acs-action:  A   b \n"},
		{"header-value", "trimall", req("/", ""), "canonical headers", "x-acs-action:A b\n"},
		{"payload-hash", "empty", req("/", ""), "hashed request payload", alibaba.EmptyPayloadHash},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			s := &alibaba.ACS3{Clock: apisig.FixedClock(testTime), Nonce: fixedNonce("n")}
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			tr, err := s.Explain(context.Background(), tc.req(), testCreds)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := tr.Lookup(tc.step)
			if !ok {
				t.Fatalf("trace has no step %q", tc.step)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s = %q; want it to contain %q", tc.step, got, tc.want)
			}
		})
	}
}

func TestSetKnobRejects(t *testing.T) {
	for _, tc := range []struct {
		s                    apisig.Tunable
		name, value, mention string
	}{
		{&alibaba.RPC{}, "no-such-knob", "x", "timestamp-name"},
		{&alibaba.RPC{}, "key", "secret&&", "[secret&, secret]"},
		{&alibaba.RPC{}, "digest", "base32", "[base64, hex, base64-of-hex]"},
		{&alibaba.ACS3{}, "key", "x", "[secret, secret&]"},
		{&alibaba.ACS3{}, "nope", "x", "payload-hash"},
	} {
		err := tc.s.SetKnob(tc.name, tc.value)
		if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("SetKnob(%q, %q) = %v, want ErrInvalidInput listing %q", tc.name, tc.value, err, tc.mention)
		}
	}
	// Every knob names the mistakes it reproduces, except the one the catalogue lacks.
	for _, k := range (&alibaba.RPC{}).Knobs() {
		if len(k.Values) < 2 || k.Doc == "" || (len(k.Mistakes) == 0 && k.Name != "sts-query-encoding") {
			t.Errorf("knob %s is incomplete: %+v", k.Name, k)
		}
	}
}
