package alibabaoss

import (
	"encoding/base64"
	"flag"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/apisig/apisig/canon"
)

var (
	flagSeed  = flag.Uint64("oss.seed", 20261123, "seed of the random request generator")
	flagCases = flag.Int("oss.n", 10000, "number of generated requests per test (-short: 1000)")
)

// param is one query parameter; noValue writes it as "k" rather than "k=".
type param struct {
	k, v    string
	noValue bool
}

// header is one request header as the caller spells it.
type header struct{ k, v string }

// Case is a neutral description of a request to sign.
type Case struct {
	Method     string
	Bucket     string // empty: a service-level request
	Key        string
	Params     []param
	Headers    []header
	Token      string
	Additional []string // V4 additional headers, as configured
	Presign    bool
	Expires    time.Duration
	Time       time.Time
}

const (
	endpoint  = "oss-cn-hangzhou.aliyuncs.com"
	region    = "cn-hangzhou"
	accessKey = "LTAI5tOSSEXAMPLE"
	secretKey = "OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV"
)

var (
	keySegments = []string{"a", "photos", "2026", "ሴ", "中文", "a b", "c+d", "e%f", "g~h", "i*j", "k=l", "m&n", "(1)", "'q'", "!", "x.y", "-_.", "%2F", "é", "tab\tx", "semi;colon", "dollar$", "at@", "comma,"}
	// subResourcesOldSDK are sub-resources both SDKs know (aliyun-oss-go-sdk's list); the
	// SDK-v2 oracle is told about the ones it does not list itself.
	subResourcesBoth = []string{"acl", "uploads", "uploadId", "partNumber", "versionId", "response-content-type", "response-content-disposition", "response-cache-control", "tagging", "x-oss-process", "continuation-token", "resourceGroup", "policy", "stat"}
	otherParams      = []string{"max-keys", "prefix", "delimiter", "marker", "foo", "encoding-type", "list-type"}
	paramValues      = []string{"", "1", "private", "text/plain", "attachment; filename=\"a b.txt\"", "a+b", "a/b", "ሴ", "x=y", "p&q", "~*", "%", "image/resize,w_100", "CAEQ+/=", " lead"}
	contentTypes     = []string{"text/plain", "application/octet-stream", "text/plain; charset=utf-8", "image/jpeg", "multipart/form-data; boundary=x"}
	metaValues       = []string{"alice", "a  b", "ሴ", "x,y", "1", "v=1; w=2"}
	otherHeaders     = []string{"User-Agent", "Cache-Control", "X-Custom", "Content-Disposition", "Range", "abc", "ZAbc"}
)

