package apisig_test

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/apisig/apisig"
)

// The secrets used throughout: distinctive enough that a leak is never a coincidence.
const (
	testSecret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
	testToken  = "FQoGZXIvYXdzEXAMPLE-SESSION-TOKEN"
)

func testCreds() apisig.Credentials {
	return apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret(testSecret), SessionToken: apisig.NewSecret(testToken)}
}

// checkNoSecret fails when out contains the test secret or session token.
func checkNoSecret(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range []string{testSecret, testToken} {
		if strings.Contains(out, s) {
			t.Errorf("%s leaks a secret:\n%s", what, out)
		}
	}
}

// secretTrace returns a trace with a public step and a key step holding the test secret.
func secretTrace() *apisig.Trace {
	tr := &apisig.Trace{Scheme: "fake"}
	tr.Add(apisig.StepCanonicalRequest, "canonical request", "GET\n/\n")
	tr.AddSecret(apisig.StepKey, "kSigning", apisig.NewSecret(testSecret))
	tr.Add(apisig.StepSignature, "signature", "abc123")
	return tr
}

func TestSecretFmt(t *testing.T) {
	s := apisig.NewSecret(testSecret)
	creds := testCreds()
	const credsText = "{AccessKeyID:AKIDEXAMPLE Secret:[REDACTED] SessionToken:[REDACTED]}"
	tests := []struct {
		name   string
		format string
		arg    any
		want   string // "" means: only check that nothing leaks
	}{
		{"Secret %v", "%v", s, "[REDACTED]"},
		{"Secret %s", "%s", s, "[REDACTED]"},
		{"Secret %q", "%q", s, "[REDACTED]"},
		{"Secret %x", "%x", s, "[REDACTED]"},
		{"Secret %X", "%X", s, "[REDACTED]"},
		{"Secret %#v", "%#v", s, `apisig.Secret("[REDACTED]")`},
		{"Secret %+v", "%+v", s, "[REDACTED]"},
		{"Secret %d", "%d", s, "[REDACTED]"},
		{"Secret %10.3s", "%10.3s", s, "[REDACTED]"},
		{"Secret %T", "%T", s, "apisig.Secret"},
		{"*Secret %v", "%v", &s, "[REDACTED]"},
		{"Secret as extra argument", "x", s, "x%!(EXTRA apisig.Secret=[REDACTED])"},
		{"Secret %p", "%p", s, ""},
		// Credentials formats as its String for every verb, so no verb prints fields raw.
		{"Credentials %v", "%v", creds, credsText},
		{"Credentials %s", "%s", creds, credsText},
		{"Credentials %+v", "%+v", creds, credsText},
		{"Credentials %#v", "%#v", creds, credsText},
		{"Credentials %q", "%q", creds, credsText},
		{"Credentials %x", "%x", creds, credsText},
		{"Credentials %X", "%X", creds, credsText},
		{"Credentials %d", "%d", creds, credsText},
		{"Credentials %p", "%p", creds, ""}, // %p is handled before Format: only check nothing leaks
		{"Credentials String", "%s", creds.String(), credsText},
		{"*Credentials %+v", "%+v", &creds, credsText},
		{"StaticCredentials %+v", "%+v", apisig.StaticCredentials(creds), credsText},
		{"StaticCredentials %p", "%p", apisig.StaticCredentials(creds), ""},
		{"StaticCredentials %#v", "%#v", apisig.StaticCredentials(creds), ""},
		{"[]Secret %v", "%v", []apisig.Secret{s, s}, "[[REDACTED] [REDACTED]]"},
		{"[]Secret %q", "%q", []apisig.Secret{s}, "[[REDACTED]]"},
		{"[]Secret %x", "%x", []apisig.Secret{s}, "[[REDACTED]]"},
		{"[]Credentials %+v", "%+v", []apisig.Credentials{creds}, "[" + credsText + "]"},
		{"[]Credentials %p", "%p", []apisig.Credentials{creds}, ""},
		{"map of Secret %v", "%v", map[string]apisig.Secret{"k": s}, "map[k:[REDACTED]]"},
		{"map keyed by Secret %v", "%v", map[apisig.Secret]int{s: 1}, "map[[REDACTED]:1]"},
		{"StaticKeys %v", "%v", apisig.StaticKeys{"AKIDEXAMPLE": s}, "map[AKIDEXAMPLE:[REDACTED]]"},
		{"*Transport %+v", "%+v", &apisig.Transport{Credentials: apisig.StaticCredentials(creds)}, ""},
		{"Trace %+v", "%+v", *secretTrace(), ""},
		{"*Trace %v", "%v", secretTrace(), ""},
		{"*MismatchError %+v", "%+v", &apisig.MismatchError{Scheme: "fake", Trace: secretTrace()}, ""},
		{"anonymous struct with exported field %+v", "%+v", struct{ Creds apisig.Credentials }{creds}, "{Creds:" + credsText + "}"},
		// fmt cannot call methods on unexported fields; the value must still not show.
		{"struct with unexported Credentials %+v", "%+v", struct{ c apisig.Credentials }{creds}, ""},
		{"struct with unexported Secret %v", "%v", struct{ s apisig.Secret }{s}, ""},
		{"struct with unexported Secret %#v", "%#v", struct{ s apisig.Secret }{s}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fmt.Sprintf(tt.format, tt.arg)
			checkNoSecret(t, fmt.Sprintf("Sprintf(%q, %T)", tt.format, tt.arg), got)
			if tt.want != "" && got != tt.want {
				t.Errorf("Sprintf(%q, %T) = %q; want %q", tt.format, tt.arg, got, tt.want)
			}
		})
	}
}

