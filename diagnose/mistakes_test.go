package diagnose_test

import (
	"context"
	"flag"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// baseRequest is a correct request of one scheme, from a published example, with the inputs
// needed to sign it again.
type baseRequest struct {
	name   string
	scheme string
	params map[string]string
	method string
	url    string
	header map[string]string
	body   string
	creds  apisig.Credentials
	at     time.Time
	nonce  string
	// source names the published example the request comes from.
	source string
	// keys are the verifier's secrets when the scheme takes more than one (OAuth).
	keys apisig.StaticKeys
}

func (b baseRequest) build(t *testing.T) *http.Request {
	t.Helper()
	var body io.Reader
	if b.body != "" {
		body = strings.NewReader(b.body)
	}
	req, err := http.NewRequest(b.method, b.url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	return req
}

func (b baseRequest) config(knobs map[string]string) apisig.Config {
	cfg := apisig.Config{Params: b.params, Knobs: knobs, Clock: apisig.FixedClock(b.at)}
	if b.nonce != "" {
		n := b.nonce
		cfg.Nonce = apisig.NonceFunc(func() (string, error) { return n, nil })
	}
	return cfg
}

// awkward is appended to the base requests' queries: the characters that encoders disagree on,
// a valueless parameter and a repeated one. awkwardUnique leaves out the repeated one, for
// schemes that refuse it (Alibaba RPC, Tencent v1).
const (
	awkwardUnique = "&q=a%20b%2Bc%2A%7E%21%27%28%29%2F&empty="
	awkward       = awkwardUnique + "&dup=2&dup=1"
)

// bases are the correct requests the mistakes are applied to; each comes from a published
// example (source: shared/vectors or a package's testdata/vectors) with its keys, host and
// time, and most have awkward query parameters, header spacing or body characters added so
// that every encoding knob has something to change.
var bases = []baseRequest{
	{name: "S3 GET Object", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "s3"},
		method: "GET", url: "https://examplebucket.s3.amazonaws.com/test%20file+%2A.txt?list-type=2" + awkward,
		header: map[string]string{"Range": "bytes=0-9", "X-Amz-Meta-Note": "  two  spaces  "},
		creds:  apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
		at:     time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC), source: "aws-s3-sigv4/get-object-range.json"},
	{name: "SigV4 test suite get-vanilla", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "service"},
		method: "POST", url: "https://example.amazonaws.com/a%20b/./c/../d?Param1=value1" + awkward,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "Action=Test",
		creds: apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")},
		at:    time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), source: "aws-sigv4/get-vanilla.json"},
	{name: "S3 GET Object with temporary credentials", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "s3"},
		method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
		creds: apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), SessionToken: apisig.NewSecret("AQoDYXdzEJr//token")},
		at:    time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC), source: "aws-s3-sigv4/get-object-range.json"},
	{name: "S3 SigV2 DELETE", scheme: "aws-sigv2-s3", method: "DELETE", url: "https://s3.us-west-1.amazonaws.com/awsexamplebucket1/photos/puppy%20dog+1.jpg?versionId=3&acl",
		header: map[string]string{"Content-Type": "image/jpeg", "X-Amz-Meta-Note": "  two  spaces  "},
		creds:  apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
		at:     time.Date(2007, 3, 27, 21, 20, 27, 0, time.UTC), source: "aws-sigv2-s3/delete-x-amz-date.json"},
	{name: "Alibaba RPC DescribeRegions", scheme: "aliyun-rpc-v1", params: map[string]string{"format": "XML"},
		method: "GET", url: "https://ecs.aliyuncs.com/?Action=DescribeRegions&Version=2014-05-26" + awkwardUnique,
		creds: apisig.Credentials{AccessKeyID: "testid", Secret: apisig.NewSecret("testsecret")},
		at:    time.Date(2016, 2, 23, 12, 46, 24, 0, time.UTC), nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", source: "aliyun-rpc-v1/describe-regions-timestamp.json"},
	{name: "Alibaba ACS3 RunInstances", scheme: "aliyun-acs3",
		method: "POST", url: "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai" + awkward,
		header: map[string]string{"x-acs-action": "RunInstances", "x-acs-version": "2014-05-26"},
		creds:  apisig.Credentials{AccessKeyID: "YourAccessKeyId", Secret: apisig.NewSecret("YourAccessKeySecret")},
		at:     time.Date(2023, 10, 26, 10, 22, 32, 0, time.UTC), nonce: "3156853299f313e23d1673dc12e1703d", source: "aliyun-acs3/run-instances-post-query.json"},
	{name: "Alibaba OSS V1 PUT", scheme: "aliyun-oss-v1", method: "PUT", url: "https://oss-example.oss-cn-hangzhou.aliyuncs.com/oss%20api+1.pdf?acl",
		header: map[string]string{"Content-Type": "application/pdf", "X-Oss-Meta-Note": "  two  spaces  "}, body: "%PDF-1.4",
		creds: apisig.Credentials{AccessKeyID: "44CF9590006BF252F707", Secret: apisig.NewSecret("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV")},
		at:    time.Date(2006, 3, 9, 7, 25, 20, 0, time.UTC), source: "aliyun-oss-v1/presigned-url-doc-python.json"},
	{name: "Alibaba OSS V4 PUT", scheme: "aliyun-oss-v4", params: map[string]string{"region": "cn-hangzhou"},
		method: "PUT", url: "https://bucket.oss-cn-hangzhou.aliyuncs.com/1234+-/123/1%20a.txt?param1=value1&%2Bparam1=value3" + awkward,
		header: map[string]string{"Content-Type": "text/plain", "X-Oss-Head1": "value"}, body: "hello",
		creds: apisig.Credentials{AccessKeyID: "ak", Secret: apisig.NewSecret("sk")},
		at:    time.Date(2023, 12, 16, 17, 25, 12, 0, time.UTC), source: "aliyun-oss-v4/sdk-header-additional-headers.json"},
	{name: "Tencent TC3 DescribeInstances", scheme: "tencent-tc3", params: map[string]string{"service": "cvm", "action": "DescribeInstances", "version": "2017-03-12", "region": "ap-guangzhou"},
		method: "POST", url: "https://cvm.tencentcloudapi.com/", header: map[string]string{"Content-Type": "application/json; charset=utf-8"},
		body:  `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
		creds: apisig.Credentials{AccessKeyID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", Secret: apisig.NewSecret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")},
		at:    time.Unix(1551113065, 0).UTC(), source: "tencent-tc3/cvm-describe-instances-content-type-host.json"},
	{name: "Tencent v1 DescribeInstances", scheme: "tencent-v1", params: map[string]string{"region": "ap-guangzhou"},
		method: "GET", url: "https://cvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Offset=0&Version=2017-03-12&Action.1=x" + awkwardUnique,
		creds: apisig.Credentials{AccessKeyID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", Secret: apisig.NewSecret("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")},
		at:    time.Unix(1465185768, 0).UTC(), nonce: "11886", source: "tencent-v1/cvm-describe-instances-hmacsha1.json"},
	{name: "OAuth 1.0a Twitter statuses/update", scheme: "oauth1", params: map[string]string{"token": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
		method: "POST", url: "https://api.twitter.com:443/1.1/statuses/update.json?include_entities=true&q=a%20b%2A%7E%21%27%28%29&dup=2&dup=1",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body:   "status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21",
		creds: apisig.Credentials{AccessKeyID: "xvz1evFS4wEEPTGEFPHBog", Secret: apisig.NewSecret("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
			SessionToken: apisig.NewSecret("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")},
		keys: apisig.StaticKeys{"xvz1evFS4wEEPTGEFPHBog": apisig.NewSecret("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
			"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb": apisig.NewSecret("LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")},
		at: time.Unix(1318622958, 0).UTC(), nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", source: "oauth1-hmac-sha1 (Twitter's documented example)"},
	{name: "COS GET Object", scheme: "tencent-cos", method: "GET",
		url:    "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject%28%E8%85%BE%E8%AE%AF%E4%BA%91%29+1?response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600",
		header: map[string]string{"Date": "Thu, 16 May 2019 06:55:53 GMT", "X-Cos-Meta-Note": "  two  spaces  "},
		creds:  apisig.Credentials{AccessKeyID: "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", Secret: apisig.NewSecret("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz")},
		at:     time.Unix(1557989753, 0).UTC(), source: "tencent-cos/get-object-response-params.json"},
	{name: "GitHub webhook", scheme: "webhook-github", method: "POST", url: "https://hooks.example.com/github",
		header: map[string]string{"Content-Type": "application/json"}, body: "{\"zen\": \"Hello, World! \u00e9\", \"b\": [1, 2]}\n",
		creds: apisig.Credentials{Secret: apisig.NewSecret("It's a Secret to Everybody")}, source: "webhook-github/docs-hello-world.json"},
	{name: "Stripe webhook", scheme: "webhook-stripe", method: "POST", url: "https://hooks.example.com/stripe",
		header: map[string]string{"Content-Type": "application/json"}, body: stripeEventTestSignature,
		creds: apisig.Credentials{Secret: apisig.NewSecret("webhook_secret")}, at: time.Unix(1533204620, 0).UTC(), source: "webhook/testdata/vectors/stripe-dotnet-event-utility.json"},
	{name: "Slack slash command", scheme: "webhook-slack", method: "POST", url: "https://hooks.example.com/slack",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body:   "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fwebhook-collect&text=caf%C3%A9+*&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J",
		creds:  apisig.Credentials{Secret: apisig.NewSecret("8f742231b10e8888abcd99yyyzzz85a5")}, at: time.Unix(1531420618, 0).UTC(), source: "webhook-slack/docs-slash-command.json"},
	{name: "Shopify webhook", scheme: "webhook-shopify", method: "POST", url: "https://hooks.example.com/shopify",
		header: map[string]string{"Content-Type": "application/json"}, body: `{"id":1234567890,"email":"customer@example.com","total_price":"123.45"}`,
		creds: apisig.Credentials{Secret: apisig.NewSecret("test-webhook-secret")}, source: "webhook/testdata/vectors/shopify-sqlpage-hmac.json"},
	{name: "RFC 9421 B.2.5 HMAC request", scheme: "httpsig", params: map[string]string{"algorithm": "hmac-sha256", "components": "@method @authority @path @query content-type"},
		method: "POST", url: "https://example.com/foo?param=Value&Pet=dog", header: map[string]string{"Content-Type": "application/json", "Date": "Tue, 20 Apr 2021 02:07:55 GMT"},
		body:  `{"hello": "world"}`,
		creds: apisig.Credentials{AccessKeyID: "test-shared-secret", Secret: apisig.NewSecret("a shared secret of at least thirty-two bytes, for HMAC")},
		at:    time.Unix(1618884473, 0).UTC(), source: "rfc9421/B.2.5 (request and parameters; an ASCII key)"},
	{name: "PayPal GetBalance", scheme: "paypal-permissions", params: map[string]string{"token": "AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q", "username": "jb-us-seller_api1.paypal.com"},
		method: "POST", url: "https://svcs.sandbox.paypal.com/Permissions/GetBasicPersonalData",
		creds: apisig.Credentials{AccessKeyID: "jb-us-seller_api1.paypal.com", Secret: apisig.NewSecret("WX4WTU3S8MY44S7F"), SessionToken: apisig.NewSecret("Ctsch..an4Bgx0I75X8CTNxqRn8")},
		keys: apisig.StaticKeys{"jb-us-seller_api1.paypal.com": apisig.NewSecret("WX4WTU3S8MY44S7F"),
			"AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q": apisig.NewSecret("Ctsch..an4Bgx0I75X8CTNxqRn8")},
		at: time.Unix(1318622958, 0).UTC(), source: "paypal/testdata/vectors/paypal-sdk-sandbox-getbasicpersonaldata.json"},
}

// stripeEventTestSignature is the payload of stripe-dotnet's event_test_signature.json, newline
// included (webhook/testdata/vectors/stripe-dotnet-event-utility.json).
const stripeEventTestSignature = "{\n  \"id\": \"evt_123\",\n  \"object\": \"event\",\n  \"account\": \"acct_123\",\n  \"api_version\": \"2017-05-25\",\n  \"created\": 1533204620,\n  \"data\": {\n    \"object\": {\n      \"id\": \"cus_123\",\n      \"object\": \"customer\",\n      \"created\": 123456789,\n      \"email\": \"test@stripe.com\",\n      \"livemode\": false,\n      \"metadata\": {}\n    }\n  },\n  \"livemode\": false,\n  \"pending_webhooks\": 1,\n  \"request\": {\n    \"id\": \"req_123\",\n    \"idempotency_key\": \"idempotency-key-123\"\n  },\n  \"type\": \"customer.created\"\n}\n"

// TestKnobMistakesAreNamed applies every wrong value of every knob to each base request,
// signs it, and checks that Diagnose names that knob (or a setting that gives the same
// signature). It reports how many catalogue rows are covered.
func TestKnobMistakesAreNamed(t *testing.T) {
	reg := schemes.Registry()
	ctx := context.Background()
	covered := map[string]bool{}
	for _, b := range bases {
		s, err := reg.Lookup(b.scheme)
		if err != nil {
			t.Fatal(err)
		}
		sg, err := s.Build(b.config(nil))
		if err != nil {
			t.Fatal(err)
		}
		tun, ok := sg.(apisig.Tunable)
		if !ok {
			continue
		}
		for _, k := range tun.Knobs() {
			for _, v := range slices.Clone(k.Values[min(1, len(k.Values)):]) {
				t.Run(b.name+"/"+k.Name+"="+v, func(t *testing.T) {
					wrong, err := s.Build(b.config(map[string]string{k.Name: v}))
					if err != nil {
						t.Fatal(err)
					}
					req := b.build(t)
					if err := wrong.Sign(ctx, req, b.creds); err != nil {
						t.Skipf("the wrong dialect cannot sign this request: %v", err)
					}
					dc := diagnose.Case{Request: req, Scheme: s, Params: b.params, Secret: b.creds.Secret, Clock: apisig.FixedClock(b.at)}
					if b.keys != nil {
						dc.Keys = b.keys
					}
					rep, err := diagnose.Diagnose(ctx, dc)
					if err != nil {
						t.Fatal(err)
					}
					if rep.Verified {
						t.Skipf("%s=%s gives the correct signature for this request", k.Name, v)
					}
					for _, f := range rep.Findings {
						if f.Method == "knob-search" && f.Knobs[k.Name] == v {
							for _, id := range k.Mistakes {
								covered[id] = true
							}
							return
						}
					}
					// A clock mistake is found by the time checks, before any signature is computed.
					for _, f := range rep.Findings {
						if (f.Method == "static" || f.Method == "error" || f.Method == "verifier") && len(k.Mistakes) > 0 && slices.ContainsFunc(f.Mistakes, func(id string) bool { return slices.Contains(k.Mistakes, id) }) {
							for _, id := range k.Mistakes {
								covered[id] = true
							}
							return
						}
					}
					// Another setting may give the very same signature; then it must be named.
					for _, f := range rep.Findings {
						if f.Method == "knob-search" && len(f.Knobs) > 0 && strings.Contains(f.Evidence, "exactly the one sent") {
							for _, id := range k.Mistakes {
								covered[id] = true
							}
							t.Logf("%s=%s diagnosed as the equivalent %v", k.Name, v, f.Knobs)
							return
						}
					}
					if len(rep.Findings) == 1 && rep.Findings[0].Method == "error" {
						t.Skipf("the verifier refuses this request before checking its signature: %s", rep.Findings[0].Cause)
					}
					t.Errorf("%s=%s not diagnosed; findings: %+v", k.Name, v, rep.Findings)
				})
			}
		}
	}
	ids := make([]string, 0, len(covered))
	for id := range covered {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t.Logf("catalogue rows reproduced and diagnosed: %d: %s", len(ids), strings.Join(ids, " "))
	if testing.Short() || strings.Contains(flag.Lookup("test.run").Value.String(), "/") {
		return // a subset of the cases ran
	}
	// Every row in knobRows must be reproduced and named; a row diagnosed that is not listed
	// belongs in the list (and in the README's count).
	for _, id := range knobRows {
		if !covered[id] {
			t.Errorf("catalogue row %s is no longer reproduced and diagnosed by the knob search", id)
		}
	}
	for _, id := range ids {
		if !slices.Contains(knobRows, id) {
			t.Errorf("catalogue row %s is now diagnosed by the knob search: add it to knobRows", id)
		}
	}
}

// knobRows are the MISTAKES.md rows TestKnobMistakesAreNamed reproduces from the bases and
// sees named. With the rows of TestStaticAndSecretMistakes they make the count the README
// gives (go test -run 'Mistake' -v ./diagnose/ | grep rows).
var knobRows = []string{
	"A08", "A09", "A11", "A12", "A14", "A15", "A16", "A17", "A18", "A19", "A22", "A24", "A26", "A27", "A30", "A36",
	"B01", "B02",
	"C01", "C02", "C03", "C04", "C05", "C06", "C08", "C09", "C12",
	"D01", "D03", "D05", "D06",
	"E01", "E04",
	"F01", "F02", "F04", "F06",
	"G01", "G03", "G04", "G05", "G06", "G07", "G08", "G09",
	"H01", "H02",
	"R01", "R03", "R04",
	"W01", "W02", "W03", "W04", "W06", "W07", "W09", "W10",
}
