package sigv2_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// v2Inputs is the "inputs" object of an aws-sigv2-s3 vector (shared/vectors/README.md).
type v2Inputs struct {
	Mode           string      `json:"mode"`
	Method         string      `json:"method"`
	Path           string      `json:"path"`
	Query          string      `json:"query"`
	ResourcePrefix string      `json:"resource_prefix"`
	Headers        [][2]string `json:"headers"`
	Expires        int64       `json:"expires"`
	AmzDateInDate  bool        `json:"x_amz_date_in_date_line"`
	Credentials    struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	} `json:"credentials"`
}

type v2Expected struct {
	StringToSign        string `json:"string_to_sign"`
	Signature           string `json:"signature"`
	Authorization       string `json:"authorization"`
	SignatureURLEncoded string `json:"signature_urlencoded"`
	SignedURL           string `json:"signed_url"`
}

// rfc1123Z is the date form of the S3 guide's examples ("Tue, 27 Mar 2007 19:36:42 +0000").
const rfc1123Z = "Mon, 02 Jan 2006 15:04:05 -0700"

// vectorCase builds the vector's request and a signer whose clock is the vector's date, so the
// Date (or X-Amz-Date) the signer sets is the one the example sent.
func vectorCase(t *testing.T, in v2Inputs) (*http.Request, *sigv2.SigV2, apisig.Credentials) {
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
	u, err := url.Parse("https://" + host + in.Path)
	if err != nil {
		t.Fatal(err)
	}
	u.RawQuery = in.Query
	req, err := http.NewRequest(in.Method, u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	req.Header = hdr
	s := &sigv2.SigV2{Bucket: strings.TrimPrefix(in.ResourcePrefix, "/"), DateFormat: rfc1123Z}
	date := hdr.Get("Date")
	if v := hdr.Get("X-Amz-Date"); v != "" {
		date = v
		s.DateHeader = sigv2.DateHeaderAmzDate
	}
	if in.AmzDateInDate {
		if err := s.SetKnob("date-line", "x-amz-date"); err != nil {
			t.Fatal(err)
		}
	}
	switch {
	case date != "":
		signedAt, err := time.Parse(rfc1123Z, date)
		if err != nil {
			t.Fatal(err)
		}
		s.Clock = apisig.FixedClock(signedAt)
	case in.Mode == "query":
		s.Clock = apisig.FixedClock(time.Unix(in.Expires, 0).Add(-time.Hour))
	}
	creds := apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.SecretAccessKey)}
	return req, s, creds
}

func TestPublishedVectors(t *testing.T) {
	vs := vectors.Load(t, "testdata/vectors/aws-sigv2-s3")
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			var in v2Inputs
			var want v2Expected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			req, s, creds := vectorCase(t, in)
			ctx := context.Background()
			var tr *apisig.Trace
			var p *apisig.Presigned
			var err error
			switch in.Mode {
			case "header":
				tr, err = s.Explain(ctx, req, creds)
			case "query":
				p, tr, err = s.ExplainPresign(ctx, req, creds, time.Hour)
			default:
				t.Fatalf("unknown mode %q", in.Mode)
			}
			if err != nil {
				t.Fatal(err)
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if diff := cmp.Diff(want.StringToSign, sts); diff != "" {
				t.Errorf("string to sign (-published +apisig):\n%s", diff)
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != want.Signature {
				t.Errorf("signature = %s, want %s", sig, want.Signature)
			}
			if want.Authorization != "" {
				if got := req.Header.Get("Authorization"); got != want.Authorization {
					t.Errorf("Authorization = %s, want %s", got, want.Authorization)
				}
			}
			if want.SignatureURLEncoded != "" && !strings.Contains(p.URL.RawQuery, "Signature="+want.SignatureURLEncoded) {
				t.Errorf("presigned query %s does not carry Signature=%s", p.URL.RawQuery, want.SignatureURLEncoded)
			}
			if want.SignedURL != "" && p.URL.String() != want.SignedURL {
				t.Errorf("presigned URL =\n  %s\nwant\n  %s", p.URL, want.SignedURL)
			}
		})
	}
	if len(vs) != 7 {
		t.Errorf("%d vectors, want the 7 of shared/vectors/aws-sigv2-s3", len(vs))
	}
}
