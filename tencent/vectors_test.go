package tencent_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/tencent"
	"github.com/google/go-cmp/cmp"
)

type tc3Inputs struct {
	Method        string      `json:"method"`
	Path          string      `json:"path"`
	Query         string      `json:"query"`
	Headers       [][2]string `json:"headers"`
	SignedHeaders []string    `json:"signed_headers"`
	Body          string      `json:"body"`
	Timestamp     int64       `json:"timestamp"`
	Service       string      `json:"service"`
	Credentials   struct {
		SecretID  string `json:"secret_id"`
		SecretKey string `json:"secret_key"`
	} `json:"credentials"`
}

type tc3Expected struct {
	CanonicalRequest string `json:"canonical_request"`
	StringToSign     string `json:"string_to_sign"`
	SecretDate       string `json:"secret_date_hex"`
	SecretService    string `json:"secret_service_hex"`
	SecretSigning    string `json:"secret_signing_hex"`
	Signature        string `json:"signature"`
	Authorization    string `json:"authorization"`
}

func TestTC3Vectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/tencent-tc3") {
		t.Run(v.Name, func(t *testing.T) {
			var in tc3Inputs
			var want tc3Expected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			u := &url.URL{Scheme: "https", Path: in.Path, RawQuery: in.Query}
			req, err := http.NewRequest(in.Method, u.String(), strings.NewReader(in.Body))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range in.Headers {
				if strings.EqualFold(h[0], "host") {
					req.Host, req.URL.Host = h[1], h[1]
					continue
				}
				req.Header.Add(h[0], h[1])
			}
			var extra []string
			for _, n := range in.SignedHeaders {
				if n != "content-type" && n != "host" {
					extra = append(extra, n)
				}
			}
			at := time.Unix(in.Timestamp, 0)
			s := &tencent.TC3{Service: in.Service, SignedHeaders: extra, Clock: apisig.FixedClock(at)}
			creds := apisig.Credentials{AccessKeyID: in.Credentials.SecretID, Secret: apisig.NewSecret(in.Credentials.SecretKey)}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			cr, _ := tr.Find(apisig.StepCanonicalRequest)
			if diff := cmp.Diff(want.CanonicalRequest, cr); diff != "" {
				t.Errorf("canonical request (-published +apisig):\n%s", diff)
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if diff := cmp.Diff(want.StringToSign, sts); diff != "" {
				t.Errorf("string to sign (-published +apisig):\n%s", diff)
			}
			var keys []string
			for _, st := range tr.Steps {
				if st.Kind == apisig.StepKey {
					keys = append(keys, st.Reveal())
				}
			}
			for i, k := range []string{want.SecretDate, want.SecretService, want.SecretSigning} {
				if k != "" && (len(keys) != 3 || keys[i] != k) {
					t.Errorf("key step %d = %v, want %s", i, keys, k)
				}
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != want.Signature {
				t.Errorf("signature = %s, want %s", sig, want.Signature)
			}
			if got := req.Header.Get("Authorization"); got != want.Authorization {
				t.Errorf("Authorization =\n  %s\nwant\n  %s", got, want.Authorization)
			}
			// The published request verifies, and the verifier computes the published string to sign.
			vf := &tencent.TC3{Clock: apisig.FixedClock(at), Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
			if _, err := vf.Verify(context.Background(), req); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

type v1Inputs struct {
	Method          string      `json:"method"`
	Host            string      `json:"host"`
	Path            string      `json:"path"`
	SignatureMethod string      `json:"signature_method"`
	Params          [][2]string `json:"params"`
	Credentials     struct {
		SecretID  string `json:"secret_id"`
		SecretKey string `json:"secret_key"`
	} `json:"credentials"`
}

type v1Expected struct {
	StringToSign        string `json:"string_to_sign"`
	Signature           string `json:"signature"`
	SignatureURLEncoded string `json:"signature_urlencoded"`
}

func TestV1Vectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/tencent-v1") {
		t.Run(v.Name, func(t *testing.T) {
			var in v1Inputs
			var want v1Expected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			m, err := tencent.ParseSignatureMethod(in.SignatureMethod)
			if err != nil {
				t.Fatal(err)
			}
			var q []string
			var nonce, ts string
			for _, p := range in.Params {
				switch p[0] {
				case "Nonce":
					nonce = p[1]
				case "Timestamp":
					ts = p[1]
				}
				q = append(q, url.QueryEscape(p[0])+"="+url.QueryEscape(p[1]))
			}
			sec, _ := time.ParseDuration(ts + "s")
			at := time.Unix(int64(sec/time.Second), 0)
			req, err := http.NewRequest(in.Method, "https://"+in.Host+in.Path+"?"+strings.Join(q, "&"), nil)
			if err != nil {
				t.Fatal(err)
			}
			s := &tencent.V1{Method: m, Clock: apisig.FixedClock(at), Nonce: apisig.NonceFunc(func() (string, error) { return nonce, nil })}
			creds := apisig.Credentials{AccessKeyID: in.Credentials.SecretID, Secret: apisig.NewSecret(in.Credentials.SecretKey)}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			if sts, _ := tr.Find(apisig.StepStringToSign); sts != want.StringToSign {
				t.Errorf("string to sign =\n  %s\nwant\n  %s", sts, want.StringToSign)
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != want.Signature {
				t.Errorf("signature = %s, want %s", sig, want.Signature)
			}
			if !strings.Contains(req.URL.RawQuery, "Signature="+want.SignatureURLEncoded) {
				t.Errorf("query %s does not carry Signature=%s", req.URL.RawQuery, want.SignatureURLEncoded)
			}
			vf := &tencent.V1{Clock: apisig.FixedClock(at), Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
			if _, err := vf.Verify(context.Background(), req); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}
