package apisig_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/google/go-cmp/cmp"
)

func TestTraceNil(t *testing.T) {
	var tr *apisig.Trace
	// Recording on a nil trace must be free and must not panic.
	tr.Add(apisig.StepInput, "x", "y")
	tr.AddSecret(apisig.StepKey, "k", apisig.NewSecret(testSecret))
	if tr != nil {
		t.Fatal("Add on a nil *Trace made it non-nil")
	}
	if v, ok := tr.Find(apisig.StepInput); v != "" || ok {
		t.Errorf("nil.Find(StepInput) = %q, %v; want \"\", false", v, ok)
	}
	if v, ok := tr.Lookup("x"); v != "" || ok {
		t.Errorf("nil.Lookup(\"x\") = %q, %v; want \"\", false", v, ok)
	}
	if got := tr.String(); got != "" {
		t.Errorf("nil.String() = %q; want \"\"", got)
	}
	b, err := json.Marshal(tr)
	if err != nil || string(b) != "null" {
		t.Errorf("json.Marshal(nil *Trace) = %s, %v; want null, nil", b, err)
	}
}

func TestTraceAdd(t *testing.T) {
	tr := &apisig.Trace{Scheme: "fake"}
	tr.Add(apisig.StepInput, "date", "20150830")
	tr.AddSecret(apisig.StepKey, "kDate", apisig.NewSecret(testSecret))
	want := []apisig.Step{
		{Kind: apisig.StepInput, Name: "date", Value: "20150830"},
		{Kind: apisig.StepKey, Name: "kDate", Secret: apisig.NewSecret(testSecret)},
	}
	if diff := cmp.Diff(want, tr.Steps); diff != "" {
		t.Errorf("Steps mismatch (-want +got):\n%s", diff)
	}
}

