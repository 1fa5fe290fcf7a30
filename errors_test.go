package apisig_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/google/go-cmp/cmp"
)

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrNotSigned", apisig.ErrNotSigned},
	{"ErrMalformed", apisig.ErrMalformed},
	{"ErrUnknownKey", apisig.ErrUnknownKey},
	{"ErrMismatch", apisig.ErrMismatch},
	{"ErrExpired", apisig.ErrExpired},
	{"ErrSkewed", apisig.ErrSkewed},
	{"ErrReplayed", apisig.ErrReplayed},
	{"ErrNoCredentials", apisig.ErrNoCredentials},
	{"ErrInvalidInput", apisig.ErrInvalidInput},
	{"ErrBodyNotReplayable", apisig.ErrBodyNotReplayable},
}

func TestSentinelsDistinct(t *testing.T) {
	for _, a := range sentinels {
		for _, b := range sentinels {
			if a.name != b.name && errors.Is(a.err, b.err) {
				t.Errorf("errors.Is(%s, %s) = true; want false", a.name, b.name)
			}
		}
		if msg := a.err.Error(); msg == "" || strings.ToLower(msg[:1]) != msg[:1] {
			t.Errorf("%s.Error() = %q; want a lower-case message", a.name, msg)
		}
	}
}

func TestRequestErrorIsAs(t *testing.T) {
	for _, k := range sentinels {
		t.Run(k.name, func(t *testing.T) {
			re := &apisig.RequestError{Scheme: "fake", Code: "Code", Part: "X-Fake", Value: "v", Problem: "is bad", Kind: k.err}
			wrapped := []struct {
				name string
				err  error
			}{
				{"bare", re},
				{"wrapped once", fmt.Errorf("context: %w", re)},
				{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", re))},
				{"joined", errors.Join(errors.New("other"), re)},
			}
			for _, w := range wrapped {
				if !errors.Is(w.err, k.err) {
					t.Errorf("%s: errors.Is(err, %s) = false; want true", w.name, k.name)
				}
				for _, other := range sentinels {
					if other.name != k.name && errors.Is(w.err, other.err) {
						t.Errorf("%s: errors.Is(err, %s) = true; want false (Kind is %s)", w.name, other.name, k.name)
					}
				}
				var got *apisig.RequestError
				if !errors.As(w.err, &got) {
					t.Fatalf("%s: errors.As(err, *RequestError) = false", w.name)
				}
				if got != re {
					t.Errorf("%s: errors.As gave %p; want %p", w.name, got, re)
				}
				var mm *apisig.MismatchError
				if errors.As(w.err, &mm) {
					t.Errorf("%s: errors.As(err, *MismatchError) = true for a RequestError", w.name)
				}
			}
			if got := re.Unwrap(); got != k.err {
				t.Errorf("Unwrap() = %v; want %v", got, k.err)
			}
		})
	}
}

func TestRequestErrorNilKind(t *testing.T) {
	re := &apisig.RequestError{Part: "x"}
	if re.Unwrap() != nil {
		t.Errorf("Unwrap() with no Kind = %v; want nil", re.Unwrap())
	}
	for _, k := range sentinels {
		if errors.Is(re, k.err) {
			t.Errorf("errors.Is(RequestError without Kind, %s) = true", k.name)
		}
	}
}

func TestMismatchErrorIsAs(t *testing.T) {
	mm := &apisig.MismatchError{Scheme: "fake", Code: "SignatureDoesNotMatch", AccessKeyID: "AKID", Provided: "abc", Trace: secretTrace()}
	tests := []struct {
		name string
		err  error
	}{
		{"bare", mm},
		{"wrapped", fmt.Errorf("verify: %w", mm)},
		{"joined", errors.Join(mm, errors.New("other"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, apisig.ErrMismatch) {
				t.Error("errors.Is(err, ErrMismatch) = false; want true")
			}
			for _, other := range sentinels {
				if other.err != apisig.ErrMismatch && errors.Is(tt.err, other.err) {
					t.Errorf("errors.Is(err, %s) = true; want false", other.name)
				}
			}
			var got *apisig.MismatchError
			if !errors.As(tt.err, &got) || got != mm {
				t.Fatalf("errors.As(err, *MismatchError) = %v (%p); want %p", got != nil, got, mm)
			}
			if cr, ok := got.Trace.Find(apisig.StepCanonicalRequest); !ok || cr != "GET\n/\n" {
				t.Errorf("Trace.Find(StepCanonicalRequest) = %q, %v; want the trace's canonical request", cr, ok)
			}
			var re *apisig.RequestError
			if errors.As(tt.err, &re) {
				t.Error("errors.As(err, *RequestError) = true for a MismatchError")
			}
		})
	}
}

func TestRequestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *apisig.RequestError
		want string
	}{
		{
			name: "every field",
			err:  &apisig.RequestError{Scheme: "aws-sigv4", Code: "AuthorizationHeaderMalformed", Part: "Authorization header Credential", Value: "AKID/2015/us-east-1", Problem: "the region is wrong; expecting eu-west-1", Kind: apisig.ErrMalformed},
			want: `aws-sigv4: Authorization header Credential "AKID/2015/us-east-1": the region is wrong; expecting eu-west-1 (AuthorizationHeaderMalformed)`,
		},
		{
			name: "no scheme",
			err:  &apisig.RequestError{Part: "scheme", Value: "nope", Problem: "is not known", Kind: apisig.ErrInvalidInput},
			want: `scheme "nope": is not known`,
		},
		{
			name: "no value",
			err:  &apisig.RequestError{Scheme: "fake", Part: "X-Amz-Date header", Problem: "is missing", Kind: apisig.ErrMalformed},
			want: `fake: X-Amz-Date header: is missing`,
		},
		{
			name: "no problem",
			err:  &apisig.RequestError{Scheme: "fake", Part: "X-Fake", Value: "v", Kind: apisig.ErrMalformed},
			want: `fake: X-Fake "v"`,
		},
		{
			name: "code only with part",
			err:  &apisig.RequestError{Part: "request", Code: "AccessDenied", Kind: apisig.ErrNotSigned},
			want: `request (AccessDenied)`,
		},
		{
			name: "value is quoted with escapes",
			err:  &apisig.RequestError{Scheme: "fake", Part: "X-Fake", Value: "a \"b\"\n\tc\x00", Problem: "is bad", Kind: apisig.ErrMalformed},
			want: `fake: X-Fake "a \"b\"\n\tc\x00": is bad`,
		},
		{
			name: "value with spaces stays one token",
			err:  &apisig.RequestError{Part: "X-Amz-Expires", Value: "1h0m0s ", Problem: "must be whole seconds", Kind: apisig.ErrInvalidInput},
			want: `X-Amz-Expires "1h0m0s ": must be whole seconds`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.err.Error()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Error() mismatch (-want +got):\n%s", diff)
			}
			if tt.err.Part != "" && !strings.Contains(got, tt.err.Part) {
				t.Errorf("Error() = %q does not name the part %q", got, tt.err.Part)
			}
		})
	}
}

func TestMismatchErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *apisig.MismatchError
		want string
	}{
		{
			name: "with code",
			err:  &apisig.MismatchError{Scheme: "aws-sigv4", Code: "SignatureDoesNotMatch", AccessKeyID: "AKIDEXAMPLE", Provided: "deadbeef", Trace: secretTrace()},
			want: `aws-sigv4: signature "deadbeef" does not match for access key id "AKIDEXAMPLE" (SignatureDoesNotMatch)`,
		},
		{
			name: "no code, no trace",
			err:  &apisig.MismatchError{Scheme: "fake", AccessKeyID: "AK", Provided: "x"},
			want: `fake: signature "x" does not match for access key id "AK"`,
		},
		{
			name: "odd values are quoted",
			err:  &apisig.MismatchError{Scheme: "fake", AccessKeyID: "A\"K\n", Provided: ""},
			want: `fake: signature "" does not match for access key id "A\"K\n"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.err.Error()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Error() mismatch (-want +got):\n%s", diff)
			}
			checkNoSecret(t, "Error()", got)
			if strings.Contains(got, "canonical request") || strings.Contains(got, "GET\n/") {
				t.Errorf("Error() = %q carries the trace; the trace belongs in the field", got)
			}
			if strings.Contains(got, apisig.Redacted) {
				t.Errorf("Error() = %q prints key material, even redacted", got)
			}
		})
	}
}

func TestStaticKeys(t *testing.T) {
	keys := apisig.StaticKeys{"AKID": apisig.NewSecret(testSecret), "EMPTY": apisig.NewSecret("")}
	tests := []struct {
		name    string
		id      string
		want    []apisig.Secret
		wantErr error
	}{
		{"known", "AKID", []apisig.Secret{apisig.NewSecret(testSecret)}, nil},
		{"known with empty secret", "EMPTY", []apisig.Secret{{}}, nil},
		{"unknown", "NOPE", nil, apisig.ErrUnknownKey},
		{"ids are case-sensitive", "akid", nil, apisig.ErrUnknownKey},
		{"empty id", "", nil, apisig.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := keys.Secrets(context.Background(), tt.id)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Secrets(%q) error = %v; want %v", tt.id, err, tt.wantErr)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Secrets(%q) returned %d secrets; want %d", tt.id, len(got), len(tt.want))
			}
			for i := range got {
				if got[i].Reveal() != tt.want[i].Reveal() {
					t.Errorf("Secrets(%q)[%d] is not the stored secret", tt.id, i)
				}
			}
			if err != nil {
				var re *apisig.RequestError
				if !errors.As(err, &re) || re.Value != tt.id {
					t.Errorf("Secrets(%q) error = %#v; want a *RequestError whose Value is the id", tt.id, err)
				}
				checkNoSecret(t, "error", err.Error())
			}
		})
	}
	var nilKeys apisig.StaticKeys
	if _, err := nilKeys.Secrets(context.Background(), "AKID"); !errors.Is(err, apisig.ErrUnknownKey) {
		t.Errorf("nil StaticKeys.Secrets error = %v; want ErrUnknownKey", err)
	}
}
