package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/apisig/apisig"
)

func testTrace() *apisig.Trace {
	tr := &apisig.Trace{Scheme: "test"}
	tr.Add(apisig.StepCanonicalRequest, "canonical request", "GET\n/\n")
	tr.AddRedacted(apisig.StepInput, "canonical headers", "x-token:[REDACTED]", apisig.NewSecret("x-token:tok"))
	tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret("0123abcd"))
	tr.Add(apisig.StepSignature, "signature", "ff00")
	return tr
}

func TestWriteTraceMatchesString(t *testing.T) {
	tr := testTrace()
	var b bytes.Buffer
	writeTrace(&b, tr, false, "")
	if b.String() != tr.String() {
		t.Errorf("writeTrace = %q; want Trace.String() %q", b.String(), tr.String())
	}
}

func TestWriteTraceReveal(t *testing.T) {
	var b bytes.Buffer
	writeTrace(&b, testTrace(), true, "* ")
	got := b.String()
	for _, want := range []string{"* 0123abcd\n", "* x-token:tok\n", "* GET\n* /\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("writeTrace(reveal) = %q; want it to contain %q", got, want)
		}
	}
	if strings.Contains(got, apisig.Redacted) {
		t.Errorf("writeTrace(reveal) = %q; want nothing redacted", got)
	}
	b.Reset()
	writeTrace(&b, testTrace(), false, "* ")
	if strings.Contains(b.String(), "0123abcd") || strings.Contains(b.String(), "tok\n") {
		t.Errorf("writeTrace = %q; want the secrets redacted", b.String())
	}
}

func TestWriteTraceJSON(t *testing.T) {
	for _, reveal := range []bool{false, true} {
		var b bytes.Buffer
		if err := writeTraceJSON(&b, testTrace(), reveal); err != nil {
			t.Fatal(err)
		}
		var out struct {
			Scheme string
			Steps  []struct{ Kind, Name, Value, Secret string }
		}
		if err := json.Unmarshal(b.Bytes(), &out); err != nil {
			t.Fatalf("writeTraceJSON(%v) = %s: %v", reveal, b.Bytes(), err)
		}
		key := out.Steps[2]
		if key.Kind != "key" || (reveal && key.Value != "0123abcd") || (!reveal && (key.Value != "" || key.Secret != apisig.Redacted)) {
			t.Errorf("writeTraceJSON(reveal %v) key step = %+v", reveal, key)
		}
	}
}
