package tencentcos

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Field is one header line; a header with several values is several Fields.
type Field struct{ Name, Value string }

// Case is a neutral description of one COS request; apisig and the SDK each build their own
// *http.Request from it.
type Case struct {
	ID       int
	Method   string
	Host     string
	Path     string // decoded, URL.Path
	RawQuery string
	Header   []Field
	Body     []byte

	SecretID, SecretKey, Token string
	Start                      time.Time
	Expiry                     time.Duration
}

// NewRequest builds the request. Header names are set as given (not canonicalised), so names
// in odd case reach both signers as a client could send them.
func (c *Case) NewRequest() *http.Request {
	u := &url.URL{Scheme: "https", Host: c.Host, Path: c.Path, RawQuery: c.RawQuery}
	var req *http.Request
	var err error
	if c.Body != nil {
		req, err = http.NewRequest(c.Method, u.String(), strings.NewReader(string(c.Body)))
	} else {
		req, err = http.NewRequest(c.Method, u.String(), nil)
	}
	if err != nil {
		panic(fmt.Sprintf("case %d: %v", c.ID, err))
	}
	req.URL = u
	for _, f := range c.Header {
		req.Header[f.Name] = append(req.Header[f.Name], f.Value)
	}
	return req
}

func (c *Case) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %d: %s https://%s %q ?%s token=%v start=%d expiry=%s\n", c.ID, c.Method, c.Host, c.Path, c.RawQuery, c.Token != "", c.Start.Unix(), c.Expiry)
	for _, f := range c.Header {
		fmt.Fprintf(&b, "  %s: %q\n", f.Name, f.Value)
	}
	return b.String()
}

// gen produces cases from a seeded PCG.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))} }

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

// awkwardRunes are the characters object keys, parameters and values are built from.
var awkwardRunes = []string{
	"a", "b", "z", "A", "Z", "0", "9", "-", "_", ".", "~", " ", "+", "%", "*", "/", "!", "'", "(", ")",
	";", ",", "=", "&", "@", ":", "$", "#", "?", "[", "]", "\"", "<", ">", "|", "^", "`", "{", "}",
	"腾", "讯", "云", "é", "ß", "Ω", "😀", "\u00a0",
}

func (g *gen) word(max int, alphabet []string) string {
	n := g.r.IntN(max + 1)
	var b strings.Builder
	for range n {
		b.WriteString(alphabet[g.r.IntN(len(alphabet))])
	}
	return b.String()
}

// encodeQuery writes s as a client might: escaping everything outside the unreserved set
// (always ';', '&', '=', '#', '+' and '%', which would change the parse), with '+' or %20 for
// a space and upper- or lower-case hex.
func (g *gen) encodeQuery(s string) string {
	plus, lower := g.r.IntN(2) == 0, g.r.IntN(4) == 0
	hex := "0123456789ABCDEF"
	if lower {
		hex = "0123456789abcdef"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~':
			b.WriteByte(c)
		case c == ' ' && plus:
			b.WriteByte('+')
		case (c == '*' || c == '/' || c == '!' || c == '(' || c == ')' || c == ',' || c == ':' || c == '@' || c == '$') && g.r.IntN(3) == 0:
			b.WriteByte(c) // left literal by some clients; the same byte once decoded
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

var paramKeys = []string{
	"prefix", "delimiter", "max-keys", "marker", "encoding-type", "versionId", "uploads", "partNumber", "uploadId",
	"response-content-type", "response-cache-control", "response-content-disposition", "acl", "tagging",
	"Prefix", "A", "a", "x-cos-traffic-limit", "ci-process", "imageMogr2/thumbnail/!50p",
}

// signed headers of the SDK's default set (values kept free of leading/trailing whitespace:
// see TestKnownDifferences) and unsigned ones.
var headerNames = []string{
	"Content-Type", "Content-Md5", "Content-Length", "Content-Disposition", "Content-Encoding", "Cache-Control",
	"Range", "If-Match", "If-None-Match", "If-Modified-Since", "Origin", "Expires", "Expect",
	"X-Cos-Acl", "X-Cos-Grant-Read", "X-Cos-Storage-Class", "X-Cos-Meta-Name", "X-Cos-Meta-Ü", "x-cos-meta-lower",
	"X-Cos-Traffic-Limit", "X-Ci-Process", "Pic-Operations",
	"User-Agent", "Date", "X-Custom", "Accept", "Authorization-Extra",
}

var valueRunes = []string{"a", "Z", "0", " ", "  ", "+", "%", "*", "/", "=", "&", ";", ",", "\"", "'", "(", ")", "腾", "é", "😀", "~", ":", "<", "\t"}

// Case returns case i.
func (g *gen) Case(i int) *Case {
	c := &Case{ID: i}
	c.Method = g.pick("GET", "GET", "PUT", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "get", "Patch")
	c.Host = g.pick("examplebucket-1250000000.cos.ap-beijing.myqcloud.com", "b-1.cos.ap-guangzhou.myqcloud.com",
		"b-1.cos.accelerate.myqcloud.com:8443", "cos.ap-shanghai.myqcloud.com", "127.0.0.1:9000")
	switch g.r.IntN(6) {
	case 0:
		c.Path = "/"
	case 1:
		c.Path = "/exampleobject(腾讯云)"
	default:
		segs := 1 + g.r.IntN(3)
		var b strings.Builder
		for range segs {
			b.WriteByte('/')
			b.WriteString(g.word(8, awkwardRunes))
		}
		c.Path = b.String()
	}
	// Query.
	var q []string
	for range g.r.IntN(6) {
		k := g.pick(paramKeys...)
		if g.r.IntN(4) == 0 {
			k = g.word(5, awkwardRunes)
			if k == "" {
				k = "k"
			}
		}
		switch g.r.IntN(5) {
		case 0:
			q = append(q, g.encodeQuery(k)) // valueless
		case 1:
			q = append(q, g.encodeQuery(k)+"=")
		default:
			q = append(q, g.encodeQuery(k)+"="+g.encodeQuery(g.word(10, awkwardRunes)))
		}
	}
	c.RawQuery = strings.Join(q, "&")
	// Headers.
	for range g.r.IntN(7) {
		name := g.pick(headerNames...)
		v := strings.Trim(g.word(12, valueRunes), " \t")
		c.Header = append(c.Header, Field{name, v})
		if g.r.IntN(6) == 0 {
			c.Header = append(c.Header, Field{name, strings.Trim(g.word(6, valueRunes), " \t")})
		}
	}
	if c.Method == "PUT" || c.Method == "POST" {
		if g.r.IntN(2) == 0 {
			c.Body = []byte(g.word(40, awkwardRunes))
		}
	}
	c.SecretID = "AKID" + g.word(12, []string{"a", "B", "3", "z", "Q", "9"})
	c.SecretKey = g.word(32, []string{"a", "B", "3", "+", "/", "=", " ", "é", "%"})
	if c.SecretKey == "" {
		c.SecretKey = "k"
	}
	if g.r.IntN(4) == 0 {
		c.Token = g.word(30, []string{"a", "B", "3", "+", "/", "=", "%", "-", "_"})
	}
	c.Start = time.Unix(1_500_000_000+g.r.Int64N(500_000_000), 0)
	c.Expiry = time.Duration(1+g.r.IntN(7*24*3600)) * time.Second
	return c
}
