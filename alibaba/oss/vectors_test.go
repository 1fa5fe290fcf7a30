package oss_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba/oss"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// ossInputs is the "inputs" object of an aliyun-oss-v1 / aliyun-oss-v4 vector.
type ossInputs struct {
	Mode              string       `json:"mode"`
	Method            string       `json:"method"`
	Bucket            string       `json:"bucket"`
	Object            string       `json:"object"`
	Query             string       `json:"query"`
	Params            [][2]*string `json:"params"`
	Expires           int64        `json:"expires"`
	Headers           [][2]string  `json:"headers"`
	AdditionalHeaders []string     `json:"additional_headers"`
	Region            string       `json:"region"`
	Product           string       `json:"product"`
	Time              string       `json:"time"`
	Credentials       struct {
		AccessKeyID     string `json:"access_key_id"`
		AccessKeySecret string `json:"access_key_secret"`
		SecurityToken   string `json:"security_token"`
	} `json:"credentials"`
}

type ossExpected struct {
	StringToSign        string `json:"string_to_sign"`
	Signature           string `json:"signature"`
	SignatureURLEncoded string `json:"signature_urlencoded"`
	Authorization       string `json:"authorization"`
	SignedURL           string `json:"signed_url"`
}

// vectorRequest builds the request of a vector: virtual-hosted unless the vector names a Host.
func vectorRequest(t *testing.T, in ossInputs) (*http.Request, apisig.Credentials) {
	t.Helper()
	host := in.Bucket + ".oss-cn-hangzhou.aliyuncs.com"
	hdr := make(http.Header)
	for _, h := range in.Headers {
		if strings.EqualFold(h[0], "host") {
			host = h[1]
			continue
		}
		hdr[h[0]] = append(hdr[h[0]], h[1]) // as spelled: the signers must fold case themselves
	}
	raw := in.Query
	if in.Params != nil {
		var ps []string
		enc := canon.Encoding{Set: canon.Unreserved}
		for _, p := range in.Params {
			s := enc.Escape(*p[0])
			if p[1] != nil {
				s += "=" + enc.Escape(*p[1])
			}
			ps = append(ps, s)
		}
		raw = strings.Join(ps, "&")
	}
	u := &url.URL{Scheme: "http", Host: host, Path: "/" + in.Object, RawQuery: raw}
	req, err := http.NewRequest(in.Method, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	req.Header = hdr
	c := in.Credentials
	return req, apisig.Credentials{AccessKeyID: c.AccessKeyID, Secret: apisig.NewSecret(c.AccessKeySecret), SessionToken: apisig.NewSecret(c.SecurityToken)}
}

func TestVectorsV1(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aliyun-oss-v1") {
		t.Run(v.Name, func(t *testing.T) {
			var in ossInputs
			var want ossExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			req, creds := vectorRequest(t, in)
			s := &oss.V1{Bucket: in.Bucket}
			switch in.Mode {
			case "header":
				date, err := http.ParseTime(getHeader(in.Headers, "Date"))
				if err != nil {
					t.Fatal(err)
				}
				s.Clock = apisig.FixedClock(date)
				tr, err := s.Explain(context.Background(), req, creds)
				if err != nil {
					t.Fatal(err)
				}
				checkTrace(t, tr, want)
				if got := req.Header.Get("Authorization"); got != want.Authorization {
					t.Errorf("Authorization = %q, want %q", got, want.Authorization)
				}
				s.Keys = apisig.StaticKeys{creds.AccessKeyID: creds.Secret}
				if _, err := s.Verify(context.Background(), req); err != nil {
					t.Errorf("Verify: %v", err)
				}
			case "query":
				s.Clock = apisig.FixedClock(time.Unix(in.Expires-60, 0))
				p, tr, err := s.ExplainPresign(context.Background(), req, creds, time.Minute)
				if err != nil {
					t.Fatal(err)
				}
				checkTrace(t, tr, want)
				if got := p.URL.Query().Get("Signature"); got != want.Signature {
					t.Errorf("Signature = %q, want %q", got, want.Signature)
				}
				if !strings.Contains(p.URL.RawQuery, "Signature="+want.SignatureURLEncoded) {
					t.Errorf("URL %s does not carry Signature=%s", p.URL, want.SignatureURLEncoded)
				}
				if want.SignedURL != "" && p.URL.String() != want.SignedURL {
					t.Errorf("URL:\n got %s\nwant %s", p.URL, want.SignedURL)
				}
				s.Keys = apisig.StaticKeys{creds.AccessKeyID: creds.Secret}
				if _, err := s.Verify(context.Background(), presignedRequest(t, p)); err != nil {
					t.Errorf("Verify: %v", err)
				}
			default:
				t.Fatalf("unknown mode %q", in.Mode)
			}
		})
	}
}

