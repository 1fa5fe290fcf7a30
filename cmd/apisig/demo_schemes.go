package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/apisig/apisig"
)

// demoCase is one scheme's demo request: a request like those the scheme signs in real use,
// with credentials of the kind the provider issues (the published example keys where the
// provider has them: they grant nothing).
type demoCase struct {
	params map[string]string
	method string
	url    string
	header map[string]string
	body   string
	keyID  string
	secret string
	token  string // the session token (OAuth: the token secret)
	tamper string // what tamper changes after signing: "path" (the default), "query" or "body"
	// moreKeys are other secrets the verifier looks up by id (OAuth: token -> token secret).
	moreKeys map[string]string
	comment  string
}

// Demo key pairs: each provider's documentation examples, public and powerless.
const (
	awsDemoID, awsDemoSecret         = demoKeyID, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	aliyunDemoID, aliyunDemoSecret   = "testid", "testsecret"
	tencentDemoID, tencentDemoSecret = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// demoCases holds the demo request of each scheme, by id. A scheme without a row gets a
// generic JSON POST; a scheme whose required parameters that cannot satisfy is listed as skipped.
var demoCases = map[string]demoCase{
	"aws-sigv4": {params: map[string]string{"region": "us-east-1", "service": "s3"}, method: "PUT",
		url: "https://examplebucket.s3.amazonaws.com/hello%20world.txt", header: map[string]string{"Content-Type": "text/plain"},
		body: "hello, apisig\n", keyID: awsDemoID, secret: awsDemoSecret},
	"aws-s3-chunked": {params: map[string]string{"region": "us-east-1", "payload": "signed-trailer", "checksum": "crc32c", "chunk-size": "8192"}, method: "PUT",
		url: "https://examplebucket.s3.amazonaws.com/chunked.bin", header: map[string]string{"Content-Type": "application/octet-stream"},
		body: strings.Repeat("apisig streams this upload in signed chunks. ", 600), keyID: awsDemoID, secret: awsDemoSecret, tamper: "body"},
	"aws-sigv4a": {params: map[string]string{"service": "s3", "region-set": "us-east-1,us-west-2"}, method: "PUT",
		url: "https://examplebucket.s3.amazonaws.com/hello%20world.txt", header: map[string]string{"Content-Type": "text/plain"},
		body: "hello, apisig\n", keyID: awsDemoID, secret: awsDemoSecret},
	"aws-sigv4a-chunked": {params: map[string]string{"region-set": "us-east-1,us-west-2", "payload": "signed-trailer", "checksum": "crc32c", "chunk-size": "8192"}, method: "PUT",
		url: "https://examplebucket.s3.amazonaws.com/chunked.bin", header: map[string]string{"Content-Type": "application/octet-stream"},
		body: strings.Repeat("apisig streams this upload in ECDSA-signed chunks. ", 600), keyID: awsDemoID, secret: awsDemoSecret, tamper: "body"},
	"aws-sigv2-s3": {params: map[string]string{"bucket": "examplebucket"}, method: "GET",
		url: "https://examplebucket.s3.amazonaws.com/photos/puppy.jpg", keyID: awsDemoID, secret: awsDemoSecret},
	// RPC signs the query alone: its string to sign holds "/" whatever the path.
	"aliyun-rpc-v1": {method: "GET", url: "https://ecs.aliyuncs.com/?Action=DescribeRegions&Version=2014-05-26",
		keyID: aliyunDemoID, secret: aliyunDemoSecret, tamper: "query"},
	"aliyun-acs3": {method: "POST", url: "https://ecs.cn-hangzhou.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-hangzhou",
		header: map[string]string{"x-acs-action": "RunInstances", "x-acs-version": "2014-05-26"}, keyID: aliyunDemoID, secret: aliyunDemoSecret},
	"aliyun-roa": {method: "GET", url: "https://cs.cn-hangzhou.aliyuncs.com/clusters?name=demo",
		header: map[string]string{"x-acs-version": "2015-12-15", "Accept": "application/json"}, keyID: aliyunDemoID, secret: aliyunDemoSecret},
	"aliyun-opensearch-v3": {method: "GET", url: "https://opensearch-cn-hangzhou.aliyuncs.com/v3/openapi/apps/demo/search?query=config%3Dformat%3Afulljson",
		keyID: aliyunDemoID, secret: aliyunDemoSecret},
	"aliyun-oss-v1": {method: "PUT", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/hello%20world.txt",
		header: map[string]string{"Content-Type": "text/plain"}, body: "hello, apisig\n", keyID: aliyunDemoID, secret: aliyunDemoSecret},
	"aliyun-oss-v4": {params: map[string]string{"region": "cn-hangzhou"}, method: "PUT", url: "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/hello%20world.txt",
		header: map[string]string{"Content-Type": "text/plain"}, body: "hello, apisig\n", keyID: aliyunDemoID, secret: aliyunDemoSecret},
	"tencent-tc3": {params: map[string]string{"service": "cvm", "action": "DescribeInstances", "version": "2017-03-12", "region": "ap-guangzhou"},
		method: "POST", url: "https://cvm.tencentcloudapi.com/", header: map[string]string{"Content-Type": "application/json; charset=utf-8"},
		body: `{"Limit":1,"Filters":[{"Values":["demo"],"Name":"instance-name"}]}`, keyID: tencentDemoID, secret: tencentDemoSecret, tamper: "body"},
	"tencent-v1": {params: map[string]string{"region": "ap-guangzhou"}, method: "GET",
		url:   "https://cvm.tencentcloudapi.com/?Action=DescribeInstances&Version=2017-03-12&InstanceIds.0=ins-09dx96dg&Limit=20&Offset=0",
		keyID: tencentDemoID, secret: tencentDemoSecret},
	"tencent-cos": {method: "PUT", url: "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject",
		header: map[string]string{"Content-Type": "text/plain"}, body: "hello, apisig\n", keyID: tencentDemoID, secret: tencentDemoSecret},
	"oauth1": {params: map[string]string{"token": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"}, method: "POST",
		url: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body: "status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21", keyID: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", token: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
		moreKeys: map[string]string{"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb": "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"},
		comment:  "Twitter's documented example request"},
	"httpsig": {params: map[string]string{"algorithm": "hmac-sha256", "components": "@method @authority @path @query content-type"},
		method: "POST", url: "https://example.com/foo?param=Value&Pet=dog", header: map[string]string{"Content-Type": "application/json"},
		body: `{"hello": "world"}`, keyID: "test-shared-secret", secret: "a shared secret of at least thirty-two bytes, for HMAC"},
	// PayPal's Permissions service sandbox example values (paypal/testdata/vectors).
	"paypal-permissions": {params: map[string]string{"token": "AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q", "username": "jb-us-seller_api1.paypal.com"},
		method: "POST", url: "https://api-3t.sandbox.paypal.com/nvp", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body: "METHOD=GetBalance&VERSION=94", keyID: "jb-us-seller_api1.paypal.com", secret: "WX4WTU3S8MY44S7F", token: "Ctsch..an4Bgx0I75X8CTNxqRn8",
		moreKeys: map[string]string{"AhARVvVPBOlOICu1xkH29I53ZvD.0p-vYauZhyWnKxMb5861PXG82Q": "Ctsch..an4Bgx0I75X8CTNxqRn8"}},
	"webhook-github":      {method: "POST", url: "https://hooks.example.com/github", body: `{"zen":"Keep it logically awesome."}`, secret: "It's a Secret to Everybody", tamper: "body"},
	"webhook-github-sha1": {method: "POST", url: "https://hooks.example.com/github", body: `{"zen":"Keep it logically awesome."}`, secret: "It's a Secret to Everybody", tamper: "body"},
	"webhook-stripe":      {method: "POST", url: "https://hooks.example.com/stripe", body: `{"id":"evt_demo","type":"payment_intent.succeeded"}`, secret: "whsec_demo0123456789", tamper: "body"},
	"webhook-slack":       {method: "POST", url: "https://hooks.example.com/slack", body: "token=demo&team_id=T1DC2JH3J&command=%2Fweather", secret: "8f742231b10e8888abcd99yyyzzz85a5", tamper: "body"},
	"webhook-shopify":     {method: "POST", url: "https://hooks.example.com/shopify", body: `{"id":820982911946154508}`, secret: "hush", tamper: "body"},
	"webhook-standard":    {method: "POST", url: "https://hooks.example.com/standard", body: `{"test": 2432232314}`, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", tamper: "body"},
}

// genericDemo is the demo request of a scheme without a row in demoCases.
var genericDemo = demoCase{method: "POST", url: "https://api.example.com/v1/items?kind=demo", header: map[string]string{"Content-Type": "application/json"},
	body: `{"name":"demo"}`, keyID: "demo-key", secret: "demo-secret"}

// demoOutcome is what happened to one scheme's requests.
type demoOutcome struct {
	scheme, request string
	signed          int    // status of the signed request
	tampered        int    // status of the request changed after signing
	verdict, reject string // the server's words
	skipped         string // why the scheme was not run
}

// demoAllSchemes signs one request with every scheme of reg, sends it (and a copy changed
// after signing) to a local server that verifies with the same scheme, and reports.
func demoAllSchemes(ctx context.Context, reg *apisig.Registry, now apisig.Clock) ([]demoOutcome, error) {
	routes := map[string]http.Handler{}
	ok := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		v, _ := apisig.VerifiedFrom(r.Context())
		who := v.AccessKeyID
		if who == "" {
			who = "the shared secret"
		}
		fmt.Fprintf(rw, "verified: signed by %s", who)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		h, found := routes[r.Header.Get("X-Apisig-Demo-Scheme")]
		if !found {
			http.Error(rw, "no such scheme", http.StatusNotFound)
			return
		}
		// The requests were signed for https: the server stands behind a TLS-terminating
		// proxy, as servers often do, and knows its public scheme.
		r.URL.Scheme = "https"
		h.ServeHTTP(rw, r)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	// Every host name in the demo resolves to the local server.
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, ln.Addr().String())
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: dial}}

	var out []demoOutcome
	for _, id := range reg.IDs() {
		s, _ := reg.Lookup(id)
		c, known := demoCases[id]
		if !known {
			c = genericDemo
		}
		o := demoOutcome{scheme: id, request: c.method + " " + c.url}
		keys := apisig.StaticKeys{c.keyID: apisig.NewSecret(c.secret)}
		for id, secret := range c.moreKeys {
			keys[id] = apisig.NewSecret(secret)
		}
		cfg := apisig.Config{Params: c.params, Clock: now, Keys: keys}
		if strings.HasPrefix(id, "webhook-") {
			cfg.Keys = apisig.StaticKeys{id: apisig.NewSecret(c.secret)}
		}
		sg, err := s.Build(cfg)
		if err != nil {
			o.skipped = err.Error()
			out = append(out, o)
			continue
		}
		vr, canVerify := sg.(apisig.Verifier)
		if !canVerify {
			o.skipped = "the scheme signs but does not verify"
			out = append(out, o)
			continue
		}
		routes[id] = apisig.Middleware(apisig.MiddlewareOptions{Verifier: vr, HideTrace: true})(ok)
		creds := apisig.Credentials{AccessKeyID: c.keyID, Secret: apisig.NewSecret(c.secret), SessionToken: apisig.NewSecret(c.token)}
		send := func(tamper bool) (int, string, error) {
			req, err := demoRequest(ctx, c)
			if err != nil {
				return 0, "", err
			}
			if err := sg.Sign(ctx, req, creds); err != nil {
				return 0, "", err
			}
			if tamper {
				tamperRequest(req, c.tamper)
			}
			// http: the demo's TLS-less local server; the signed URL keeps https.
			req.URL.Scheme = "http"
			req.Header.Set("X-Apisig-Demo-Scheme", id)
			resp, err := client.Do(req)
			if err != nil {
				return 0, "", err
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
			return resp.StatusCode, firstLine(string(b)), nil
		}
		if o.signed, o.verdict, err = send(false); err != nil {
			o.skipped = "signing failed: " + err.Error()
			out = append(out, o)
			continue
		}
		if o.tampered, o.reject, err = send(true); err != nil {
			o.skipped = "signing failed: " + err.Error()
		}
		out = append(out, o)
	}
	return out, nil
}

// demoRequest builds c's request with a re-readable body.
func demoRequest(ctx context.Context, c demoCase) (*http.Request, error) {
	var body io.Reader
	if c.body != "" {
		body = bytes.NewReader([]byte(c.body))
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.url, body)
	if err != nil {
		return nil, err
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	return req, nil
}

// tamperRequest changes a signed request the way careless code does: a path segment
// re-encoded or a body re-serialised.
func tamperRequest(req *http.Request, what string) {
	if what == "body" {
		b := []byte(" ")
		if req.GetBody != nil {
			if rc, err := req.GetBody(); err == nil {
				old, _ := io.ReadAll(rc)
				b = append(old, '\n')
			}
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
		return
	}
	if what == "query" {
		req.URL.RawQuery += "&Tampered=1"
		return
	}
	req.URL.Path += "x"
	if req.URL.RawPath != "" {
		req.URL.RawPath += "x"
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 100 {
		s = s[:100] + "..."
	}
	return s
}

// writeDemoTable prints the outcomes, one line per scheme.
func writeDemoTable(w io.Writer, outs []demoOutcome) (passed, failed, skipped int) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  scheme\tsigned request\tchanged after signing")
	for _, o := range outs {
		switch {
		case o.skipped != "":
			skipped++
			fmt.Fprintf(tw, "  %s\tskipped: %s\t\n", o.scheme, o.skipped)
		case o.signed == http.StatusOK && o.tampered >= 400:
			passed++
			fmt.Fprintf(tw, "  %s\t%d %s\t%d rejected\n", o.scheme, o.signed, o.verdict, o.tampered)
		default:
			failed++
			fmt.Fprintf(tw, "  %s\t%d %s\t%d %s  FAILED\n", o.scheme, o.signed, o.verdict, o.tampered, o.reject)
		}
	}
	tw.Flush()
	return passed, failed, skipped
}
