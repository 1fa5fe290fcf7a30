package tencent_test

import (
	"context"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// valid are knob values that are not mistakes a correct verifier must reject: another service
// in the scope (rejected only by a verifier configured with its Service), an unsigned payload,
// more signed headers, HmacSHA256.
var valid = map[string]bool{"scope-service=vod": true, "payload-hash=unsigned": true, "signed-headers=x-tc-action": true, "signature-method=HmacSHA256": true}

// freeValues are values tried for the free-form knobs.
var freeValues = map[string]string{
	"scope-date":     "2026-11-22",
	"scope-service":  "vod",
	"signed-headers": "x-tc-action",
}

// TestKnobsVerify is the property package diagnose relies on: a request signed with any knob
// value verifies under a verifier set to the same value, and (when the value changes the
// signature) fails under a correct verifier.
func TestKnobsVerify(t *testing.T) {
	ctx := context.Background()
	clock := apisig.FixedClock(time.Date(2026, 11, 22, 20, 30, 0, 0, time.UTC)) // 04:30 in Beijing
	creds := apisig.Credentials{AccessKeyID: testCreds.AccessKeyID, Secret: apisig.NewSecret(" AKID#Gu5t9xGARNpq86cd98joQYCN3EXAMPLE#sh ")}
	keys := apisig.StaticKeys{creds.AccessKeyID: creds.Secret}

	tc3Request := newRequest("POST", "cvm.tencentcloudapi.com", "/v3", "", `{"Limit":1}`,
		"Content-Type", "Application/JSON", "X-TC-Action", "DescribeInstances", "X-TC-Version", "2017-03-12")
	for _, k := range (&tencent.TC3{}).Knobs() {
		values := k.Values
		if values == nil {
			values = []string{"", freeValues[k.Name]}
		}
		for _, v := range values[1:] {
			t.Run("tc3/"+k.Name+"="+v, func(t *testing.T) {
				s := &tencent.TC3{Clock: clock, Keys: keys, AllowUnsignedPayload: true}
				if err := s.SetKnob(k.Name, v); err != nil {
					t.Fatal(err)
				}
				req := tc3Request()
				if err := s.Sign(ctx, req, creds); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Verify(ctx, req); err != nil {
					t.Errorf("verifier with the same knob: %v", err)
				}
				plain := &tencent.TC3{Clock: clock, Keys: keys, AllowUnsignedPayload: true}
				ref := tc3Request()
				if err := plain.Sign(ctx, ref, creds); err != nil {
					t.Fatal(err)
				}
				if ref.Header.Get("Authorization") != req.Header.Get("Authorization") && !valid[k.Name+"="+v] {
					if _, err := plain.Verify(ctx, req); err == nil {
						t.Error("a correct verifier accepts the mistaken signature")
					}
				}
			})
		}
	}

	v1Request := newRequest("GET", "cvm.tencentcloudapi.com", "/v1", "Action=DescribeInstances&Action.1=x&Version=2017-03-12", "")
	for _, k := range (&tencent.V1{}).Knobs() {
		for _, v := range k.Values[1:] {
			t.Run("v1/"+k.Name+"="+v, func(t *testing.T) {
				nonce := apisig.NonceFunc(func() (string, error) { return "11887", nil })
				s := &tencent.V1{Clock: clock, Keys: keys, Nonce: nonce, Replay: noReplay{}}
				if err := s.SetKnob(k.Name, v); err != nil {
					t.Fatal(err)
				}
				req := v1Request()
				if err := s.Sign(ctx, req, creds); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Verify(ctx, req); err != nil {
					t.Errorf("verifier with the same knob: %v (%s)", err, req.URL.RawQuery)
				}
				plain := &tencent.V1{Clock: clock, Keys: keys, Nonce: nonce, Replay: noReplay{}}
				ref := v1Request()
				if err := plain.Sign(ctx, ref, creds); err != nil {
					t.Fatal(err)
				}
				if ref.URL.RawQuery != req.URL.RawQuery && !valid[k.Name+"="+v] {
					if _, err := plain.Verify(ctx, req); err == nil {
						t.Error("a correct verifier accepts the mistaken signature")
					}
				}
			})
		}
	}
}

// noReplay accepts every nonce, so one request can be verified twice.
type noReplay struct{}

func (noReplay) Claim(context.Context, string, time.Time) error { return nil }
