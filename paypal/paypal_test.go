package paypal_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/schemetest"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/paypal"
)

type vectorInputs struct {
	Method      string `json:"method"`
	URL         string `json:"url"`
	Username    string `json:"username"`
	Password    string `json:"password"`
	Token       string `json:"token"`
	TokenSecret string `json:"token_secret"`
	Timestamp   int64  `json:"timestamp"`
}

func (in vectorInputs) setup() (*http.Request, *paypal.Signer, apisig.Credentials) {
	req, _ := http.NewRequest(in.Method, in.URL, strings.NewReader(`{"requestEnvelope":{"errorLanguage":"en_US"}}`))
	at := apisig.FixedClock(time.Unix(in.Timestamp, 0))
	s := &paypal.Signer{Token: in.Token, Clock: at, Username: in.Username,
		Keys:         apisig.StaticKeys{in.Username: apisig.NewSecret(in.Password)},
		TokenSecrets: apisig.StaticKeys{in.Token: apisig.NewSecret(in.TokenSecret)}}
	creds := apisig.Credentials{AccessKeyID: in.Username, Secret: apisig.NewSecret(in.Password), SessionToken: apisig.NewSecret(in.TokenSecret)}
	return req, s, creds
}

// TestVectors checks the headers PayPal's SDK port computed, and that they verify.
func TestVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors") {
		t.Run(v.Name, func(t *testing.T) {
			var in vectorInputs
			var want struct {
				Header string `json:"header"`
			}
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			req, s, creds := in.setup()
			if err := s.Sign(context.Background(), req, creds); err != nil {
				t.Fatal(err)
			}
			if got := req.Header.Get(paypal.Header); got != want.Header {
				t.Errorf("%s\n got %s\nwant %s", paypal.Header, got, want.Header)
			}
			req2, _, _ := in.setup()
			req2.Header.Set(paypal.Header, want.Header)
			if _, err := s.Verify(context.Background(), req2); err != nil {
				t.Errorf("the SDK's header does not verify: %v", err)
			}
		})
	}
}

var (
	testCreds = apisig.Credentials{AccessKeyID: "jb-us-seller_api1.paypal.com", Secret: apisig.NewSecret("WX4WTU3S8MY44S7F"),
		SessionToken: apisig.NewSecret("Ctsch..an4Bgx0I75X8CTNxqRn8")}
	testToken = "AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q"
)

func newSigner() *paypal.Signer {
	return &paypal.Signer{Token: testToken, Clock: apisig.FixedClock(time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)), Username: testCreds.AccessKeyID,
		Keys:         apisig.StaticKeys{testCreds.AccessKeyID: testCreds.Secret},
		TokenSecrets: apisig.StaticKeys{testToken: testCreds.SessionToken}}
}

func get(host, path, rawQuery string) func() *http.Request {
	return func() *http.Request {
		u := schemetest.URL("https", host, path, rawQuery)
		r, _ := http.NewRequest("GET", u.String(), nil)
		r.URL = u
		r.Header.Set("X-PAYPAL-APPLICATION-ID", "APP-80W284485P519543T")
		return r
	}
}

// TestSuite runs the shared harness. PayPal signs no body and no header but its own, so the
// cases have no body and the other headers are unsigned.
func TestSuite(t *testing.T) {
	s := newSigner()
	schemetest.Run(t, schemetest.Suite{
		Signer: s, Verifier: s, Credentials: testCreds,
		Cases: []schemetest.Case{
			{Name: "permissions", Request: get("svcs.sandbox.paypal.com", "/Permissions/GetBasicPersonalData", "")},
			{Name: "query-awkward", Request: get("SVCS.paypal.com:8443", "/AdaptivePayments/Pay", "b=2&a=1&a=0&sp=a+b&dot=a.b-c*d~e&uni=%E1%88%B4&empty=")},
		},
		Carriers: []string{paypal.Header},
		Unsigned: []string{"X-PAYPAL-APPLICATION-ID"},
	})
}

func TestVerifyErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(r *http.Request, s *paypal.Signer)
		kind   error
	}{
		{"good", func(*http.Request, *paypal.Signer) {}, nil},
		{"missing", func(r *http.Request, _ *paypal.Signer) { r.Header.Del(paypal.Header) }, apisig.ErrNotSigned},
		{"x-pp name", func(r *http.Request, _ *paypal.Signer) {
			r.Header.Set("X-PP-AUTHORIZATION", r.Header.Get(paypal.Header))
			r.Header.Del(paypal.Header)
		}, apisig.ErrNotSigned},
		{"duplicate key", func(r *http.Request, _ *paypal.Signer) {
			r.Header.Set(paypal.Header, r.Header.Get(paypal.Header)+",token=x")
		}, apisig.ErrMalformed},
		{"unknown key", func(r *http.Request, _ *paypal.Signer) {
			r.Header.Set(paypal.Header, r.Header.Get(paypal.Header)+",nonce=x")
		}, apisig.ErrMalformed},
		{"non-numeric timestamp", func(r *http.Request, _ *paypal.Signer) {
			h := r.Header.Get(paypal.Header)
			r.Header.Set(paypal.Header, h[:strings.LastIndex(h, "=")+1]+"2026-11-23")
		}, apisig.ErrMalformed},
		{"hex signature", func(r *http.Request, _ *paypal.Signer) {
			r.Header.Set(paypal.Header, "token="+testToken+",signature=d6da5d66e0f33ca7415b420cedf6b7286f05cba3,timestamp=1795426200")
		}, apisig.ErrMalformed},
		{"skewed", func(_ *http.Request, s *paypal.Signer) {
			s.Clock = apisig.FixedClock(time.Date(2026, 11, 23, 9, 40, 0, 0, time.UTC))
		}, apisig.ErrSkewed},
		{"unknown token", func(_ *http.Request, s *paypal.Signer) { s.TokenSecrets = apisig.StaticKeys{} }, apisig.ErrUnknownKey},
		{"wrong password", func(_ *http.Request, s *paypal.Signer) {
			s.Keys = apisig.StaticKeys{testCreds.AccessKeyID: apisig.NewSecret("x")}
		}, apisig.ErrMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSigner()
			r := get("svcs.paypal.com", "/Permissions/GetBasicPersonalData", "")()
			if err := s.Sign(context.Background(), r, testCreds); err != nil {
				t.Fatal(err)
			}
			tc.mutate(r, s)
			_, err := s.Verify(context.Background(), r)
			if tc.kind == nil && err != nil || tc.kind != nil && !errors.Is(err, tc.kind) {
				t.Fatalf("Verify = %v, want %v", err, tc.kind)
			}
			var mm *apisig.MismatchError
			if errors.As(err, &mm) && (mm.Code != "520003" || mm.Trace == nil) {
				t.Errorf("mismatch %+v", mm)
			}
			if err != nil && strings.Contains(err.Error(), testCreds.Secret.Reveal()) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

// TestKnobs checks each knob against the published header: the wrong value changes the
// signature (or, for header-name, the header), and the knob's mistake shows in the base string.
func TestKnobs(t *testing.T) {
	for _, tc := range []struct{ knob, value, inBase string }{
		{"hex-case", "upper", "https%3A%2F%2Fsvcs%2Epaypal%2Ecom%2FPermissions%2FGetBasicPersonalData"},
		{"encoder", "rfc3986", "https%3a%2f%2fsvcs.paypal.com%2fPermissions%2fGetBasicPersonalData"},
	} {
		s := newSigner()
		if err := s.SetKnob(tc.knob, tc.value); err != nil {
			t.Fatal(err)
		}
		tr, err := s.Explain(context.Background(), get("svcs.paypal.com", "/Permissions/GetBasicPersonalData", "")(), testCreds)
		if err != nil {
			t.Fatal(err)
		}
		if base, _ := tr.Find(apisig.StepStringToSign); !strings.Contains(base, tc.inBase) {
			t.Errorf("%s=%s: base string %s lacks %s", tc.knob, tc.value, base, tc.inBase)
		}
	}
	s := newSigner()
	if err := s.SetKnob("header-name", "X-PP-AUTHORIZATION"); err != nil {
		t.Fatal(err)
	}
	r := get("svcs.paypal.com", "/p", "")()
	if err := s.Sign(context.Background(), r, testCreds); err != nil || r.Header.Get("X-PP-AUTHORIZATION") == "" || r.Header.Get(paypal.Header) != "" {
		t.Errorf("header-name knob: %v %v", err, r.Header)
	}
	if err := s.SetKnob("encoder", "java"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("bad value: %v", err)
	}
	if err := s.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("unknown knob: %v", err)
	}
}

func TestEscape(t *testing.T) {
	// PayPalURLEncoder's documented rule: only a-z A-Z 0-9 _ literal, space as +, lower hex.
	if got, want := paypal.Escape("a.b-c*d~e_f g/é"), "a%2eb%2dc%2ad%7ee_f+g%2f%c3%a9"; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"token=AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q,signature=bSYc3VxCtofkEHxO9c/FG2q+vy0=,timestamp=1234567890",
		"token=a,token=b", "signature=,timestamp=1", "timestamp=99999999999999", "token=x,signature=%%%,timestamp=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := paypal.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a result")
			}
			return
		}
		again := "token=" + a.Token + ",signature=" + a.Signature + ",timestamp=" + a.Timestamp
		b, err := paypal.ParseAuthorization(again)
		if err != nil || *b != *a {
			t.Fatalf("round trip %q: %+v %v", again, b, err)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	s := newSigner()
	r := get("svcs.paypal.com", "/Permissions/GetBasicPersonalData", "")()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Sign(context.Background(), r, testCreds); err != nil {
			b.Fatal(err)
		}
	}
}
