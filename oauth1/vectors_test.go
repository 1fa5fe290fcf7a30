package oauth1_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/oauth1"
	"github.com/google/go-cmp/cmp"
)

// vectorInputs is the "inputs" object of an oauth1-hmac-sha1 vector.
type vectorInputs struct {
	Method         string      `json:"method"`
	URL            string      `json:"url"`
	Body           string      `json:"body"`
	ContentType    string      `json:"content_type"`
	OAuthParams    [][2]string `json:"oauth_params"`
	Realm          string      `json:"realm"`
	ConsumerSecret string      `json:"consumer_secret"`
	TokenSecret    string      `json:"token_secret"`
}

type vectorExpected struct {
	NormalizedParameters string `json:"normalized_parameters"`
	SignatureBaseString  string `json:"signature_base_string"`
	SigningKey           string `json:"signing_key"`
	Signature            string `json:"signature"`
	SignatureHeaderValue string `json:"signature_header_value"`
}

// vectorCase turns a vector into a request, a signer configured to send exactly the vector's
// protocol parameters, and credentials.
func vectorCase(t *testing.T, in vectorInputs) (func() *http.Request, *oauth1.Signer, apisig.Credentials, time.Time) {
	t.Helper()
	s := &oauth1.Signer{OmitVersion: true, Realm: in.Realm}
	creds := apisig.Credentials{Secret: apisig.NewSecret(in.ConsumerSecret), SessionToken: apisig.NewSecret(in.TokenSecret)}
	if in.ConsumerSecret == "" {
		creds.Secret = apisig.NewSecret("unpublished")
	}
	var at time.Time
	for _, p := range in.OAuthParams {
		switch p[0] {
		case oauth1.ParamConsumerKey:
			creds.AccessKeyID = p[1]
		case oauth1.ParamToken:
			s.Token = p[1]
		case oauth1.ParamSignatureMethod:
			m, err := oauth1.ParseMethod(p[1])
			if err != nil {
				t.Fatal(err)
			}
			s.Method = m
		case oauth1.ParamTimestamp:
			n, err := strconv.ParseInt(p[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			at = time.Unix(n, 0)
			s.Clock = apisig.FixedClock(at)
		case oauth1.ParamNonce:
			nonce := p[1]
			s.Nonce = apisig.NonceFunc(func() (string, error) { return nonce, nil })
		case oauth1.ParamVersion:
			if p[1] != "1.0" {
				t.Fatalf("oauth_version %q", p[1])
			}
			s.OmitVersion = false
		case oauth1.ParamCallback:
			s.Callback = p[1]
		case oauth1.ParamVerifier:
			s.Verifier = p[1]
		default:
			t.Fatalf("unexpected protocol parameter %q", p[0])
		}
	}
	newReq := func() *http.Request {
		var body *strings.Reader
		if in.Body != "" {
			body = strings.NewReader(in.Body)
		}
		var req *http.Request
		var err error
		if body != nil {
			req, err = http.NewRequest(in.Method, in.URL, body)
		} else {
			req, err = http.NewRequest(in.Method, in.URL, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		if in.ContentType != "" {
			req.Header.Set("Content-Type", in.ContentType)
		}
		return req
	}
	return newReq, s, creds, at
}

// TestVectors checks every published vector: normalized parameters, base string, signature, the
// value placed in the Authorization header, and that the signed request verifies.
func TestVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors") {
		t.Run(v.Name, func(t *testing.T) {
			var in vectorInputs
			var want vectorExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			newReq, s, creds, at := vectorCase(t, in)
			req := newReq()
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			check := func(name, want string) {
				t.Helper()
				if want == "" {
					return
				}
				got, ok := tr.Lookup(name)
				if !ok {
					t.Fatalf("trace has no step %q", name)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
			check("normalized parameters", want.NormalizedParameters)
			check("signature base string", want.SignatureBaseString)
			if want.SigningKey != "" {
				step, _ := tr.Step(apisig.StepKey)
				if got := step.Reveal(); got != want.SigningKey {
					t.Errorf("signing key = %q, want %q", got, want.SigningKey)
				}
			}
			if want.Signature == "" {
				return // no secrets published
			}
			if got, _ := tr.Find(apisig.StepSignature); got != want.SignatureHeaderValue {
				t.Errorf("oauth_signature = %q, want %q (%s)", got, want.SignatureHeaderValue, want.Signature)
			}
			authz := req.Header.Get("Authorization")
			if !strings.Contains(authz, `oauth_signature="`+want.SignatureHeaderValue+`"`) {
				t.Errorf("Authorization %q does not carry the signature %s", authz, want.SignatureHeaderValue)
			}
			if in.Realm != "" && !strings.HasPrefix(authz, `OAuth realm="`+in.Realm+`", `) {
				t.Errorf("Authorization %q does not start with the realm", authz)
			}
			// The request as the vector's client sends it verifies.
			verifier := vectorVerifier(s, creds, at)
			if _, err := verifier.Verify(context.Background(), req); err != nil {
				t.Errorf("signed request does not verify: %v", err)
			}
			// So does the vector's own header, parameters in its order.
			req2 := newReq()
			var b strings.Builder
			b.WriteString("OAuth ")
			if in.Realm != "" {
				b.WriteString(`realm="` + in.Realm + `", `)
			}
			for _, p := range in.OAuthParams {
				b.WriteString(p[0] + `="` + oauth1.Escape(p[1]) + `", `)
			}
			b.WriteString(`oauth_signature="` + want.SignatureHeaderValue + `"`)
			req2.Header.Set("Authorization", b.String())
			if _, err := vectorVerifier(s, creds, at).Verify(context.Background(), req2); err != nil {
				t.Errorf("the vector's Authorization header does not verify: %v\n%s", err, b.String())
			}
		})
	}
}

func vectorVerifier(s *oauth1.Signer, creds apisig.Credentials, at time.Time) *oauth1.Signer {
	v := *s
	v.Clock = apisig.FixedClock(at.Add(time.Minute))
	v.Keys = apisig.StaticKeys{creds.AccessKeyID: creds.Secret}
	v.TokenSecrets = apisig.StaticKeys{s.Token: creds.SessionToken}
	if s.Method == oauth1.RSASHA1 {
		k, err := oauth1.ParsePrivateKey([]byte(creds.Secret.Reveal()))
		if err != nil {
			panic(err)
		}
		v.PublicKeys = oauth1.StaticPublicKeys{creds.AccessKeyID: &k.PublicKey}
	}
	v.Replay = &apisig.MemoryReplay{Clock: v.Clock}
	return &v
}
