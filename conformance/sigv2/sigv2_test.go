package sigv2

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
	"github.com/apisig/apisig/canon"
	miniosigner "github.com/minio/minio-go/v7/pkg/signer"
)

type testCase struct {
	method, path, query string
	header              http.Header
	presign             bool
	at                  time.Time
	creds               apisig.Credentials
}

var (
	segments = []string{"bucket", "key", "ሴ", "sp ace", "plus+sign", "pct%", "tilde~", "star*", "sub!$&'()", "日本", "eq=", "UPPER"}
	subs     = []string{"acl", "versionId=3", "uploadId=abc%2Bdef", "partNumber=2", "response-content-type=text%2Fplain%3B%20q%3D1", "tagging", "uploads", "delete", "versions", "location"}
	plain    = []string{"prefix=a%20b", "max-keys=10", "marker=%C3%BC", "list-type=2", "x=1"}
	amz      = []string{"X-Amz-Meta-Note", "X-Amz-Acl", "X-Amz-Meta-Other", "X-Amz-Storage-Class"}
	hvalues  = []string{"plain", "a,b", "ü-unicode", "text/x; a=b", "  padded  "}
)

func generate(r *rand.Rand, i int) *testCase {
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	c := &testCase{
		method:  []string{"GET", "PUT", "HEAD", "DELETE", "POST"}[r.IntN(5)],
		header:  make(http.Header),
		presign: r.IntN(3) == 0,
		at:      time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC).Add(time.Duration(r.IntN(86400*30)) * time.Second),
		creds:   apisig.Credentials{AccessKeyID: fmt.Sprintf("AKID%03d", i%11), Secret: apisig.NewSecret(fmt.Sprintf("secret/%d+key=", i%7))},
	}
	var p strings.Builder
	for range 1 + r.IntN(4) {
		p.WriteString("/" + pick(segments))
	}
	c.path = p.String()
	var q []string
	seen := map[string]bool{}
	for range r.IntN(4) {
		s := pick(subs)
		if r.IntN(2) == 0 {
			s = pick(plain)
		}
		k, _, _ := strings.Cut(s, "=")
		if !seen[k] {
			seen[k] = true
			q = append(q, s)
		}
	}
	c.query = strings.Join(q, "&")
	for range r.IntN(3) {
		c.header.Add(pick(amz), pick(hvalues))
	}
	if r.IntN(3) == 0 {
		c.header.Set("Content-Type", "application/octet-stream")
	}
	if r.IntN(4) == 0 {
		c.header.Set("Content-Md5", "1B2M2Y8AsgTpgAmY7PhCfg==")
	}
	if r.IntN(10) == 0 {
		c.header.Set("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")
	}
	return c
}

func (c *testCase) request() *http.Request {
	u := &url.URL{Scheme: "https", Host: "s3.example:9000", Path: c.path, RawQuery: c.query}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, c.path))
	req, err := http.NewRequest(c.method, u.String(), nil)
	if err != nil {
		panic(err)
	}
	req.URL = u
	for k, v := range c.header {
		req.Header[k] = append([]string(nil), v...)
	}
	return req
}

const expires = 900

// signMinio signs with minio-go in a synctest bubble whose clock reads the case's time.
func signMinio(t *testing.T, c *testCase) (out string) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Until(c.at))
		req := c.request()
		if c.presign {
			out = miniosigner.PreSignV2(*req, c.creds.AccessKeyID, c.creds.Secret.Reveal(), expires, false).URL.Query().Get("Signature")
			return
		}
		out = miniosigner.SignV2(*req, c.creds.AccessKeyID, c.creds.Secret.Reveal(), false).Header.Get("Authorization")
	})
	return out
}

func signApisig(t *testing.T, c *testCase, knobs ...[2]string) string {
	t.Helper()
	s := &sigv2.SigV2{Clock: apisig.FixedClock(c.at)}
	for _, k := range knobs {
		if err := s.SetKnob(k[0], k[1]); err != nil {
			t.Fatal(err)
		}
	}
	req := c.request()
	if c.presign {
		p, err := s.Presign(context.Background(), req, c.creds, expires*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return p.URL.Query().Get("Signature")
	}
	if err := s.Sign(context.Background(), req, c.creds); err != nil {
		t.Fatal(err)
	}
	return req.Header.Get("Authorization")
}

// A class is a documented way minio-go departs from the S3 guide, with the fix that makes
// apisig reproduce it.
type class struct {
	name    string
	applies func(c *testCase) bool
	knobs   [][2]string
	// fixRequest changes the case so both sign the same request, when no knob applies.
	fixRequest func(c *testCase)
}

var classes = []class{
	{name: "MN-v2-untrimmed", applies: func(c *testCase) bool {
		for k, vs := range c.header {
			for _, v := range vs {
				if strings.HasPrefix(strings.ToLower(k), "x-amz-") && v != strings.TrimSpace(v) {
					return true
				}
			}
		}
		return false
	}, knobs: [][2]string{{"header-value", "none"}}},
	{name: "MN-v2-x-amzn", applies: func(c *testCase) bool { return c.header.Get("X-Amzn-Trace-Id") != "" },
		fixRequest: func(c *testCase) { c.header.Del("X-Amzn-Trace-Id") }},
}

func TestSigV2AgainstMinioGo(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	r := rand.New(rand.NewPCG(20261123, 2))
	equal, counts := 0, map[string]int{}
	for i := range n {
		c := generate(r, i)
		t.Run(fmt.Sprintf("%d-%s%s", i, c.method, map[bool]string{true: "-presign"}[c.presign]), func(t *testing.T) {
			theirs, ours := signMinio(t, c), signApisig(t, c)
			if theirs == ours {
				equal++
				return
			}
			var knobs [][2]string
			var names []string
			fixed := *c
			fixed.header = c.header.Clone()
			for _, cl := range classes {
				if cl.applies(c) {
					names = append(names, cl.name)
					knobs = append(knobs, cl.knobs...)
					if cl.fixRequest != nil {
						cl.fixRequest(&fixed)
					}
				}
			}
			if len(names) == 0 {
				t.Fatalf("apisig %q, minio-go %q, and no documented class applies\nrequest: %s %s?%s %v", ours, theirs, c.method, c.path, c.query, c.header)
			}
			if a, b := signApisig(t, &fixed, knobs...), signMinio(t, &fixed); a != b {
				t.Fatalf("classes %v apply but their fixes do not reproduce minio-go: apisig %q, minio-go %q", names, a, b)
			}
			for _, name := range names {
				counts[name]++
			}
		})
	}
	t.Logf("%d cases: byte-equal %d; explained by class: %v", n, equal, counts)
}

// TestMinioGoPresignMatchesS3Guide: the presign string to sign both build has the Expires time
// on the Date line, as the guide's query-string example (NpgCjnDzrM...) shows.
func TestMinioGoPresignMatchesS3Guide(t *testing.T) {
	c := &testCase{method: "GET", path: "/johnsmith/photos/puppy.jpg", header: http.Header{}, presign: true,
		at: time.Unix(1175139620-expires, 0).UTC(), creds: apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}}
	const published = "NpgCjnDzrM+WFzoENXmpNDUsSn8=" // S3 guide, path-style form of its example
	if got := signApisig(t, c); got != published {
		t.Errorf("apisig %s, published %s", got, published)
	}
	if got := signMinio(t, c); got != published {
		t.Errorf("minio-go %s, published %s", got, published)
	}
}
