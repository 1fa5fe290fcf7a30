package aws_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// TestKnobs checks that each knob value changes the stage it names in the way its rule
// describes, and only there. Expectations are the rules' own definitions (e.g. "a space is
// written '+'"), applied by hand to the request.
func TestKnobs(t *testing.T) {
	withToken := testCreds
	withToken.SessionToken = apisig.NewSecret("tok")
	for _, tc := range []struct {
		knob, value string
		service     string
		req         func() *http.Request
		creds       apisig.Credentials
		step        string // trace step name
		want        string // substring the step must contain after the change
		wantDefault string // substring it contains with the knob at its default
	}{
		{"hex-case", "lower", "service", newRequest("GET", "h", "/ä", "", ""), testCreds, "canonical URI", "/%25c3%25a4", "/%25C3%25A4"},
		{"space", "+", "service", newRequest("GET", "h", "/", "a=b+c", ""), testCreds, "canonical query string", "a=b+c", "a=b%20c"},
		{"encoding-set", "js-component", "service", newRequest("GET", "h", "/", "a=%2A%28%29", ""), testCreds, "canonical query string", "a=*()", "a=%2A%28%29"},
		{"encoding-set", "go-path", "service", newRequest("GET", "h", "/", "a=%24%3A", ""), testCreds, "canonical query string", "a=$:", "a=%24%3A"},
		{"path-encoding", "once", "service", newRequest("GET", "h", "/a b", "", ""), testCreds, "canonical URI", "/a%20b", "/a%2520b"},
		{"path-encoding", "twice", "s3", newRequest("GET", "h", "/a b", "", ""), testCreds, "canonical URI", "/a%2520b", "/a%20b"},
		{"path-normalization", "off", "service", newRequest("GET", "h", "/a/../b", "", ""), testCreds, "canonical URI", "/a/../b", "/b"},
		{"path-normalization", "on", "s3", newRequest("GET", "h", "/a//b", "", ""), testCreds, "canonical URI", "/a/b", "/a//b"},
		{"query-sort", "raw", "service", newRequest("GET", "h", "/", "%5B=2&A=1", ""), testCreds, "canonical query string", "A=1&%5B=2", "%5B=2&A=1"},
		{"query-sort", "none", "service", newRequest("GET", "h", "/", "b=1&a=2", ""), testCreds, "canonical query string", "b=1&a=2", "a=2&b=1"},
		{"query-sort", "joined", "service", newRequest("GET", "h", "/", "a=2&a-b=1", ""), testCreds, "canonical query string", "a-b=1&a=2", "a=2&a-b=1"},
		{"valueless-query", "k", "service", newRequest("GET", "h", "/", "uploads", ""), testCreds, "canonical query string", "uploads", "uploads="},
		{"repeated-query", "join-comma", "service", newRequest("GET", "h", "/", "a=1&a=2", ""), testCreds, "canonical query string", "a=1%2C2", "a=1&a=2"},
		{"repeated-query", "first", "service", newRequest("GET", "h", "/", "a=2&a=1", ""), testCreds, "canonical query string", "a=2", "a=1&a=2"},
		{"repeated-query", "last", "service", newRequest("GET", "h", "/", "a=2&a=1", ""), testCreds, "canonical query string", "a=1", "a=1&a=2"},
		{"header-value", "trim", "service", newRequest("GET", "h", "/", "", "", "X-A", " a   b "), testCreds, "canonical headers", "x-a:a   b\n", "x-a:a b\n"},
		{"header-value", "none", "service", newRequest("GET", "h", "/", "", "", "X-A", "a   b"), testCreds, "canonical headers", "x-a:a   b\n", "x-a:a b\n"},
		{"header-value", "replace-once", "service", newRequest("GET", "h", "/", "", "", "X-A", "a   b"), testCreds, "canonical headers", "x-a:a  b\n", "x-a:a b\n"},
		{"host-port", "add-default", "service", newRequest("GET", "h.example", "/", "", ""), testCreds, "canonical headers", "host:h.example:443\n", "host:h.example\n"},
		{"host-port", "strip-default", "service", newRequest("GET", "h.example:443", "/", "", ""), testCreds, "canonical headers", "host:h.example\n", "host:h.example:443\n"},
		{"host-port", "strip-default", "service", newRequest("GET", "h.example:8443", "/", "", ""), testCreds, "canonical headers", "host:h.example:8443\n", "host:h.example:8443\n"},
		{"host-port", "strip", "service", newRequest("GET", "h.example:9000", "/", "", ""), testCreds, "canonical headers", "host:h.example\n", "host:h.example:9000\n"},
		{"scope-region", "us_east_1", "service", newRequest("GET", "h", "/", "", ""), testCreds, "string to sign", "/us_east_1/service/aws4_request", "/us-east-1/service/aws4_request"},
		{"scope-service", "iot", "service", newRequest("GET", "h", "/", "", ""), testCreds, "string to sign", "/us-east-1/iot/aws4_request", "/us-east-1/service/aws4_request"},
		{"scope-date", "20261122", "service", newRequest("GET", "h", "/", "", ""), testCreds, "string to sign", "\n20261122/", "\n20261123/"},
		{"payload-hash", "empty", "service", newRequest("POST", "h", "/", "", "body"), testCreds, "payload hash", aws.EmptyPayloadHash, "230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5"},
		{"payload-hash", "unsigned", "service", newRequest("POST", "h", "/", "", "body"), testCreds, "payload hash", aws.UnsignedPayload, "230d8358dc8e8890b4c58deeb62912ee2f20357ae92a5cc861b98e68fe31acb5"},
		{"session-token", "unsigned-header-after-signing", "service", newRequest("GET", "h", "/", "", ""), withToken, "signed headers", "host;x-amz-date", "host;x-amz-date;x-amz-security-token"},
		{"session-token", "signed-query", "service", newRequest("GET", "h", "/", "", ""), withToken, "canonical query string", "X-Amz-Security-Token=" + apisig.Redacted, ""},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			ctx := context.Background()
			step := func(s *aws.SigV4) string {
				tr, err := s.Explain(ctx, tc.req(), tc.creds)
				if err != nil {
					t.Fatal(err)
				}
				v, ok := tr.Lookup(tc.step)
				if !ok {
					t.Fatalf("trace has no step %q", tc.step)
				}
				return v
			}
			right := &aws.SigV4{Region: "us-east-1", Service: tc.service, Clock: apisig.FixedClock(testTime)}
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

// TestKeyDerivationKnob checks the two catalogued key-chain mistakes: the string to sign is
// unchanged, the signature is not, and a correct verifier rejects it as a mismatch.
func TestKeyDerivationKnob(t *testing.T) {
	ctx := context.Background()
	verifier := &aws.SigV4{Region: "us-east-1", Service: "service", Clock: apisig.FixedClock(testTime), Keys: testKeys}
	right, err := verifier.Explain(ctx, newRequest("GET", "h", "/", "", "")(), testCreds)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"hex-intermediate", "no-prefix"} {
		s := &aws.SigV4{Region: "us-east-1", Service: "service", Clock: apisig.FixedClock(testTime)}
		if err := s.SetKnob("key-derivation", v); err != nil {
			t.Fatal(err)
		}
		req := newRequest("GET", "h", "/", "", "")()
		tr, err := s.Explain(ctx, req, testCreds)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := tr.Find(apisig.StepStringToSign)
		b, _ := right.Find(apisig.StepStringToSign)
		sa, _ := tr.Find(apisig.StepSignature)
		sb, _ := right.Find(apisig.StepSignature)
		if a != b || sa == sb {
			t.Errorf("key-derivation=%s: want the same string to sign and another signature", v)
		}
		if _, err := verifier.Verify(ctx, req); !errors.Is(err, apisig.ErrMismatch) {
			t.Errorf("key-derivation=%s: Verify = %v, want a mismatch", v, err)
		}
	}
}

func TestSetKnobRejects(t *testing.T) {
	s := &aws.SigV4{}
	for _, tc := range []struct{ name, value, mention string }{
		{"no-such-knob", "x", "hex-case"},
		{"hex-case", "UPPER", "[upper, lower]"},
		{"query-sort", "random", "[encoded, raw, none, joined]"},
		{"payload-hash", "streaming", "[auto, hashed, unsigned, empty]"},
		{"session-token", "cookie", "omit"},
	} {
		err := s.SetKnob(tc.name, tc.value)
		if !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("SetKnob(%q, %q) = %v, want ErrInvalidInput listing %q", tc.name, tc.value, err, tc.mention)
		}
	}
	if n := len(s.Knobs()); n != 16 {
		t.Errorf("SigV4 has %d knobs, want the 16 the README lists", n)
	}
}
