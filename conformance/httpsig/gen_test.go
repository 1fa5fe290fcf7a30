package httpsig

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// now is the verification time; signatures are created up to ten minutes before it.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

var algs = []string{"hmac-sha256", "ed25519", "ecdsa-p256-sha256", "rsa-pss-sha512", "rsa-v1_5-sha256", "ecdsa-p384-sha384"}

// genCase is one message to sign: a request, or a response bound to its request.
type genCase struct {
	id                 int
	kind               string // "request" or "response"
	method, url        string
	status             int
	headers, reqHeader [][2]string
	body               string
	fields             []string
	alg, keyid         string
	created, expires   int64
	includeAlg         bool
	nonce, tag         string
}

func (c genCase) String() string {
	return fmt.Sprintf("#%d %s %s %s status=%d alg=%s fields=%q headers=%q", c.id, c.kind, c.method, c.url, c.status, c.alg, c.fields, c.headers)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

var (
	hosts    = []string{"example.com", "EXAMPLE.org", "api.example.com:8443", "example.com:443", "example.com:80", "127.0.0.1:8080", "[::1]:9000"}
	schemes  = []string{"https", "https", "http"}
	paths    = []string{"/", "/foo", "/foo/bar/", "/a%20b", "/%7Euser/caf%C3%A9", "/v1/items;matrix=1", "/path/with/./dot", "/UPPER/Case"}
	queries  = []string{"", "", "?", "?param=value&foo=bar", "?id=1&id=2", "?q=a%20b&x=%2F", "?name=caf%C3%A9&empty=", "?pet=dog&tag=a+b", "?x=%21%27%28%29%2A", "?k=~tilde&s=semi%3Bcolon", "?flag"}
	qpNames  = []string{"param", "id", "q", "x", "name", "pet", "tag", "k", "s", "empty", "flag"}
	methods  = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "get"}
	bodies   = []string{`{"hello": "world"}`, "", "plain text with ünïcode ✓", "a=1&b=2"}
	ctValues = []string{"application/json", "text/plain; charset=utf-8", "application/x-www-form-urlencoded"}
)

// headerFields are the fields a case may cover, with how to make their values: trailing and
// leading spaces, repeated lines, empty values, a dictionary (for ;sf and ;key).
var headerFields = []string{"content-type", "content-digest", "date", "x-empty", "x-multi", "x-ws", "example-dict", "example-dict;sf", `example-dict;key="a"`, `example-dict;key="b"`, "x-multi;bs", "cache-control"}

func contentDigest(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// genCases returns n cases from a fixed seed; one in four is a response.
func genCases(seed uint64, n int) []genCase {
	r := rand.New(rand.NewPCG(seed, 0x9421))
	out := make([]genCase, n)
	for i := range out {
		c := genCase{id: i, kind: "request", alg: algs[i%len(algs)], keyid: fmt.Sprintf("key-%d", i%7)}
		host := pick(r, hosts)
		scheme := pick(r, schemes)
		query := pick(r, queries)
		c.method = pick(r, methods)
		c.url = scheme + "://" + host + pick(r, paths) + query
		c.body = pick(r, bodies)
		// The message's headers.
		h := [][2]string{{"Content-Type", pick(r, ctValues)}, {"Date", "Tue, 20 Apr 2021 02:07:55 GMT"},
			{"X-Empty", ""}, {"X-Multi", "one"}, {"X-Multi", " two , three"}, {"X-Ws", "  padded value\t"},
			{"Example-Dict", pick(r, []string{" a=1,    b=2;x=1;y=2,   c=(a   b   c)", "a=(1 2), b=?0", "b=\"str\", a=:AQID:"})},
			{"Cache-Control", "max-age=60"}, {"Cache-Control", "   must-revalidate"}}
		if c.body != "" {
			h = append(h, [2]string{"Content-Digest", contentDigest(c.body)})
		}
		// The covered components.
		var fields []string
		if r.IntN(4) == 0 {
			c.kind = "response"
			c.status = pick(r, []int{200, 201, 404, 503})
			c.reqHeader = [][2]string{{"Host", hostOf(c.url)}, {"X-Multi", "req-one"}, {"Content-Type", "application/json"}}
			c.headers = h
			fields = append(fields, "@status")
			for _, f := range []string{"@method;req", "@authority;req", "@path;req", "@query;req", "@target-uri;req", "x-multi;req", "content-type;req"} {
				if r.IntN(3) == 0 {
					fields = append(fields, f)
				}
			}
		} else {
			c.headers = h
			for _, f := range []string{"@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query"} {
				if r.IntN(2) == 0 {
					fields = append(fields, f)
				}
			}
			if q := queryNames(c.url); len(q) > 0 && r.IntN(2) == 0 {
				fields = append(fields, `@query-param;name="`+pick(r, q)+`"`)
			}
		}
		for _, f := range headerFields {
			if f == "content-digest" && c.body == "" {
				continue
			}
			if r.IntN(4) == 0 {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			fields = []string{"date"}
		}
		r.Shuffle(len(fields), func(a, b int) { fields[a], fields[b] = fields[b], fields[a] })
		c.fields = dedupe(fields)
		created := now.Add(-time.Duration(r.IntN(600)) * time.Second)
		if r.IntN(8) != 0 {
			c.created = created.Unix()
			switch r.IntN(12) {
			case 0, 1, 2, 3:
				c.expires = c.created + 300 + int64(r.IntN(600))
			case 4:
				c.expires = now.Unix() // the boundary: expires == verification time
			}
		}
		c.includeAlg = r.IntN(2) == 0
		if r.IntN(3) == 0 {
			c.nonce = fmt.Sprintf("n-%x", r.Uint64())
		}
		if r.IntN(4) == 0 {
			c.tag = pick(r, []string{"app-123", "web-bot-auth", "t"})
		}
		out[i] = c
	}
	return out
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func hostOf(u string) string {
	rest := u[strings.Index(u, "://")+3:]
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		return rest[:i]
	}
	return rest
}

// queryNames lists the parameter names in u's query that have an '=' (a bare "?flag" is left
// to the edge tests).
func queryNames(u string) []string {
	_, q, ok := strings.Cut(u, "?")
	if !ok || q == "" {
		return nil
	}
	var out []string
	for _, kv := range strings.Split(q, "&") {
		if k, _, ok := strings.Cut(kv, "="); ok {
			for _, n := range qpNames {
				if n == k {
					out = append(out, k)
				}
			}
		}
	}
	return dedupe(out)
}
