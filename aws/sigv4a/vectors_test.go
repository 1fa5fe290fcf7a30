package sigv4a_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/aws/sigv4a"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// v4aInputs is the "inputs" object of an aws-sigv4a vector (testdata/vectors/SOURCE.md).
type v4aInputs struct {
	Mode        string      `json:"mode"`
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Query       string      `json:"query"`
	Headers     [][2]string `json:"headers"`
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		SessionToken    string `json:"session_token"`
	} `json:"credentials"`
	PathIsEscaped bool   `json:"path_is_escaped"`
	PayloadHash   string `json:"payload_hash"`
	Expires       int64  `json:"expires"`
	Time          string `json:"time"`
	RegionSet     string `json:"region_set"`
	Service       string `json:"service"`
	NormalizePath bool   `json:"normalize_path"`
}

type v4aExpected struct {
	PrivateKeyHex                  string `json:"private_key_hex"`
	PublicXHex                     string `json:"public_x_hex"`
	PublicYHex                     string `json:"public_y_hex"`
	CanonicalRequest               string `json:"canonical_request"`
	CanonicalRequestWithoutPayload string `json:"canonical_request_without_payload"`
	StringToSign                   string `json:"string_to_sign"`
	StringToSignSHA256             string `json:"string_to_sign_sha256"`
	Credential                     string `json:"credential"`
	SignedHeaders                  string `json:"signed_headers"`
}

func (in v4aInputs) creds() apisig.Credentials {
	return apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.SecretAccessKey),
		SessionToken: apisig.NewSecret(in.Credentials.SessionToken)}
}

// request builds the vector's request: the path escaped once as a client sends it, the raw
// query, the headers (Host as the request's host). A path given escaped is sent as the SDK's
// tests send it, as URL.Opaque ("//host/path"), which net/http writes verbatim: net/url would
// not keep an escaped path with '^' in RawPath.
func (in v4aInputs) request(t *testing.T) *http.Request {
	t.Helper()
	var host string
	hdr := make(http.Header)
	for _, h := range in.Headers {
		if strings.EqualFold(h[0], "host") {
			host = h[1]
			continue
		}
		hdr.Add(h[0], h[1])
	}
	u := &url.URL{Scheme: "https", Host: host, Path: in.Path, RawQuery: in.Query}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, in.Path))
	req, err := http.NewRequest(in.Method, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.PathIsEscaped {
		p, err := url.PathUnescape(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		u.Path, u.RawPath, u.Opaque = p, "", "//"+host+in.Path
	}
	req.URL, req.Host, req.Header = u, host, hdr
	return req
}

func (in v4aInputs) signer(t *testing.T) *sigv4a.SigV4a {
	t.Helper()
	at, err := time.Parse("20060102T150405Z", in.Time)
	if err != nil {
		t.Fatal(err)
	}
	s := &sigv4a.SigV4a{RegionSet: strings.Split(in.RegionSet, ","), Service: in.Service, Clock: apisig.FixedClock(at),
		Deterministic: true, Region: "us-east-1", Keys: apisig.StaticKeys{in.Credentials.AccessKeyID: apisig.NewSecret(in.Credentials.SecretAccessKey)}}
	if !in.NormalizePath {
		s.Dialect.PathNormalization = aws.Off
	}
	return s
}

func TestPublishedVectors(t *testing.T) {
	vs := vectors.Load(t, "testdata/vectors/aws-sigv4a")
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			var in v4aInputs
			var want v4aExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			if want.PrivateKeyHex != "" {
				checkDerivedKey(t, in.creds(), want)
				return
			}
			ctx := context.Background()
			s := in.signer(t)
			if in.PayloadHash != "" && in.PayloadHash != aws.EmptyPayloadHash {
				t.Fatalf("payload_hash %s: only the empty body's hash is supported", in.PayloadHash)
			}
			req := in.request(t)
			var tr *apisig.Trace
			var err error
			var placed string
			if in.Mode == "query" {
				var p *apisig.Presigned
				p, tr, err = s.ExplainPresign(ctx, req, in.creds(), time.Duration(in.Expires)*time.Second)
				if err == nil {
					placed = p.URL.RawQuery
				}
			} else {
				tr, err = s.Explain(ctx, req, in.creds())
				placed = req.Header.Get("Authorization")
			}
			if err != nil {
				t.Fatal(err)
			}
			cr, _ := tr.Find(apisig.StepCanonicalRequest)
			if crStep, ok := tr.Step(apisig.StepCanonicalRequest); ok {
				cr = crStep.Reveal()
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if want.CanonicalRequest != "" {
				if diff := cmp.Diff(want.CanonicalRequest, cr); diff != "" {
					t.Errorf("canonical request (-published +apisig):\n%s", diff)
				}
			}
			if want.CanonicalRequestWithoutPayload != "" {
				if i := strings.LastIndexByte(cr, '\n'); i < 0 || cr[:i+1] != want.CanonicalRequestWithoutPayload {
					t.Errorf("canonical request (-published +apisig):\n%s", cmp.Diff(want.CanonicalRequestWithoutPayload, cr))
				}
			}
			if want.StringToSign != "" {
				if diff := cmp.Diff(want.StringToSign, sts); diff != "" {
					t.Errorf("string to sign (-published +apisig):\n%s", diff)
				}
			}
			if want.StringToSignSHA256 != "" {
				if h := sha256.Sum256([]byte(sts)); hex.EncodeToString(h[:]) != want.StringToSignSHA256 {
					t.Errorf("SHA-256(string to sign) = %x, want %s; string to sign:\n%s\ncanonical request:\n%s", h, want.StringToSignSHA256, sts, cr)
				}
			}
			if want.Credential != "" && !strings.Contains(placed, want.Credential) && !strings.Contains(placed, url.QueryEscape(want.Credential)) {
				t.Errorf("credential %s not in %s", want.Credential, placed)
			}
			if want.SignedHeaders != "" && !strings.Contains(placed, want.SignedHeaders) && !strings.Contains(placed, url.QueryEscape(want.SignedHeaders)) {
				t.Errorf("signed headers %s not in %s", want.SignedHeaders, placed)
			}
		})
	}
	if len(vs) != 6 {
		t.Errorf("%d vectors, want 6", len(vs))
	}
}

func checkDerivedKey(t *testing.T, creds apisig.Credentials, want v4aExpected) {
	t.Helper()
	pub, err := sigv4a.PublicKey(creds)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if x := hex.EncodeToString(b[1:33]); x != want.PublicXHex {
		t.Errorf("public X = %s, want %s", x, want.PublicXHex)
	}
	if y := hex.EncodeToString(b[33:]); y != want.PublicYHex {
		t.Errorf("public Y = %s, want %s", y, want.PublicYHex)
	}
	tr := &apisig.Trace{}
	s := &sigv4a.SigV4a{RegionSet: []string{"*"}, Service: "s3", Clock: apisig.FixedClock(time.Unix(0, 0))}
	req, _ := http.NewRequest("GET", "https://h/", nil)
	tr, err = s.Explain(context.Background(), req, creds)
	if err != nil {
		t.Fatal(err)
	}
	var d string
	for _, st := range tr.Steps {
		if st.Kind == apisig.StepKey && strings.HasPrefix(st.Name, "private key d") {
			d = st.Reveal()
			if strings.Contains(st.Value, d) {
				t.Error("trace shows the private key")
			}
		}
	}
	if d != want.PrivateKeyHex {
		t.Errorf("private key d = %s, want %s", d, want.PrivateKeyHex)
	}
}
