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

// rpcInputs is the "inputs" object of an aliyun-rpc-v1 vector (shared/vectors/README.md).
type rpcInputs struct {
	Method      string      `json:"method"`
	Params      [][2]string `json:"params"`
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		AccessKeySecret string `json:"access_key_secret"`
	} `json:"credentials"`
}

type rpcExpected struct {
	StringToSign        string `json:"string_to_sign"`
	HMACKey             string `json:"hmac_key"`
	Signature           string `json:"signature"`
	SignatureURLEncoded string `json:"signature_urlencoded"`
}

// TestRPCVectors signs each published RPC example through the signer: the vector's Timestamp
// and SignatureNonce become the clock and the nonce source, its other parameters the query.
// The TimeStamp-spelled vector needs the timestamp-name knob (C09), which is the point of it.
func TestRPCVectors(t *testing.T) {
	for _, v := range vectors.Load(t, "testdata/vectors/aliyun-rpc-v1") {
		t.Run(v.Name, func(t *testing.T) {
			var in rpcInputs
			var want rpcExpected
			vectors.Decode(t, v.Inputs, &in)
			vectors.Decode(t, v.Expected, &want)
			s := &alibaba.RPC{}
			var query []string
			for _, p := range in.Params {
				switch p[0] {
				case "Timestamp", "TimeStamp":
					ts, err := time.Parse(alibaba.TimestampLayout, p[1])
					if err != nil {
						t.Fatal(err)
					}
					s.Clock = apisig.FixedClock(ts)
					if p[0] == "TimeStamp" {
						if err := s.SetKnob("timestamp-name", "TimeStamp"); err != nil {
							t.Fatal(err)
						}
					}
				case "SignatureNonce":
					nonce := p[1]
					s.Nonce = apisig.NonceFunc(func() (string, error) { return nonce, nil })
				case "AccessKeyId", "SignatureMethod", "SignatureVersion":
					// set by the signer; checked through the string to sign
				default:
					query = append(query, url.QueryEscape(p[0])+"="+url.QueryEscape(p[1]))
				}
			}
			req, err := http.NewRequest(in.Method, "http://ecs.aliyuncs.com/?"+strings.Join(query, "&"), nil)
			if err != nil {
				t.Fatal(err)
			}
			creds := apisig.Credentials{AccessKeyID: in.Credentials.AccessKeyID, Secret: apisig.NewSecret(in.Credentials.AccessKeySecret)}
			tr, err := s.Explain(context.Background(), req, creds)
			if err != nil {
				t.Fatal(err)
			}
			sts, _ := tr.Find(apisig.StepStringToSign)
			if diff := cmp.Diff(want.StringToSign, sts); diff != "" {
				t.Errorf("string to sign (-published +apisig):\n%s", diff)
			}
			key, _ := tr.Step(apisig.StepKey)
			if got := key.Reveal(); got != want.HMACKey {
				t.Errorf("HMAC key = %q, want %q", got, want.HMACKey)
			}
			if sig, _ := tr.Find(apisig.StepSignature); sig != want.Signature {
				t.Errorf("signature = %s, want %s", sig, want.Signature)
			}
			if got := req.URL.RawQuery; !strings.HasSuffix(got, "&Signature="+want.SignatureURLEncoded) {
				t.Errorf("query = %s, want it to end with Signature=%s", got, want.SignatureURLEncoded)
			}
			// The signed request verifies, as the gateway would check it.
			s.Keys = apisig.StaticKeys{in.Credentials.AccessKeyID: apisig.NewSecret(in.Credentials.AccessKeySecret)}
			s.Replay = &apisig.MemoryReplay{Clock: s.Clock}
			if _, err := s.Verify(context.Background(), req); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}
