package alibaba_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// acs3Inputs is the "inputs" object of an aliyun-acs3 vector (shared/vectors/README.md).
type acs3Inputs struct {
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Query       string      `json:"query"`
	Headers     [][2]string `json:"headers"`
	Body        string      `json:"body"`
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		AccessKeySecret string `json:"access_key_secret"`
	} `json:"credentials"`
}

type acs3Expected struct {
	CanonicalRequest string `json:"canonical_request"`
	StringToSign     string `json:"string_to_sign"`
	Signature        string `json:"signature"`
	Authorization    string `json:"authorization"`
}

// TestACS3Vectors signs each published V3 example: x-acs-date and x-acs-signature-nonce become
// the clock and the nonce source; x-acs-content-sha256 is recomputed from the body and must
// come out as published.
func TestACS3Vectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aliyun-acs3") {
		t.Run(v.Name, func(t *testing.T) {
			var in acs3Inputs
			var want acs3Expected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			s := &alibaba.ACS3{}
			var host, claimedHash string
			hdr := make(http.Header)
			for _, h := range in.Headers {
				switch h[0] {
				case "host":
					host = h[1]
				case "x-acs-date":
					ts, err := time.Parse(alibaba.TimestampLayout, h[1])
					if err != nil {
						t.Fatal(err)
					}
					s.Clock = apisig.FixedClock(ts)
				case "x-acs-signature-nonce":
					nonce := h[1]
					s.Nonce = apisig.NonceFunc(func() (string, error) { return nonce, nil })
				case "x-acs-content-sha256":
					claimedHash = h[1]
				default:
					hdr[h[0]] = append(hdr[h[0]], h[1])
				}
			}
			u := &url.URL{Scheme: "https", Host: host, Path: in.Path, RawQuery: in.Query}
			var body *strings.Reader
			req, err := http.NewRequest(in.Method, u.String(), nil)
			if in.Body != "" {
				body = strings.NewReader(in.Body)
				req, err = http.NewRequest(in.Method, u.String(), body)
			}
			if err != nil {
				t.Fatal(err)
			}
			req.Header = hdr
			creds := apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.AccessKeySecret)}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			if got := req.Header.Get(alibaba.HeaderACSContentSHA256); got != claimedHash {
				t.Errorf("x-acs-content-sha256 = %s, want %s", got, claimedHash)
			}
			cr, _ := tr.Find(apisig.StepCanonicalRequest)
			if diff := cmp.Diff(want.CanonicalRequest, cr); diff != "" {
				t.Errorf("canonical request (-published +apisig):\n%s", diff)
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if diff := cmp.Diff(want.StringToSign, sts); diff != "" {
				t.Errorf("string to sign (-published +apisig):\n%s", diff)
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != want.Signature {
				t.Errorf("signature = %s, want %s", sig, want.Signature)
			}
			if got := req.Header.Get("Authorization"); got != want.Authorization {
				t.Errorf("Authorization =\n  %s\nwant\n  %s", got, want.Authorization)
			}
			s.Keys = apisig.StaticKeys{in.Credentials.AccessKeyID: apisig.NewSecret(in.Credentials.AccessKeySecret)}
			s.Replay = &apisig.MemoryReplay{Clock: s.Clock}
			if _, err := s.Verify(context.Background(), req); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}