func TestSecretPrintFuncs(t *testing.T) {
	s := apisig.NewSecret(testSecret)
	tests := []struct {
		name string
		got  string
	}{
		{"Sprint", fmt.Sprint(s, testCreds())},
		{"Sprintln", fmt.Sprintln(s, testCreds())},
		{"String", s.String()},
		{"GoString", s.GoString()},
		{"Errorf", fmt.Errorf("signing with %v: %w", s, apisig.ErrMismatch).Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNoSecret(t, tt.name, tt.got)
			if !strings.Contains(tt.got, apisig.Redacted) {
				t.Errorf("%s = %q; want it to contain %q", tt.name, tt.got, apisig.Redacted)
			}
		})
	}
}

func TestSecretEmpty(t *testing.T) {
	var s apisig.Secret
	text, err := s.MarshalText()
	if err != nil {
		t.Fatalf("MarshalText() error: %v", err)
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("json.Marshal error: %v", err)
	}
	tests := []struct {
		name, got, want string
	}{
		{"%v", fmt.Sprintf("%v", s), ""},
		{"%s", fmt.Sprintf("%s", s), ""},
		{"%q", fmt.Sprintf("%q", s), ""},
		{"%#v", fmt.Sprintf("%#v", s), `apisig.Secret("")`},
		{"String", s.String(), ""},
		{"MarshalText", string(text), ""},
		{"json", string(js), `""`},
		{"Reveal", s.Reveal(), ""},
		{"Credentials without token %+v", fmt.Sprintf("%+v", apisig.Credentials{AccessKeyID: "AK", Secret: apisig.NewSecret("x")}), "{AccessKeyID:AK Secret:[REDACTED] SessionToken:}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("%s of the empty Secret = %q; want %q", tt.name, tt.got, tt.want)
			}
		})
	}
	if !s.IsZero() {
		t.Errorf("Secret(\"\").IsZero() = false; want true")
	}
}