// generate returns n cases from the seed. oldSDK restricts them to what aliyun-oss-go-sdk can
// express: query parameters without repeats, a bucket always, header values without padding.
func generate(seed uint64, n int, v4, oldSDK bool) []Case {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	base := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	out := make([]Case, n)
	for i := range out {
		c := &out[i]
		c.Time = base.Add(time.Duration(i) * 37 * time.Second)
		c.Method = []string{"GET", "PUT", "HEAD", "POST", "DELETE"}[r.IntN(5)]
		if oldSDK || r.IntN(20) != 0 {
			c.Bucket = []string{"examplebucket", "b-1", "oss-example"}[r.IntN(3)]
		}
		if c.Bucket != "" && r.IntN(10) != 0 {
			segs := make([]string, 1+r.IntN(4))
			for j := range segs {
				segs[j] = keySegments[r.IntN(len(keySegments))]
			}
			sep := "/"
			if r.IntN(6) == 0 {
				sep = "//"
			}
			c.Key = strings.Join(segs, sep)
			if r.IntN(5) == 0 {
				c.Key += "/"
			}
		}
		seen := map[string]bool{}
		for range r.IntN(4) {
			var k string
			if r.IntN(2) == 0 {
				k = subResourcesBoth[r.IntN(len(subResourcesBoth))]
			} else {
				k = otherParams[r.IntN(len(otherParams))]
			}
			if v4 && r.IntN(5) == 0 {
				k = []string{"+param", "|param", "a b", "ሴ", "x-oss-foo", "~t", "*s"}[r.IntN(7)]
				if oldSDK && k == "a b" {
					k = "a_b" // aliyun-oss-go-sdk signs a space in a query key as '+' (SDK-NOTES.md)
				}
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			v := paramValues[r.IntN(len(paramValues))]
			c.Params = append(c.Params, param{k: k, v: v, noValue: v == "" && (oldSDK || r.IntN(2) == 0)})
		}
		if c.Method == "PUT" || c.Method == "POST" || r.IntN(4) == 0 {
			c.Headers = append(c.Headers, header{spell("Content-Type", r), contentTypes[r.IntN(len(contentTypes))]})
		}
		if r.IntN(3) == 0 {
			var sum [16]byte
			for j := range sum {
				sum[j] = byte(r.IntN(256))
			}
			c.Headers = append(c.Headers, header{spell("Content-MD5", r), base64.StdEncoding.EncodeToString(sum[:])})
		}
		hs := map[string]bool{}
		for range r.IntN(4) {
			k := []string{"x-oss-meta-author", "X-Oss-Meta-Magic", "x-oss-object-acl", "x-oss-storage-class", "X-OSS-Meta-Uni", "x-oss-meta-a.b"}[r.IntN(6)]
			if hs[strings.ToLower(k)] {
				continue
			}
			hs[strings.ToLower(k)] = true
			v := metaValues[r.IntN(len(metaValues))]
			if !oldSDK && r.IntN(6) == 0 {
				v = "  " + v + " "
			}
			c.Headers = append(c.Headers, header{k, v})
		}
		for range r.IntN(3) {
			k := otherHeaders[r.IntN(len(otherHeaders))]
			if hs[strings.ToLower(k)] {
				continue
			}
			hs[strings.ToLower(k)] = true
			c.Headers = append(c.Headers, header{k, []string{"v", "bytes=0-9", "no-cache", "x  y", "ሴ"}[r.IntN(5)]})
		}
		if v4 && r.IntN(3) == 0 {
			for range 1 + r.IntN(3) {
				a := otherHeaders[r.IntN(len(otherHeaders))]
				if r.IntN(2) == 0 {
					a = strings.ToLower(a)
				}
				if !containsFold(c.Additional, a) {
					c.Additional = append(c.Additional, a)
				}
			}
		}
		if r.IntN(4) == 0 {
			c.Token = []string{"CAIS+sts/token==", "tok", "CAISsecurity token with spaces"}[r.IntN(3)]
		}
		if c.Presign = r.IntN(2) == 0; c.Presign {
			c.Expires = time.Duration(1+r.IntN(7*24*3600)) * time.Second
			if oldSDK && c.Key == "" {
				c.Key = "k" // aliyun-oss-go-sdk refuses to presign an empty object name
			}
		}
	}
	return out
}

func spell(name string, r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		return strings.ToLower(name)
	case 1:
		return http.CanonicalHeaderKey(name)
	}
	return name
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// host is the virtual-hosted host of the case (the endpoint for a service-level request).
func (c *Case) host() string {
	if c.Bucket == "" {
		return endpoint
	}
	return c.Bucket + "." + endpoint
}

// rawQuery writes the case's parameters in canonical escaping (RFC 3986 unreserved, upper-case
// hex, %20), the form both SDKs put on the wire.
func (c *Case) rawQuery() string {
	enc := canon.Encoding{Set: canon.Unreserved}
	var b strings.Builder
	for i, p := range c.Params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(enc.Escape(p.k))
		if !p.noValue {
			b.WriteByte('=')
			b.WriteString(enc.Escape(p.v))
		}
	}
	return b.String()
}

// request builds the unsigned request of the case.
func (c *Case) request() *http.Request {
	u := &url.URL{Scheme: "https", Host: c.host(), Path: "/" + c.Key, RawQuery: c.rawQuery()}
	u.RawPath = string(canon.Encoding{Set: canon.Unreserved}.AppendPath(nil, u.Path))
	req := &http.Request{Method: c.Method, URL: u, Host: u.Host, Header: make(http.Header), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	for _, h := range c.Headers {
		req.Header.Add(h.k, h.v) // canonical keys: the SDKs read headers with Header.Get
	}
	return req
}

func cases(v4, oldSDK bool, short bool) []Case {
	n := *flagCases
	if short && n > 1000 {
		n = 1000
	}
	seed := *flagSeed
	if v4 {
		seed++
	}
	if oldSDK {
		seed += 2
	}
	return generate(seed, n, v4, oldSDK)
}
