package webhook_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/internal/vectors"
	"github.com/apisig/apisig/webhook"
)

// vectorInputs covers the input shapes of every webhook vector file.
type vectorInputs struct {
	Secret        string `json:"secret"`
	SigningSecret string `json:"signing_secret"`
	Payload       string `json:"payload"`
	Body          string `json:"body"`
	Timestamp     string `json:"timestamp"`
	MsgID         string `json:"msg_id"`
}

type vectorExpected struct {
	Signature       string `json:"signature"`
	HeaderName      string `json:"header_name"`
	HeaderValue     string `json:"header_value"`
	SignatureHeader string `json:"signature_header"`
	V1              string `json:"v1"`
	Basestring      string `json:"basestring"`
	HMACHex         string `json:"hmac_hex"`
}

var vectorProvider = map[string]webhook.Provider{
	"webhook-github": webhook.GitHub, "webhook-github-sha1": webhook.GitHubSHA1, "webhook-stripe": webhook.Stripe,
	"webhook-slack": webhook.Slack, "webhook-shopify": webhook.Shopify, "webhook-standard": webhook.Standard,
}

func newDelivery(body string) *http.Request {
	req, err := http.NewRequest("POST", "https://hooks.example.com/in", strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	return req
}

// TestVectors signs each published vector's payload and compares the headers with the
// published ones, then verifies the published headers (a fixed clock at the vector's time).
func TestVectors(t *testing.T) {
	vs := vectors.Load(t, "testdata/vectors")
	for _, v := range vs {
		t.Run(v.Scheme+"/"+v.Name, func(t *testing.T) {
			var in vectorInputs
			var want vectorExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			p, ok := vectorProvider[v.Scheme]
			if !ok {
				t.Fatalf("unknown scheme %q", v.Scheme)
			}
			secret := in.Secret + in.SigningSecret
			body := in.Payload + in.Body
			clock := apisig.FixedClock(time.Unix(1_700_000_000, 0))
			if in.Timestamp != "" {
				ts, _ := strconv.ParseInt(in.Timestamp, 10, 64)
				clock = apisig.FixedClock(time.Unix(ts, 0))
			}
			w := &webhook.Webhook{Provider: p, Secrets: []apisig.Secret{apisig.NewSecret(secret)}, Clock: clock}
			req := newDelivery(body)
			if in.MsgID != "" {
				req.Header.Set(webhook.HeaderStandardID, in.MsgID)
			}
			tr, err := w.Explain(context.Background(), req, apisig.Credentials{})
			if err != nil {
				t.Fatal(err)
			}
			check := func(name, got, want string) {
				t.Helper()
				if want != "" && got != want {
					t.Errorf("%s = %q; want %q", name, got, want)
				}
			}
			switch p {
			case webhook.GitHub, webhook.GitHubSHA1, webhook.Shopify:
				check(want.HeaderName, req.Header.Get(want.HeaderName), want.HeaderValue)
				if want.Signature != "" {
					sig, _ := tr.Find(apisig.StepSignature)
					check("signature", sig, want.Signature)
				}
			case webhook.Slack:
				check("X-Slack-Signature", req.Header.Get(webhook.HeaderSlackSignature), want.Signature)
				sts, _ := tr.Find(apisig.StepStringToSign)
				check("basestring", sts, want.Basestring)
			case webhook.Stripe:
				check("Stripe-Signature", req.Header.Get(webhook.HeaderStripe), "t="+in.Timestamp+",v1="+want.V1)
			case webhook.Standard:
				check("webhook-signature", req.Header.Get(webhook.HeaderStandardSig), want.Signature)
			}

			// Verify the published header, not ours.
			h := http.Header{}
			switch p {
			case webhook.Slack:
				h.Set(webhook.HeaderSlackSignature, want.Signature)
				h.Set(webhook.HeaderSlackTimestamp, in.Timestamp)
			case webhook.Stripe:
				h.Set(webhook.HeaderStripe, want.SignatureHeader)
			case webhook.Standard:
				h.Set(webhook.HeaderStandardSig, want.Signature)
				h.Set(webhook.HeaderStandardID, in.MsgID)
				h.Set(webhook.HeaderStandardTime, in.Timestamp)
			default:
				h.Set(want.HeaderName, want.HeaderValue)
			}
			if _, err := w.VerifyPayload(context.Background(), h, []byte(body)); err != nil {
				t.Fatalf("published signature does not verify: %v", err)
			}
			if _, err := w.VerifyPayload(context.Background(), h, append([]byte(body), ' ')); err == nil {
				t.Fatal("published signature verifies a changed body")
			}
			if want.HMACHex != "" {
				h.Set(want.HeaderName, want.HMACHex)
				_, err := w.VerifyPayload(context.Background(), h, []byte(body))
				var f *webhook.Failure
				if !asFailure(err, &f) || !f.Has(webhook.ReasonSignatureEncoding) {
					t.Fatalf("hex MAC in a base64 header: want a signature-encoding finding, got %v", err)
				}
			}
			if !bytes.Contains([]byte(tr.String()), []byte("signed payload")) {
				t.Error("trace has no signed payload")
			}
		})
	}
	if len(vs) < 7 {
		t.Errorf("%d vectors, want at least 7", len(vs))
	}
}
