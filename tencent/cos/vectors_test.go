package cos_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/tencent/cos"
	"github.com/google/go-cmp/cmp"
)

// cosInputs is the "inputs" object of a tencent-cos vector.
type cosInputs struct {
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Params      [][2]string `json:"params"`
	KeyTime     string      `json:"key_time"`
	Credentials struct {
		SecretID  string `json:"secret_id"`
		SecretKey string `json:"secret_key"`
	} `json:"credentials"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
}

type cosExpected struct {
	SignKey        string `json:"sign_key"`
	URLParamList   string `json:"url_param_list"`
	HTTPParameters string `json:"http_parameters"`
	HeaderList     string `json:"header_list"`
	HTTPHeaders    string `json:"http_headers"`
	StringToSign   string `json:"string_to_sign"`
	Signature      string `json:"signature"`
	Authorization  string `json:"authorization"`
}

// vectorCase turns a vector's inputs into a request, a signer and credentials. The vectors
// sign every header they list, Date included, so the signer's set is the default plus date.
func vectorCase(t *testing.T, in cosInputs) (*http.Request, *cos.Signer, apisig.Credentials) {
	t.Helper()
	start, end, ok := strings.Cut(in.KeyTime, ";")
	if !ok {
		t.Fatalf("key_time %q", in.KeyTime)
	}
	s0, _ := strconv.ParseInt(start, 10, 64)
	s1, _ := strconv.ParseInt(end, 10, 64)
	var host string
	hdr := make(http.Header)
	for _, h := range in.Headers {
		if strings.EqualFold(h[0], "host") {
			host = h[1]
			continue
		}
		hdr.Add(h[0], h[1])
	}
	enc := canon.Encoding{Set: canon.Unreserved}
	var q []string
	for _, p := range in.Params {
		q = append(q, enc.Escape(p[0])+"="+enc.Escape(p[1]))
	}
	u := &url.URL{Scheme: "https", Host: host, Path: in.Path, RawQuery: strings.Join(q, "&")}
	req, err := http.NewRequest(in.Method, u.String(), strings.NewReader(in.Body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = hdr
	s := &cos.Signer{
		Clock:         apisig.FixedClock(time.Unix(s0, 0)),
		Expiry:        time.Duration(s1-s0) * time.Second,
		SignedHeaders: append(slices.Clone(cos.DefaultSignedHeaders), "date"),
	}
	creds := apisig.Credentials{AccessKeyID: in.Credentials.SecretID, Secret: apisig.NewSecret(in.Credentials.SecretKey)}
	return req, s, creds
}

func TestVectors(t *testing.T) {
	vs := vectors.Load(t, "testdata/vectors")
	if len(vs) != 2 {
		t.Fatalf("%d vectors, want the 2 of the COS signature page", len(vs))
	}
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			var in cosInputs
			var want cosExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			req, s, creds := vectorCase(t, in)
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			step := func(name string) string {
				for _, st := range tr.Steps {
					if st.Name == name || strings.HasPrefix(st.Name, name+" ") {
						return st.Reveal()
					}
				}
				t.Fatalf("trace has no step %q:\n%s", name, tr)
				return ""
			}
			for _, c := range []struct{ name, got, want string }{
				{"SignKey", step("SignKey"), want.SignKey},
				{"UrlParamList", step("UrlParamList"), want.URLParamList},
				{"HttpParameters", step("HttpParameters"), want.HTTPParameters},
				{"HeaderList", step("HeaderList"), want.HeaderList},
				{"HttpHeaders", step("HttpHeaders"), want.HTTPHeaders},
				{"StringToSign", step("StringToSign"), want.StringToSign},
				{"Signature", step("Signature"), want.Signature},
				{"Authorization", req.Header.Get("Authorization"), want.Authorization},
			} {
				if diff := cmp.Diff(c.want, c.got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", c.name, diff)
				}
			}
			if got := step("path"); got != in.Path {
				t.Errorf("HttpString path = %q, want the decoded path %q", got, in.Path)
			}

			// The signed request verifies at the vector's time, with the vector's key.
			verifier := &cos.Signer{Clock: s.Clock, Keys: apisig.StaticKeys{creds.AccessKeyID: creds.Secret}}
			if _, err := verifier.Verify(context.Background(), req); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

// TestVectorMangledPath pins the vector notes: the English page's translated object name
// and the percent-encoded path both give other signatures than the published one.
func TestVectorMangledPath(t *testing.T) {
	var in cosInputs
	var want cosExpected
	for _, v := range vectors.Load(t, "testdata/vectors") {
		if v.Name == "put-object-utf8-key" {
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
		}
	}
	for _, c := range []struct {
		name, path, knob, want string
	}{
		{"english-doc-path", "/exampleobject(tencentcloud)", "", "510c3188792ade032be0eecda87da5edc6b26c29"},
		{"encoded-path", in.Path, "encoded", "7c721063919d103b9edf446ec8b660f954a66593"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := in
			in.Path = c.path
			req, s, creds := vectorCase(t, in)
			// The request line of the page: parentheses literal, the name percent-encoded.
			req.URL.RawPath = "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)"
			if c.knob != "" {
				if err := s.SetKnob("path", c.knob); err != nil {
					t.Fatal(err)
				}
			}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != c.want || sig == want.Signature {
				t.Errorf("signature = %s, want %s (the vector notes' value)", sig, c.want)
			}
		})
	}
}
