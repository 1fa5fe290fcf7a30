package aws_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// sigv4Inputs is the "inputs" object of an aws-sigv4 / aws-s3-sigv4 vector (shared/vectors/README.md).
type sigv4Inputs struct {
	Mode        string      `json:"mode"`
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Query       string      `json:"query"`
	Headers     [][2]string `json:"headers"`
	Body        string      `json:"body"`
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		SessionToken    string `json:"session_token"`
	} `json:"credentials"`
	Time                   string `json:"time"`
	Region                 string `json:"region"`
	Service                string `json:"service"`
	NormalizePath          bool   `json:"normalize_path"`
	Expires                int64  `json:"expires"`
	SessionTokenPlacement  string `json:"session_token_placement"`
	AddContentSHA256Header bool   `json:"add_x_amz_content_sha256_header"`
	PayloadHash            string `json:"payload_hash"`
	AuthorizationSeparator string `json:"authorization_separator"`
}

type sigv4Expected struct {
	CanonicalRequest string `json:"canonical_request"`
	StringToSign     string `json:"string_to_sign"`
	Signature        string `json:"signature"`
	Authorization    string `json:"authorization"`
	SignedURL        string `json:"signed_url"`
}

// vectorCase turns a vector's inputs into a request, a configured signer and credentials.
func vectorCase(t *testing.T, in sigv4Inputs) (*http.Request, *aws.SigV4, apisig.Credentials) {
	t.Helper()
	signedAt, err := time.Parse("20060102T150405Z", in.Time)
	if err != nil {
		t.Fatal(err)
	}
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
	// The vector's path is not yet percent-encoded: send it escaped once, as a client would.
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, in.Path))
	var body *strings.Reader
	if in.Body != "" {
		body = strings.NewReader(in.Body)
	}
	var req *http.Request
	if body != nil {
		req, err = http.NewRequest(in.Method, u.String(), body)
	} else {
		req, err = http.NewRequest(in.Method, u.String(), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	req.URL = u
	req.Host = host
	req.Header = hdr

	s := &aws.SigV4{
		Region:                 in.Region,
		Service:                in.Service,
		Clock:                  apisig.FixedClock(signedAt),
		AuthorizationSeparator: in.AuthorizationSeparator,
	}
	if in.Service != "s3" && !in.NormalizePath {
		s.Dialect.PathNormalization = aws.Off
	}
	if in.AddContentSHA256Header {
		s.ContentSHA256 = aws.On
	}
	if in.PayloadHash == aws.UnsignedPayload {
		s.Payload = aws.PayloadUnsigned
	}
	switch in.SessionTokenPlacement {
	case "":
	case "signed-header":
		s.SessionToken = aws.TokenSignedHeader
	case "unsigned-header-after-signing":
		s.SessionToken = aws.TokenUnsignedHeader
	case "signed-query":
		s.SessionToken = aws.TokenSignedQuery
	case "unsigned-query-after-signing":
		s.SessionToken = aws.TokenUnsignedQuery
	default:
		t.Fatalf("unknown session_token_placement %q", in.SessionTokenPlacement)
	}
	creds := apisig.Credentials{
		AccessKeyID:  in.Credentials.AccessKeyID,
		Secret:       apisig.NewSecret(in.Credentials.SecretAccessKey),
		SessionToken: apisig.NewSecret(in.Credentials.SessionToken),
	}
	return req, s, creds
}

func TestPublishedVectors(t *testing.T) {
	for _, dir := range []string{"testdata/vectors/aws-sigv4", "testdata/vectors/aws-s3-sigv4"} {
		for _, v := range vectors.Load(t, dir) {
			t.Run(v.Scheme+"/"+v.Name, func(t *testing.T) {
				t.Parallel()
				var in sigv4Inputs
				var want sigv4Expected
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
					p, tr, err = s.ExplainPresign(ctx, req, creds, time.Duration(in.Expires)*time.Second)
				default:
					t.Fatalf("unknown mode %q", in.Mode)
				}
				if err != nil {
					t.Fatal(err)
				}
				// The trace hides a session token; its full text is compared here.
				crStep, _ := tr.Step(apisig.StepCanonicalRequest)
				cr := crStep.Reveal()
				if !crStep.Secret.IsZero() && strings.Contains(crStep.Value, in.Credentials.SessionToken) {
					t.Error("traced canonical request shows the session token")
				}
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
				if want.Authorization != "" {
					if got := req.Header.Get("Authorization"); got != want.Authorization {
						t.Errorf("Authorization =\n  %s\nwant\n  %s", got, want.Authorization)
					}
				}
				if p != nil {
					if got := p.URL.Query().Get("X-Amz-Signature"); got != want.Signature {
						t.Errorf("presigned URL X-Amz-Signature = %s, want %s", got, want.Signature)
					}
				}
				if want.SignedURL != "" {
					if got := p.URL.String(); got != want.SignedURL {
						t.Errorf("presigned URL =\n  %s\nwant\n  %s", got, want.SignedURL)
					}
				}
			})
		}
	}
}