func TestVectorsV4(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aliyun-oss-v4") {
		t.Run(v.Name, func(t *testing.T) {
			var in ossInputs
			var want ossExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			req, creds := vectorRequest(t, in)
			signedAt, err := time.Parse("20060102T150405Z", in.Time)
			if err != nil {
				t.Fatal(err)
			}
			s := &oss.V4{Region: in.Region, Product: in.Product, Bucket: in.Bucket, AdditionalHeaders: in.AdditionalHeaders, Clock: apisig.FixedClock(signedAt)}
			keys := apisig.StaticKeys{creds.AccessKeyID: creds.Secret}
			switch in.Mode {
			case "header":
				tr, err := s.Explain(context.Background(), req, creds)
				if err != nil {
					t.Fatal(err)
				}
				checkTrace(t, tr, want)
				if got := req.Header.Get("Authorization"); got != want.Authorization {
					t.Errorf("Authorization:\n got %s\nwant %s", got, want.Authorization)
				}
				s.Keys = keys
				if _, err := s.Verify(context.Background(), req); err != nil {
					t.Errorf("Verify: %v", err)
				}
			case "query":
				p, tr, err := s.ExplainPresign(context.Background(), req, creds, time.Duration(in.Expires)*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				checkTrace(t, tr, want)
				if got := p.URL.Query().Get("x-oss-signature"); got != want.Signature {
					t.Errorf("x-oss-signature = %q, want %q", got, want.Signature)
				}
				// The SDK sends '/' in the key as %2F; apisig sends it literally. Both name the
				// same key, so the query is compared byte for byte and the path decoded.
				wu, err := url.Parse(want.SignedURL)
				if err != nil {
					t.Fatal(err)
				}
				if p.URL.RawQuery != wu.RawQuery {
					t.Errorf("query:\n got %s\nwant %s", p.URL.RawQuery, wu.RawQuery)
				}
				if p.URL.Path != wu.Path || p.URL.Host != wu.Host {
					t.Errorf("URL %s, want %s", p.URL, want.SignedURL)
				}
				s.Keys = keys
				if _, err := s.Verify(context.Background(), presignedRequest(t, p)); err != nil {
					t.Errorf("Verify: %v", err)
				}
			default:
				t.Fatalf("unknown mode %q", in.Mode)
			}
		})
	}
}

func checkTrace(t *testing.T, tr *apisig.Trace, want ossExpected) {
	t.Helper()
	if want.StringToSign != "" {
		st, _ := tr.Step(apisig.StepStringToSign)
		if diff := cmp.Diff(want.StringToSign, st.Reveal()); diff != "" {
			t.Errorf("string to sign (-want +got):\n%s", diff)
		}
	}
	if want.Signature != "" {
		if got, _ := tr.Find(apisig.StepSignature); got != want.Signature {
			t.Errorf("signature = %q, want %q", got, want.Signature)
		}
	}
}

func getHeader(hs [][2]string, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h[0], name) {
			return h[1]
		}
	}
	return ""
}

// presignedRequest is the request a holder of a presigned URL sends.
func presignedRequest(t *testing.T, p *apisig.Presigned) *http.Request {
	t.Helper()
	req, err := http.NewRequest(p.Method, p.URL.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range p.Header {
		req.Header[k] = v
	}
	return req
}