func TestSecretRevealAndIsZero(t *testing.T) {
	tests := []struct {
		name   string
		s      apisig.Secret
		reveal string
		zero   bool
	}{
		{"zero value", apisig.Secret{}, "", true},
		{"NewSecret empty", apisig.NewSecret(""), "", true},
		{"value", apisig.NewSecret(testSecret), testSecret, false},
		{"looks redacted", apisig.NewSecret(apisig.Redacted), apisig.Redacted, false},
		{"whitespace", apisig.NewSecret(" "), " ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Reveal(); got != tt.reveal {
				t.Errorf("Reveal() = %q; want %q", got, tt.reveal)
			}
			if got := tt.s.IsZero(); got != tt.zero {
				t.Errorf("IsZero() = %v; want %v", got, tt.zero)
			}
		})
	}
}

func TestSecretEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b apisig.Secret
		want bool
	}{
		{"same value, separate wraps", apisig.NewSecret(testSecret), apisig.NewSecret(testSecret), true},
		{"different values", apisig.NewSecret(testSecret), apisig.NewSecret(testToken), false},
		{"prefix", apisig.NewSecret("abc"), apisig.NewSecret("ab"), false},
		{"zero and NewSecret empty", apisig.Secret{}, apisig.NewSecret(""), true},
		{"zero and value", apisig.Secret{}, apisig.NewSecret("x"), false},
		{"both zero", apisig.Secret{}, apisig.Secret{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Equal(tt.b); got != tt.want {
				t.Errorf("a.Equal(b) = %v; want %v", got, tt.want)
			}
			if got := tt.b.Equal(tt.a); got != tt.want {
				t.Errorf("b.Equal(a) = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestSecretJSON(t *testing.T) {
	s := apisig.NewSecret(testSecret)
	creds := testCreds()
	type withOmit struct {
		Key apisig.Secret `json:"key,omitzero"`
	}
	tests := []struct {
		name string
		v    any
		want string // "" means: only check that nothing leaks
	}{
		{"Secret", s, `"[REDACTED]"`},
		{"*Secret", &s, `"[REDACTED]"`},
		{"Credentials", creds, `{"AccessKeyID":"AKIDEXAMPLE","Secret":"[REDACTED]","SessionToken":"[REDACTED]"}`},
		{"*Credentials", &creds, `{"AccessKeyID":"AKIDEXAMPLE","Secret":"[REDACTED]","SessionToken":"[REDACTED]"}`},
		{"StaticCredentials", apisig.StaticCredentials(creds), `{"AccessKeyID":"AKIDEXAMPLE","Secret":"[REDACTED]","SessionToken":"[REDACTED]"}`},
		{"[]Secret", []apisig.Secret{s, {}}, `["[REDACTED]",""]`},
		{"map of Secret", map[string]apisig.Secret{"k": s}, `{"k":"[REDACTED]"}`},
		{"StaticKeys", apisig.StaticKeys{"AKIDEXAMPLE": s}, `{"AKIDEXAMPLE":"[REDACTED]"}`},
		{"omitzero, set", withOmit{Key: s}, `{"key":"[REDACTED]"}`},
		{"omitzero, empty", withOmit{}, `{}`},
		{"*Trace with a key step", secretTrace(), ""},
		{"Trace value with a key step", *secretTrace(), ""},
		{"*MismatchError", &apisig.MismatchError{Scheme: "fake", Trace: secretTrace()}, ""},
		// A Secret used as a map key: encoding/json writes string-kinded keys as they are and
		// never calls MarshalText for them.
		{"map keyed by Secret", map[apisig.Secret]int{s: 1}, `{"[REDACTED]":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatalf("json.Marshal(%T) error: %v", tt.v, err)
			}
			checkNoSecret(t, fmt.Sprintf("json.Marshal(%T)", tt.v), string(b))
			if tt.want != "" && string(b) != tt.want {
				t.Errorf("json.Marshal(%T) = %s; want %s", tt.v, b, tt.want)
			}
		})
	}
}

func TestSecretTextMarshaler(t *testing.T) {
	tests := []struct {
		name string
		s    apisig.Secret
		want string
	}{
		{"value", apisig.NewSecret(testSecret), apisig.Redacted},
		{"empty", apisig.Secret{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tm encoding.TextMarshaler = tt.s
			got, err := tm.MarshalText()
			if err != nil {
				t.Fatalf("MarshalText() error: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("MarshalText() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestSecretSlog(t *testing.T) {
	s := apisig.NewSecret(testSecret)
	creds := testCreds()
	handlers := []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
	}
	attrs := []struct {
		name string
		attr slog.Attr
	}{
		{"Any secret", slog.Any("secret", s)},
		{"Any creds", slog.Any("creds", creds)},
		{"Any *creds", slog.Any("creds", &creds)},
		{"Any []Secret", slog.Any("secrets", []apisig.Secret{s})},
		{"Any StaticKeys", slog.Any("keys", apisig.StaticKeys{"AKIDEXAMPLE": s})},
		{"Any trace", slog.Any("trace", secretTrace())},
		{"Group", slog.Group("auth", slog.Any("secret", s), slog.String("id", "AKIDEXAMPLE"))},
	}
	for _, h := range handlers {
		for _, a := range attrs {
			t.Run(h.name+"/"+a.name, func(t *testing.T) {
				var buf bytes.Buffer
				slog.New(h.new(&buf)).Info("signing", a.attr)
				out := buf.String()
				checkNoSecret(t, "log line", out)
				if !strings.Contains(out, apisig.Redacted) {
					t.Errorf("log line does not show %q:\n%s", apisig.Redacted, out)
				}
			})
		}
	}
	// The key-value form of the logging calls goes through the same path.
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("signing", "secret", s, "creds", creds)
	checkNoSecret(t, "key-value log line", buf.String())
}

func TestCredentialsValid(t *testing.T) {
	tests := []struct {
		name  string
		creds apisig.Credentials
		want  bool
	}{
		{"zero", apisig.Credentials{}, false},
		{"key id only", apisig.Credentials{AccessKeyID: "AK"}, false},
		{"secret only", apisig.Credentials{Secret: apisig.NewSecret("s")}, false},
		{"token only", apisig.Credentials{SessionToken: apisig.NewSecret("t")}, false},
		{"key id and secret", apisig.Credentials{AccessKeyID: "AK", Secret: apisig.NewSecret("s")}, true},
		{"with token", testCreds(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.creds.Valid(); got != tt.want {
				t.Errorf("%+v.Valid() = %v; want %v", tt.creds, got, tt.want)
			}
		})
	}
}

func TestSecretOtherEncoders(t *testing.T) {
	type doc struct {
		ID  string        `xml:"id"`
		Key apisig.Secret `xml:"key"`
	}
	tests := []struct {
		name    string
		encode  func() ([]byte, error)
		refuses bool // an encoder may refuse a Secret; it must not leak it
	}{
		{"xml struct field", func() ([]byte, error) {
			return xml.Marshal(doc{ID: "AKIDEXAMPLE", Key: apisig.NewSecret(testSecret)})
		}, false},
		{"gob Credentials", func() ([]byte, error) {
			var buf bytes.Buffer
			err := gob.NewEncoder(&buf).Encode(testCreds())
			return buf.Bytes(), err
		}, true},
		{"gob Secret", func() ([]byte, error) {
			var buf bytes.Buffer
			err := gob.NewEncoder(&buf).Encode(apisig.NewSecret(testSecret))
			return buf.Bytes(), err
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.encode()
			checkNoSecret(t, tt.name, string(b))
			if err != nil {
				checkNoSecret(t, tt.name+" error", err.Error())
				if !tt.refuses {
					t.Fatalf("encode error: %v", err)
				}
				return
			}
			if !bytes.Contains(b, []byte(apisig.Redacted)) {
				t.Errorf("%s output %q does not show %q", tt.name, b, apisig.Redacted)
			}
		})
	}
}
