package tencent

import (
	"context"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

// tc3Cases is the number of generated requests each differential test runs (-short: 500).
func numCases(t *testing.T) int {
	if testing.Short() {
		return 500
	}
	return 10000
}

// TestTC3AgainstSDK: for every generated request, apisig's Authorization equals the one
// tencentcloud-sdk-go computes, byte for byte, and apisig's verifier accepts the SDK's request.
// Endpoints with a path are the one documented class: the SDK signs "/" there, and apisig's
// canonical-uri=root knob reproduces it.
func TestTC3AgainstSDK(t *testing.T) {
	ctx := context.Background()
	var compared, pathClass, verified, withQuery, unsigned, tokens, midnight, large int
	for _, c := range Generate(0x7c3, numCases(t)) {
		sent, body, err := sendSDK(c, "TC3-HMAC-SHA256")
		if err != nil {
			t.Fatalf("case %d: SDK: %v", c.ID, err)
		}
		want := sent.Header.Get("Authorization")
		if !strings.HasPrefix(want, "TC3-HMAC-SHA256 Credential=") {
			t.Fatalf("case %d: SDK sent Authorization %q", c.ID, want)
		}
		if sent.URL.RawQuery != "" {
			withQuery++
		}
		if c.Unsigned {
			unsigned++
		}
		if c.Token != "" {
			tokens++
		}
		if len(body)+len(sent.URL.RawQuery) > 64<<10 {
			large++
		}
		if d := c.Time.Unix() % 86400; d < 60 || d > 86400-60 {
			midnight++
		}
		s := &tencent.TC3{Service: c.Service, Clock: apisig.FixedClock(c.Time)}
		if c.EndpointHasPath() {
			if err := s.SetKnob("canonical-uri", "root"); err != nil {
				t.Fatal(err)
			}
			pathClass++
		}
		creds := apisig.Credentials{AccessKeyID: c.SecretID, Secret: apisig.NewSecret(c.SecretKey), SessionToken: apisig.NewSecret(c.Token)}
		req := replay(sent, body, "Authorization")
		if err := s.Sign(ctx, req, creds); err != nil {
			t.Fatalf("case %d: apisig: %v", c.ID, err)
		}
		compared++
		if got := req.Header.Get("Authorization"); got != want {
			tr, _ := s.Explain(ctx, replay(sent, body, "Authorization"), creds)
			t.Fatalf("case %d (%s %s%s, unsigned=%v):\n apisig %s\n sdk    %s\n%s", c.ID, sent.Method, sent.Host, sent.URL.RequestURI(), c.Unsigned, got, want, tr)
		}
		if c.EndpointHasPath() {
			continue // the SDK's request does not verify at a server that signs the path it receives
		}
		v := &tencent.TC3{Clock: apisig.FixedClock(c.Time), Keys: apisig.StaticKeys{c.SecretID: creds.Secret}, AllowUnsignedPayload: true}
		if _, err := v.Verify(ctx, replay(sent, body)); err != nil {
			t.Fatalf("case %d: apisig does not verify the SDK's request: %v", c.ID, err)
		}
		verified++
	}
	t.Logf("TC3: %d requests byte-identical to tencentcloud-sdk-go (%d with an endpoint path, via canonical-uri=root); %d SDK requests verified", compared, pathClass, verified)
	if withQuery == 0 || unsigned == 0 || tokens == 0 || midnight == 0 || large == 0 {
		t.Errorf("generator did not cover every kind: %d queries, %d unsigned, %d tokens, %d near midnight, %d over 64 KiB", withQuery, unsigned, tokens, midnight, large)
	}
	t.Logf("of which %d GET with a query, %d unsigned payloads, %d session tokens, %d within a minute of UTC midnight, %d with a body or query over 64 KiB", withQuery, unsigned, tokens, midnight, large)
}
