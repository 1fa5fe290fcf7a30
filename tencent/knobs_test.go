package tencent_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent"
)

func tc3Req(body string, headers ...string) func() *http.Request {
	h := append([]string{"Content-Type", "application/json", "X-TC-Action", "DescribeInstances", "X-TC-Version", "2017-03-12"}, headers...)
	return newRequest("POST", "cvm.tencentcloudapi.com", "/", "", body, h...)
}

// TestTC3Knobs checks that each knob value changes the stage it names in the way its rule
// describes. Expectations are the rules' own definitions applied by hand.
func TestTC3Knobs(t *testing.T) {
	// 2026-11-22 20:30 UTC is 2026-11-23 04:30 in Beijing: the E01 window.
	night := time.Date(2026, 11, 22, 20, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		step        string
		want        string // substring of the step after the change
		wantDefault string // substring with the knob at its default
	}{
		{"scope-date-zone", "utc+8", tc3Req(""), "credential scope", "2026-11-23/cvm/", "2026-11-22/cvm/"},
		{"scope-date", "2019-02-25", tc3Req(""), "string to sign", "\n2019-02-25/cvm/tc3_request\n", "\n2026-11-22/cvm/tc3_request\n"},
		{"scope-service", "vod", tc3Req(""), "string to sign", "/vod/tc3_request", "/cvm/tc3_request"},
		{"host", "trailing-slash", tc3Req(""), "canonical headers", "host:cvm.tencentcloudapi.com/\n", "host:cvm.tencentcloudapi.com\n"},
		{"header-value-case", "as-sent", newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "", "Content-Type", "Application/JSON", "X-TC-Action", "A", "X-TC-Version", "V"),
			"canonical headers", "content-type:Application/JSON\n", "content-type:application/json\n"},
		{"canonical-uri", "root", newRequest("POST", "cvm.tencentcloudapi.com", "/api/v3", "", "", "Content-Type", "application/json", "X-TC-Action", "A", "X-TC-Version", "V"),
			"canonical request", "POST\n/\n", "POST\n/api/v3\n"},
		{"payload-hash", "unsigned", tc3Req("{}"), "hashed request payload", "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
		{"payload-hash", "unsigned-literal", tc3Req("{}"), "hashed request payload", "UNSIGNED-PAYLOAD", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
		{"payload-hash", "empty", tc3Req("{}"), "hashed request payload", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
		{"signed-headers", "x-tc-action;X-TC-Version", tc3Req(""), "signed headers", "content-type;host;x-tc-action;x-tc-version", "content-type;host"},
		{"key-derivation", "no-prefix", tc3Req(""), "SecretDate = HMAC-SHA256(\"TC3\" + SecretKey, \"2026-11-22\")", "", ""},
		{"secret", "trimmed", tc3Req(""), "string to sign", "TC3-HMAC-SHA256\n", "TC3-HMAC-SHA256\n"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			ctx := context.Background()
			def := &tencent.TC3{Clock: apisig.FixedClock(night)}
			set := &tencent.TC3{Clock: apisig.FixedClock(night)}
			if err := set.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			trDef, err := def.Explain(ctx, tc.req(), testCreds)
			if err != nil {
				t.Fatal(err)
			}
			trSet, err := set.Explain(ctx, tc.req(), testCreds)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := trSet.Lookup(tc.step)
			gotDef, _ := trDef.Lookup(tc.step)
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s with %s=%s:\n%s\nwant it to contain %q", tc.step, tc.knob, tc.value, got, tc.want)
			}
			if !strings.Contains(gotDef, tc.wantDefault) {
				t.Errorf("%s by default:\n%s\nwant it to contain %q", tc.step, gotDef, tc.wantDefault)
			}
			sigDef, _ := trDef.Find(apisig.StepSignature)
			sigSet, _ := trSet.Find(apisig.StepSignature)
			changes := tc.knob != "secret" // testCreds' secret has no surrounding space
			if (sigDef != sigSet) != changes {
				t.Errorf("signature changed = %v, want %v", sigDef != sigSet, changes)
			}
		})
	}
}

// TestTC3KnobSecret checks the E03 secret forms on secrets with the extra characters.
func TestTC3KnobSecret(t *testing.T) {
	ctx := context.Background()
	sign := func(secret, form string) string {
		s := &tencent.TC3{Clock: apisig.FixedClock(testTime)}
		if err := s.SetKnob("secret", form); err != nil {
			t.Fatal(err)
		}
		tr, err := s.Explain(ctx, tc3Req("")(), apisig.Credentials{AccessKeyID: testCreds.AccessKeyID, Secret: apisig.NewSecret(secret)})
		if err != nil {
			t.Fatal(err)
		}
		sig, _ := tr.Find(apisig.StepSignature)
		return sig
	}
	right := sign(testCreds.Secret.Reveal(), "as-given")
	if got := sign(" "+testCreds.Secret.Reveal()+"\n", "trimmed"); got != right {
		t.Errorf("trimmed: %s, want %s", got, right)
	}
	if got := sign(testCreds.AccessKeyID+"#"+testCreds.Secret.Reveal()+"#shanghai#0", "hash-field-2"); got != right {
		t.Errorf("hash-field-2: %s, want %s", got, right)
	}
}

