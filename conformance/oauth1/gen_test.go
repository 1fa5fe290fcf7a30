package oauth1

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"
)

// class names a documented disagreement with dghubble/oauth1 (see doc.go) and the apisig knob
// that reproduces dghubble's behaviour.
type class struct{ name, knob, value string }

var (
	classNone        = class{}
	classRepeated    = class{"repeated-params", "repeated-params", "first"}
	classCharset     = class{"form-charset", "body-params", "left-out"}
	classCrossPort   = class{"cross-default-port", "port", "strip"}
	classEmptyToken  = class{"empty-token", "empty-token", "empty"}
	classIPv6Port    = class{"ipv6-default-port", "port", "add-default"}
	allClasses       = []class{classNone, classRepeated, classCharset, classCrossPort, classEmptyToken, classIPv6Port}
	formContentType  = "application/x-www-form-urlencoded"
	valueAlphabet    = []string{"a", "B", "z", "0", "9", "-", ".", "_", "~", " ", "+", "*", "!", "'", "(", ")", ",", "=", "&", "%", "/", "?", "#", ":", "@", "[", "]", "$", ";", "é", "ሴ", "😀", "\"", "<", "\\"}
	pathAlphabet     = []string{"a", "Z", "5", "-", ".", "_", "~", " ", "+", "*", "!", "'", "(", ")", ",", "=", "&", ":", "@", "$", "é", "ሴ", "%"}
	signatureMethods = []string{"HMAC-SHA1", "HMAC-SHA1", "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA256", "RSA-SHA1"}
)

// genCase is a neutral description of one request and its credentials.
type genCase struct {
	id                             int
	method, url, body, contentType string
	consumerKey, consumerSecret    string
	token, tokenSecret             string
	sigMethod, nonce, realm        string
	at                             time.Time
	class                          class
}

func (c genCase) String() string {
	return fmt.Sprintf("#%d %s %s body=%q ct=%q method=%s token=%q class=%s", c.id, c.method, c.url, c.body, c.contentType, c.sigMethod, c.token, c.class.name)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randString(r *rand.Rand, alphabet []string, min, max int) string {
	n := min + r.IntN(max-min+1)
	var b strings.Builder
	for range n {
		b.WriteString(pick(r, alphabet))
	}
	return b.String()
}

// escapeQuery escapes a query component one of two ways clients do: '+' or %20 for a space.
func escapeQuery(r *rand.Rand, s string) string {
	if r.IntN(2) == 0 {
		return url.QueryEscape(s)
	}
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

type kv struct{ k, v string }

func encodePairs(r *rand.Rand, ps []kv) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = escapeQuery(r, p.k) + "=" + escapeQuery(r, p.v)
	}
	return strings.Join(parts, "&")
}

// generate returns n cases from the seeded generator; about one in six falls in a class.
func generate(seed uint64, n int) []genCase {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]genCase, 0, n)
	for i := range n {
		c := genCase{id: i, class: classNone}
		c.method = pick(r, []string{"GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"})
		scheme := pick(r, []string{"https", "https", "http"})
		host := pick(r, []string{"api.twitter.com", "API.Example.COM", "photos.example.net", "127.0.0.1", "[::1]"})
		switch r.IntN(6) {
		case 0:
			host += map[string]string{"https": ":443", "http": ":80"}[scheme]
			if strings.HasPrefix(host, "[") {
				c.class = classIPv6Port // dghubble splits host:port on every ':'
			}
		case 1:
			host += pick(r, []string{":8443", ":8080", ":1"})
		}
		var path strings.Builder
		for range r.IntN(4) {
			path.WriteString("/" + randString(r, pathAlphabet, 0, 6))
		}
		if path.Len() == 0 {
			path.WriteString("/")
		}
		used := map[string]bool{}
		uniquePairs := func(n int) []kv {
			var ps []kv
			for len(ps) < n {
				k := randString(r, valueAlphabet, 1, 5)
				if used[k] || strings.HasPrefix(k, "oauth_") || k == "realm" {
					continue
				}
				used[k] = true
				ps = append(ps, kv{k, randString(r, valueAlphabet, 0, 8)})
			}
			return ps
		}
		query := uniquePairs(r.IntN(5))
		var body []kv
		bodyKind := r.IntN(10)
		if c.method != "GET" && c.method != "DELETE" {
			switch {
			case bodyKind < 6:
				body = uniquePairs(1 + r.IntN(4))
				c.contentType = formContentType
				if r.IntN(25) == 0 {
					// A large form body (20-40k characters, up to ~160 KB encoded);
					// "big" cannot come out of uniquePairs (no 'i' or 'g' in valueAlphabet).
					body = append(body, kv{"big", randString(r, valueAlphabet, 20_000, 40_000)})
				}
			case bodyKind < 8:
				c.body, c.contentType = `{"k":"v w","n":[1,2]}`, "application/json"
			}
		}
		c.consumerKey = randString(r, valueAlphabet, 1, 12)
		c.consumerSecret = randString(r, valueAlphabet, 1, 20)
		c.token = randString(r, valueAlphabet, 1, 30)
		c.tokenSecret = randString(r, valueAlphabet, 0, 20)
		c.sigMethod = pick(r, signatureMethods)
		c.nonce = randString(r, valueAlphabet, 1, 32)
		if r.IntN(5) == 0 {
			c.realm = pick(r, []string{"Photos", "http://sp.example.com/", "a b"})
		}
		c.at = time.Unix(1_000_000_000+r.Int64N(900_000_000), 0)

		// About one case in six falls in exactly one documented class.
		choice := r.IntN(30)
		if c.class != classNone {
			choice = -1
		}
		switch choice {
		case 0, 1:
			// Repeated name: twice in the query, or in the query and the body.
			if len(query) > 0 {
				c.class = classRepeated
				if len(body) > 0 && r.IntN(2) == 0 {
					body = append(body, kv{query[0].k, query[0].v + "x"})
				} else {
					query = append(query, kv{query[0].k, pick(r, []string{"", "zz", "a"})})
				}
			}
		case 2:
			if c.contentType == formContentType && len(body) > 0 {
				c.class = classCharset
				c.contentType += "; charset=utf-8"
			}
		case 3:
			if !strings.Contains(host, ":") {
				c.class = classCrossPort
				host += map[string]string{"https": ":80", "http": ":443"}[scheme]
			}
		case 4:
			c.class = classEmptyToken
			c.token, c.tokenSecret = "", ""
		}
		rawQuery := encodePairs(r, query)
		// An empty name ("=v") or a name without '=' ("flag"): both sign as name=value with
		// an empty side. Neither name can come out of uniquePairs.
		extra := ""
		switch r.IntN(12) {
		case 0:
			extra = "=" + escapeQuery(r, randString(r, valueAlphabet, 0, 4))
		case 1:
			extra = pick(r, []string{"flag", "~bare"})
		}
		if extra != "" && rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += extra
		u := &url.URL{Scheme: scheme, Host: host, Path: path.String(), RawQuery: rawQuery}
		c.url = u.String()
		if len(body) > 0 {
			c.body = encodePairs(r, body)
		}
		out = append(out, c)
	}
	return out
}