func TestTraceFindLookup(t *testing.T) {
	tr := &apisig.Trace{Scheme: "fake"}
	tr.Add(apisig.StepInput, "date", "20150830")
	tr.Add(apisig.StepInput, "region", "us-east-1")
	tr.Add(apisig.StepCanonicalRequest, "canonical request", "GET\n/\n")
	tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret(testSecret))
	tr.Add(apisig.StepSignature, "signature", "abc")
	tr.Add(apisig.StepPlacement, "date", "second step named date")
	tr.Add(apisig.StepInput, "empty", "")

	findTests := []struct {
		name   string
		kind   apisig.StepKind
		want   string
		wantOK bool
	}{
		{"first of several", apisig.StepInput, "20150830", true},
		{"only one", apisig.StepCanonicalRequest, "GET\n/\n", true},
		{"key step never reveals", apisig.StepKey, "", true},
		{"placement", apisig.StepPlacement, "second step named date", true},
		{"absent kind", apisig.StepStringToSign, "", false},
		{"unknown kind", apisig.StepKind(42), "", false},
	}
	for _, tt := range findTests {
		t.Run("Find/"+tt.name, func(t *testing.T) {
			got, ok := tr.Find(tt.kind)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Find(%v) = %q, %v; want %q, %v", tt.kind, got, ok, tt.want, tt.wantOK)
			}
		})
	}

	lookupTests := []struct {
		name, stepName, want string
		wantOK               bool
	}{
		{"first of two with the name", "date", "20150830", true},
		{"unique", "region", "us-east-1", true},
		{"key step never reveals", "kSigning", "", true},
		{"empty value is found", "empty", "", true},
		{"absent", "nope", "", false},
		{"names are case-sensitive", "Region", "", false},
	}
	for _, tt := range lookupTests {
		t.Run("Lookup/"+tt.name, func(t *testing.T) {
			got, ok := tr.Lookup(tt.stepName)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.stepName, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestTraceString(t *testing.T) {
	tests := []struct {
		name  string
		build func(*apisig.Trace)
		want  string
	}{
		{
			name:  "no steps",
			build: func(*apisig.Trace) {},
			want:  "scheme: fake\n",
		},
		{
			name: "every kind",
			build: func(tr *apisig.Trace) {
				tr.Add(apisig.StepInput, "signing time", "20150830T123600Z")
				tr.Add(apisig.StepCanonicalRequest, "canonical request", "GET\n/\n\nhost:example.com\n\nhost\ne3b0")
				tr.Add(apisig.StepStringToSign, "string to sign", "AWS4-HMAC-SHA256\n20150830T123600Z")
				tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret(testSecret))
				tr.Add(apisig.StepSignature, "signature", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
				tr.Add(apisig.StepPlacement, "Authorization header", "AWS4-HMAC-SHA256 Signature=5fa0")
			},
			want: "scheme: fake\n" +
				"---[ signing time ]---\n20150830T123600Z\n" +
				"---[ canonical request ]---\nGET\n/\n\nhost:example.com\n\nhost\ne3b0\n" +
				"---[ string to sign ]---\nAWS4-HMAC-SHA256\n20150830T123600Z\n" +
				"---[ kSigning ]---\n[REDACTED]\n" +
				"---[ signature ]---\n5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\n" +
				"---[ Authorization header ]---\nAWS4-HMAC-SHA256 Signature=5fa0\n",
		},
		{
			name:  "empty value",
			build: func(tr *apisig.Trace) { tr.Add(apisig.StepInput, "canonical query string", "") },
			want:  "scheme: fake\n---[ canonical query string ]---\n\n",
		},
		{
			name:  "empty key step",
			build: func(tr *apisig.Trace) { tr.AddSecret(apisig.StepKey, "k", apisig.Secret{}) },
			want:  "scheme: fake\n---[ k ]---\n\n",
		},
		{
			// AddSecret does not restrict the kind: a session token recorded as an input is
			// still key material and must render as redacted, not as an empty value.
			name:  "secret step of a non-key kind",
			build: func(tr *apisig.Trace) { tr.AddSecret(apisig.StepInput, "session token", apisig.NewSecret(testToken)) },
			want:  "scheme: fake\n---[ session token ]---\n[REDACTED]\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &apisig.Trace{Scheme: "fake"}
			tt.build(tr)
			got := tr.String()
			checkNoSecret(t, "String()", got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("String() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTraceMarshalJSON(t *testing.T) {
	tr := &apisig.Trace{Scheme: "fake"}
	tr.Add(apisig.StepInput, "date", "20150830")
	tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret(testSecret))
	tr.AddSecret(apisig.StepInput, "session token", apisig.NewSecret(testToken))
	tr.Add(apisig.StepSignature, "signature", "abc")
	want := `{"scheme":"fake","steps":[` +
		`{"kind":"input","name":"date","value":"20150830"},` +
		`{"kind":"key","name":"kSigning","secret":"[REDACTED]"},` +
		`{"kind":"input","name":"session token","secret":"[REDACTED]"},` +
		`{"kind":"signature","name":"signature","value":"abc"}]}`

	tests := []struct {
		name string
		v    any
	}{
		{"pointer", tr},
		{"value", *tr},
		{"inside a struct", struct{ Trace *apisig.Trace }{tr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatalf("json.Marshal error: %v", err)
			}
			checkNoSecret(t, "json.Marshal", string(b))
			got := string(b)
			if tt.name == "inside a struct" {
				got = strings.TrimSuffix(strings.TrimPrefix(got, `{"Trace":`), "}")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("json.Marshal mismatch (-want +got):\n%s", diff)
			}
		})
	}

	// MarshalJSON called directly.
	b, err := tr.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != want {
		t.Errorf("MarshalJSON() = %s; want %s", b, want)
	}

	// A trace with no steps keeps its scheme.
	b, _ = json.Marshal(&apisig.Trace{Scheme: "x"})
	if got, want := string(b), `{"scheme":"x","steps":null}`; got != want {
		t.Errorf("json.Marshal(empty trace) = %s; want %s", got, want)
	}
}

func TestStepKind(t *testing.T) {
	tests := []struct {
		kind apisig.StepKind
		want string
	}{
		{apisig.StepInput, "input"},
		{apisig.StepCanonicalRequest, "canonical-request"},
		{apisig.StepStringToSign, "string-to-sign"},
		{apisig.StepKey, "key"},
		{apisig.StepSignature, "signature"},
		{apisig.StepPlacement, "placement"},
		{0, "unknown"},
		{-1, "unknown"},
		{apisig.StepPlacement + 1, "unknown"},
		{1 << 30, "unknown"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d", int(tt.kind)), func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("StepKind(%d).String() = %q; want %q", int(tt.kind), got, tt.want)
			}
			text, err := tt.kind.MarshalText()
			if err != nil || string(text) != tt.want {
				t.Errorf("StepKind(%d).MarshalText() = %q, %v; want %q, nil", int(tt.kind), text, err, tt.want)
			}
			js, err := json.Marshal(tt.kind)
			if err != nil || string(js) != `"`+tt.want+`"` {
				t.Errorf("json.Marshal(StepKind(%d)) = %s, %v; want %q", int(tt.kind), js, err, tt.want)
			}
		})
	}
	// Pipeline order is part of the contract: the constants are declared in order.
	kinds := []apisig.StepKind{apisig.StepInput, apisig.StepCanonicalRequest, apisig.StepStringToSign, apisig.StepKey, apisig.StepSignature, apisig.StepPlacement}
	for i := 1; i < len(kinds); i++ {
		if kinds[i] <= kinds[i-1] {
			t.Errorf("%v (%d) is not after %v (%d)", kinds[i], int(kinds[i]), kinds[i-1], int(kinds[i-1]))
		}
	}
}

// The Trace doc says a trace "may be printed or sent to a client as it is", and Credentials
// holds the session token as a Secret. A real scheme's trace must then not carry the secret
// or the session token in clear, in any step.
func TestSigV4TraceHasNoCredentials(t *testing.T) {
	s := &aws.SigV4{Region: "us-east-1", Service: "iam", Clock: apisig.FixedClock(time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))}
	creds := testCreds()
	tests := []struct {
		name  string
		trace func(*http.Request) (*apisig.Trace, error)
	}{
		{"Explain", func(req *http.Request) (*apisig.Trace, error) {
			return s.Explain(context.Background(), req, creds)
		}},
		{"ExplainPresign", func(req *http.Request) (*apisig.Trace, error) {
			_, tr, err := s.ExplainPresign(context.Background(), req, creds, time.Hour)
			return tr, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", nil)
			tr, err := tt.trace(req)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := tr.Find(apisig.StepKey); !ok {
				t.Fatal("trace has no key step")
			}
			for _, st := range tr.Steps {
				checkNoSecret(t, fmt.Sprintf("step %q (%v)", st.Name, st.Kind), st.Value)
			}
			checkNoSecret(t, "String()", tr.String())
			// The full text stays available to whoever explicitly asks for it.
			if st, ok := tr.Step(apisig.StepCanonicalRequest); !ok || !strings.Contains(st.Reveal(), testToken) {
				t.Errorf("Step(StepCanonicalRequest).Reveal() does not hold the signed session token:\n%s", st.Reveal())
			}
			b, _ := json.Marshal(tr)
			if strings.Contains(string(b), testSecret) {
				t.Errorf("json.Marshal(trace) contains the secret")
			}
		})
	}
}

func TestTraceAddRedacted(t *testing.T) {
	var nilTrace *apisig.Trace
	nilTrace.AddRedacted(apisig.StepCanonicalRequest, "canonical request", "x", apisig.NewSecret("y")) // must not panic
	if st, ok := nilTrace.Step(apisig.StepCanonicalRequest); ok || st != (apisig.Step{}) {
		t.Errorf("nil.Step() = %+v, %v; want zero, false", st, ok)
	}

	full := "GET\n/\n\nx-amz-security-token:" + testToken + "\n"
	redacted := "GET\n/\n\nx-amz-security-token:" + apisig.Redacted + "\n"
	tr := &apisig.Trace{Scheme: "fake"}
	tr.Add(apisig.StepInput, "date", "20150830")
	tr.AddRedacted(apisig.StepCanonicalRequest, "canonical request", redacted, apisig.NewSecret(full))
	tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret(testSecret))

	if v, _ := tr.Find(apisig.StepCanonicalRequest); v != redacted {
		t.Errorf("Find(StepCanonicalRequest) = %q; want the redacted text %q", v, redacted)
	}
	if v, _ := tr.Lookup("canonical request"); v != redacted {
		t.Errorf("Lookup(canonical request) = %q; want the redacted text %q", v, redacted)
	}
	wantString := "scheme: fake\n---[ date ]---\n20150830\n---[ canonical request ]---\n" + redacted + "\n---[ kSigning ]---\n[REDACTED]\n"
	if diff := cmp.Diff(wantString, tr.String()); diff != "" {
		t.Errorf("String() mismatch (-want +got):\n%s", diff)
	}
	b, err := json.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	checkNoSecret(t, "json.Marshal", string(b))

	reveal := []struct {
		name string
		kind apisig.StepKind
		want string
	}{
		{"public step", apisig.StepInput, "20150830"},
		{"redacted step", apisig.StepCanonicalRequest, full},
		{"key step", apisig.StepKey, testSecret},
	}
	for _, tt := range reveal {
		t.Run("Reveal/"+tt.name, func(t *testing.T) {
			st, ok := tr.Step(tt.kind)
			if !ok {
				t.Fatalf("Step(%v) not found", tt.kind)
			}
			if got := st.Reveal(); got != tt.want {
				t.Errorf("Step(%v).Reveal() = %q; want %q", tt.kind, got, tt.want)
			}
		})
	}
}
