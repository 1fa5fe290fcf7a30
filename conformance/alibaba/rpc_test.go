package alibabaconf

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	"github.com/alibabacloud-go/tea/tea"
	sdkauth "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	sdkcreds "github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

const (
	akid   = "LTAI5tConformance"
	secret = "s3cr3t/+=&~Key"
	token  = "CAIS+sts/token==&é"
)

var signedAt = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func managedRPC(k string) bool {
	switch k {
	case "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "TimeStamp", "SecurityToken":
		return true
	}
	return false
}

func encodeForm(ps [][2]string) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p[0]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p[1]))
	}
	return b.String()
}

// rpcCase is one generated RPC request: parameters in the query and (for a form POST) the body.
type rpcCase struct {
	method      string
	query, form [][2]string
	sts         bool
	nonce       string
	at          time.Time
}

func genRPC(g *gen, i int, reserved func(string) bool) rpcCase {
	c := rpcCase{method: "GET", sts: g.chance(0.25), nonce: fmt.Sprintf("nonce-%d-%s", i, g.str(safe, 0, 4)), at: signedAt.Add(time.Duration(i) * time.Second)}
	ps := g.params(1+g.r.IntN(8), true, reserved)
	switch g.r.IntN(3) {
	case 0:
		c.query = ps
	case 1:
		c.method, c.query = "POST", ps
	default:
		c.method = "POST"
		cut := g.r.IntN(len(ps) + 1)
		c.query, c.form = ps[:cut], ps[cut:]
	}
	return c
}

// signRPC signs a case with apisig and returns the request and every signed parameter but
// Signature, as the server would decode them.
func signRPC(t testing.TB, c rpcCase) (*http.Request, map[string]string, string) {
	s := &alibaba.RPC{Clock: apisig.FixedClock(c.at), Nonce: apisig.NonceFunc(func() (string, error) { return c.nonce, nil })}
	var req *http.Request
	var err error
	u := "https://ecs.aliyuncs.com/?" + encodeForm(c.query)
	if len(c.form) > 0 {
		req, err = http.NewRequest(c.method, u, strings.NewReader(encodeForm(c.form)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, err = http.NewRequest(c.method, u, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	creds := apisig.Credentials{AccessKeyID: akid, Secret: apisig.NewSecret(secret)}
	if c.sts {
		creds.SessionToken = apisig.NewSecret(token)
	}
	if err := s.Sign(context.Background(), req, creds); err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{}
	for k, v := range q {
		params[k] = v[0]
	}
	for _, p := range c.form {
		params[p[0]] = p[1]
	}
	sig := params["Signature"]
	delete(params, "Signature")
	return req, params, sig
}

// TestRPCAgainstOpenAPIUtil: apisig's Signature equals openapi-util GetRPCSignature over the
// same parameters, for 10,000 generated requests.
func TestRPCAgainstOpenAPIUtil(t *testing.T) {
	g := newGen(1)
	n := cases(t, 10000)
	for i := range n {
		c := genRPC(g, i, managedRPC)
		_, params, sig := signRPC(t, c)
		tp := map[string]*string{}
		for k, v := range params {
			tp[k] = tea.String(v)
		}
		want := tea.StringValue(openapiutil.GetRPCSignature(tp, tea.String(c.method), tea.String(secret)))
		if sig != want {
			t.Fatalf("case %d %+v:\napisig      %s\nopenapi-util %s", i, c, sig, want)
		}
	}
	t.Logf("%d requests byte-identical", n)
}

// TestRPCAgainstSDK: alibaba-cloud-sdk-go auth.Sign picks its own Timestamp and
// SignatureNonce and adds Format, SignatureType and RegionId; apisig, given the same time,
// nonce and parameters, must produce the same Signature.
func TestRPCAgainstSDK(t *testing.T) {
	g := newGen(2)
	n := cases(t, 10000)
	for i := range n {
		c := genRPC(g, i, sdkAdded)
		r := requests.NewCommonRequest()
		r.Method = c.method
		r.Domain = "ecs.aliyuncs.com"
		r.Version = "2014-05-26"
		r.ApiName = "DescribeRegions"
		for _, p := range c.query {
			r.QueryParams[p[0]] = p[1]
		}
		for _, p := range c.form {
			r.FormParams[p[0]] = p[1]
		}
		r.TransToAcsRequest()
		var provider sdkcreds.CredentialsProvider = sdkcreds.NewStaticAKCredentialsProvider(akid, secret)
		if c.sts {
			provider = sdkcreds.NewStaticSTSCredentialsProvider(akid, secret, token)
		}
		if err := sdkauth.Sign(r.Ontology, nil, "cn-hangzhou", provider); err != nil {
			t.Fatal(err)
		}
		qp := r.Ontology.GetQueryParams()
		at, err := time.Parse(alibaba.TimestampLayout, qp["Timestamp"])
		if err != nil {
			t.Fatal(err)
		}
		// Re-sign with apisig: the SDK's query (its own additions included), time and nonce.
		ours := rpcCase{method: c.method, form: c.form, sts: c.sts, nonce: qp["SignatureNonce"], at: at}
		for k, v := range qp {
			if !managedRPC(k) {
				ours.query = append(ours.query, [2]string{k, v})
			}
		}
		_, _, sig := signRPC(t, ours)
		if want := qp["Signature"]; sig != want {
			t.Fatalf("case %d %+v:\napisig %s\nSDK    %s\nSDK string to sign %s", i, c, sig, want, r.Ontology.GetStringToSign())
		}
	}
	t.Logf("%d requests byte-identical", n)
}

// sdkAdded are the parameters auth.Sign sets itself (over any the caller gave, and in the query
// even when the caller's copy is in the form).
func sdkAdded(k string) bool {
	switch k {
	case "Action", "Version", "Format", "SignatureType", "RegionId":
		return true
	}
	return managedRPC(k)
}

// cases returns n, or a tenth of it with -short.
func cases(t testing.TB, n int) int {
	if testing.Short() {
		return n / 10
	}
	return n
}