func TestV1Knobs(t *testing.T) {
	req := newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=DescribeInstances&Action.1=x&Version=2017-03-12", "")
	post := newRequest("POST", "cvm.tencentcloudapi.com", "/", "", "Action=DescribeInstances&Version=2017-03-12", "Content-Type", "application/x-www-form-urlencoded")
	const tail = "SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1795397400&Version=2017-03-12"
	for _, tc := range []struct {
		knob, value string
		req         func() *http.Request
		step        string
		want        string
	}{
		{"sort", "keys", req, "string to sign", "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&Action.1=x&Nonce=11886&" + tail},
		{"sort", "joined", req, "string to sign", "GETcvm.tencentcloudapi.com/?Action.1=x&Action=DescribeInstances&Nonce=11886&" + tail},
		{"string-to-sign", "no-host", req, "string to sign", "GET/?Action="},
		{"string-to-sign", "no-path", req, "string to sign", "GETcvm.tencentcloudapi.com?Action="},
		{"string-to-sign", "no-host-path", req, "string to sign", "GET?Action="},
		{"method", "swapped", req, "string to sign", "POSTcvm.tencentcloudapi.com/?"},
		{"method", "swapped", post, "string to sign", "GETcvm.tencentcloudapi.com/?"},
		{"method", "lower", req, "string to sign", "getcvm.tencentcloudapi.com/?"},
		{"signature-method", "HmacSHA256", req, "string to sign", "&SignatureMethod=HmacSHA256&"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			s := &tencent.V1{Clock: apisig.FixedClock(testTime), Nonce: apisig.NonceFunc(func() (string, error) { return "11886", nil })}
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			tr, err := s.Explain(context.Background(), tc.req(), testCreds)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := tr.Lookup(tc.step); !strings.Contains(got, tc.want) {
				t.Errorf("%s =\n%s\nwant it to contain %q", tc.step, got, tc.want)
			}
		})
	}
}

// TestV1DigestAndPlacementKnobs checks the signature text forms against the published v1
// example: base64 EliP9YW3pW28FpsEdkXt/+WcGeI= decodes to the digest 12588ff585b7a56d..., whose hex and base64-of-hex forms are the other two.
func TestV1DigestAndPlacementKnobs(t *testing.T) {
	const q = "Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Offset=0&Region=ap-guangzhou&Version=2017-03-12"
	at := time.Unix(1465185768, 0)
	creds := apisig.Credentials{AccessKeyID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", Secret: apisig.NewSecret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")}
	for _, tc := range []struct{ knob, value, wantQuery string }{
		{"digest", "base64", "Signature=EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D"},
		{"digest", "hex", "Signature=12588ff585b7a56dbc169b047645edffe59c19e2"},
		{"digest", "base64-hex", "Signature=MTI1ODhmZjU4NWI3YTU2ZGJjMTY5YjA0NzY0NWVkZmZlNTljMTllMg%3D%3D"},
		{"signature-encoding", "raw", "Signature=EliP9YW3pW28FpsEdkXt/+WcGeI="},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			s := &tencent.V1{Clock: apisig.FixedClock(at), Nonce: apisig.NonceFunc(func() (string, error) { return "11886", nil })}
			if err := s.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			req := newRequest("GET", "cvm.tencentcloudapi.com", "/", q, "")()
			if err := s.Sign(context.Background(), req, creds); err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(req.URL.RawQuery, "&"+tc.wantQuery) {
				t.Errorf("query = %s\nwant it to end in &%s", req.URL.RawQuery, tc.wantQuery)
			}
		})
	}
}

func TestKnobErrors(t *testing.T) {
	for _, tg := range []apisig.Tunable{&tencent.TC3{}, &tencent.V1{}} {
		if err := tg.SetKnob("no-such-knob", "x"); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("%T unknown knob: %v", tg, err)
		}
		for _, k := range tg.Knobs() {
			if k.Values == nil {
				continue
			}
			if err := tg.SetKnob(k.Name, "no-such-value"); !errors.Is(err, apisig.ErrInvalidInput) {
				t.Errorf("%T knob %s: bad value accepted: %v", tg, k.Name, err)
			}
			for _, v := range k.Values {
				if err := tg.SetKnob(k.Name, v); err != nil {
					t.Errorf("%T knob %s=%s: %v", tg, k.Name, v, err)
				}
			}
		}
	}
	if err := (&tencent.TC3{}).SetKnob("signed-headers", "x;y z"); !errors.Is(err, apisig.ErrInvalidInput) {
		t.Errorf("signed-headers with a space: %v", err)
	}
}

// TestE01Window: a client that computes the scope date in Beijing time signs correctly from
// 08:00 to 24:00 Beijing time and fails from 00:00 to 08:00, as the E01 reports describe.
func TestE01Window(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		at       time.Time
		verifies bool
	}{
		{time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC), true},    // 09:30 Beijing, same date
		{time.Date(2026, 11, 23, 15, 59, 0, 0, time.UTC), true},   // 23:59 Beijing
		{time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC), false},   // 00:00 Beijing, next date
		{time.Date(2026, 11, 23, 23, 59, 59, 0, time.UTC), false}, // 07:59 Beijing
	} {
		s := &tencent.TC3{Clock: apisig.FixedClock(tc.at)}
		if err := s.SetKnob("scope-date-zone", "utc+8"); err != nil {
			t.Fatal(err)
		}
		req := tc3Req("{}")()
		if err := s.Sign(ctx, req, testCreds); err != nil {
			t.Fatal(err)
		}
		v := &tencent.TC3{Clock: apisig.FixedClock(tc.at), Keys: testKeys}
		_, err := v.Verify(ctx, req)
		if (err == nil) != tc.verifies || (err != nil && !errors.Is(err, apisig.ErrMismatch)) {
			t.Errorf("signed at %s with a Beijing scope date: Verify = %v, want verifies=%v", tc.at, err, tc.verifies)
		}
	}
}
