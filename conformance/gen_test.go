package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Field is one header line: a name (as it is keyed in http.Header) and one value. A header
// sent with several values is several Fields with the same name.
type Field struct {
	Name, Value string
}

// PathStyle says how the request's URL path is written on the wire.
type PathStyle uint8

const (
	// PathPreEscaped: URL.RawPath is the AWS encoding of URL.Path (unreserved bytes and '/'
	// literal, everything else %XX). This is what the SDKs' own serializers (smithy-go
	// httpbinding) produce, and what aws-sdk-go-v2's signer documentation asks for.
	PathPreEscaped PathStyle = iota
	// PathGoEscaped: URL.RawPath is empty, so net/url escapes URL.Path itself
	// (url.URL.EscapedPath), leaving $&+,:;=@ literal and escaping * ! ' ( ).
	PathGoEscaped
	// PathRaw: URL.RawPath is a hand-written escaping of URL.Path that net/url accepts:
	// lower-case hex, sub-delimiters left literal, "%2F" for a '/' inside a segment.
	PathRaw
)

func (s PathStyle) String() string {
	return [...]string{"pre-escaped", "go-escaped", "raw"}[s]
}

// Case is a neutral description of one request to sign: the generator produces it, and every
// signer (apisig and each SDK) builds its own *http.Request from it with NewRequest.
type Case struct {
	ID      int
	Service string
	Region  string
	Method  string
	Host    string // host[:port], also req.Host
	Path    string // decoded path, URL.Path
	RawPath string // URL.RawPath ("" lets net/url escape Path)
	Style   PathStyle
	// RawQuery is the query exactly as sent, without '?'.
	RawQuery string
	Header   []Field
	// Body is nil for a request without a body.
	Body []byte
	// ContentSHA256 is the value of an X-Amz-Content-Sha256 header the caller sets itself
	// ("" for none): the body's hash or UNSIGNED-PAYLOAD.
	ContentSHA256 string

	AccessKeyID, Secret, SessionToken string

	Time    time.Time
	Presign bool
	Expires time.Duration
}

// NewRequest builds the request the case describes. The body is a bytes.Reader, so
// http.NewRequest sets ContentLength and GetBody.
func (c *Case) NewRequest() *http.Request {
	var body io.Reader
	if c.Body != nil {
		body = bytes.NewReader(c.Body)
	}
	req, err := http.NewRequest(c.Method, "https://placeholder.invalid/", body)
	if err != nil {
		panic(err)
	}
	req.URL = &url.URL{Scheme: "https", Host: c.Host, Path: c.Path, RawPath: c.RawPath, RawQuery: c.RawQuery}
	req.Host = c.Host
	for _, f := range c.Header {
		req.Header[f.Name] = append(req.Header[f.Name], f.Value)
	}
	if c.ContentSHA256 != "" {
		req.Header.Set("X-Amz-Content-Sha256", c.ContentSHA256)
	}
	return req
}

// IsS3 reports whether S3's path rules apply.
func (c *Case) IsS3() bool { return c.Service == "s3" }

// BodyHash is the hex SHA-256 of the body (of "" when there is none).
func (c *Case) BodyHash() string {
	h := sha256.Sum256(c.Body)
	return hex.EncodeToString(h[:])
}

// String is a compact, Go-syntax description of the case for failure messages.
func (c *Case) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "case %d: service=%q region=%q presign=%v expires=%v time=%s\n", c.ID, c.Service, c.Region, c.Presign, c.Expires, c.Time.Format(time.RFC3339))
	fmt.Fprintf(&b, "  %s host=%q path=%q rawpath=%q (%s)\n", c.Method, c.Host, c.Path, c.RawPath, c.Style)
	fmt.Fprintf(&b, "  query=%q\n", c.RawQuery)
	for _, f := range c.Header {
		fmt.Fprintf(&b, "  header %q: %q\n", f.Name, f.Value)
	}
	body := c.Body
	if len(body) > 48 {
		body = body[:48]
	}
	fmt.Fprintf(&b, "  body=%q (%d bytes, nil=%v) content-sha256=%q\n", body, len(c.Body), c.Body == nil, c.ContentSHA256)
	fmt.Fprintf(&b, "  creds=%q/%q token=%q", c.AccessKeyID, c.Secret, c.SessionToken)
	return b.String()
}

// Generator produces Cases deterministically from a seed.
type Generator struct {
	r  *rand.Rand
	id int
	// plain is set for the current case when it is an ordinary request: simple path, query
	// and header values, as most real traffic is. The other cases are hostile.
	plain bool
}

// NewGenerator returns a generator seeded with (seed, 0) for rand.NewPCG.
func NewGenerator(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x61706973696721))}
}

// Cases returns the first n cases of seed.
func Cases(seed uint64, n int) []*Case {
	g := NewGenerator(seed)
	out := make([]*Case, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func (g *Generator) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *Generator) chance(p float64) bool    { return g.r.Float64() < p }

var (
	services = []string{"s3", "s3", "s3", "execute-api", "dynamodb", "sqs", "es", "sts"}
	regions  = []string{"us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1", "us-gov-west-1"}
	methods  = []string{"GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"}

	// Pieces from which path segments, query keys/values and header values are made. The
	// unicode pieces include a combining character, an astral-plane emoji and a character
	// whose UTF-8 encoding contains the byte 0xA0 (which is not whitespace as a byte).
	asciiPieces   = []string{"a", "b", "Z", "0", "9", "photo", "key", "x", "-", "_", ".", "~"}
	specialPieces = []string{" ", "  ", "+", "*", "~", "%", "!", "$", "&", "'", "(", ")", ",", ";", "=", ":", "@", "[", "]", "?", "#", "^", "`", "{", "}", "|", "\\", "\"", "<", ">"}
	plainPieces   = []string{"a", "b", "Z", "0", "9", "photo", "key", "x", "-", "_", "~"}
	unicodePieces = []string{"é", "ü", "ß", "日本", "Ω", "😀", "e\u0301", "ア", "ŀ", "\u00a0"}
)

// word makes a random string of 0..maxPieces pieces.
func (g *Generator) word(maxPieces int, special, unicode float64) string {
	n := g.r.IntN(maxPieces + 1)
	if g.plain {
		special, unicode = 0, 0
		if n == 0 {
			n = 1
		}
	}
	var b strings.Builder
	for range n {
		switch x := g.r.Float64(); {
		case x < special:
			b.WriteString(specialPieces[g.r.IntN(len(specialPieces))])
		case x < special+unicode:
			b.WriteString(unicodePieces[g.r.IntN(len(unicodePieces))])
		case g.plain:
			b.WriteString(plainPieces[g.r.IntN(len(plainPieces))])
		default:
			b.WriteString(asciiPieces[g.r.IntN(len(asciiPieces))])
		}
	}
	return b.String()
}

// Next returns the next case.
func (g *Generator) Next() *Case {
	g.id++
	c := &Case{ID: g.id}
	g.plain = g.chance(0.3)
	c.Service = services[g.r.IntN(len(services))]
	c.Region = regions[g.r.IntN(len(regions))]
	c.Method = methods[g.r.IntN(len(methods))]
	c.Presign = g.chance(0.3)
	if c.Presign {
		c.Expires = time.Duration(1+g.r.IntN(7*24*3600)) * time.Second
	}
	// 2015-01-01 .. 2030-12-31, whole seconds.
	c.Time = time.Unix(1420070400+g.r.Int64N(16*365*24*3600), 0).UTC()

	c.AccessKeyID = g.pick("AKIDEXAMPLE", "AKIAIOSFODNN7EXAMPLE", "ASIAXXXXXXXXXXXXXXXX", "minioadmin")
	c.Secret = g.pick("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "secret", "minioadmin", "s3cr3t/with+plus=")
	if g.chance(0.4) {
		c.SessionToken = g.pick("FQoGZXIvYXdzE//////////wEaDEXAMPLE+token/with==", "token", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ")
	}

	c.Host = g.host(c.Service, c.Region)
	g.path(c)
	c.RawQuery = g.query()
	g.headers(c)
	g.body(c)
	return c
}

func (g *Generator) host(service, region string) string {
	var h string
	switch service {
	case "s3":
		h = g.pick("examplebucket.s3.amazonaws.com", "s3."+region+".amazonaws.com", "bucket.s3."+region+".amazonaws.com", "localhost", "127.0.0.1")
	default:
		h = g.pick(service+"."+region+".amazonaws.com", "abc123.execute-api."+region+".amazonaws.com", "example.com")
	}
	if !g.plain && g.chance(0.15) {
		h += g.pick(":443", ":9000", ":8080", ":80")
	}
	return h
}

// path sets Path, RawPath and Style.
func (g *Generator) path(c *Case) {
	nseg := g.r.IntN(5)
	var b strings.Builder
	for range nseg {
		b.WriteByte('/')
		switch x := g.r.Float64(); {
		case g.plain:
			b.WriteString(g.word(4, 0, 0))
		case x < 0.08:
			// empty segment: "//"
		case x < 0.14:
			b.WriteString(".")
		case x < 0.2:
			b.WriteString("..")
		default:
			b.WriteString(g.word(4, 0.3, 0.15))
		}
	}
	if nseg == 0 || g.chance(0.15) {
		b.WriteByte('/')
	}
	c.Path = b.String()
	if !g.plain && g.chance(0.02) {
		// No path at all: http.NewRequest("GET", "https://host", nil) leaves URL.Path empty;
		// net/http sends "/".
		c.Path, c.RawPath, c.Style = "", "", PathPreEscaped
		return
	}

	switch x := g.r.Float64(); {
	case g.plain || x < 0.75:
		c.Style = PathPreEscaped
		c.RawPath = awsEscapePath(c.Path)
	case x < 0.9:
		c.Style = PathGoEscaped
		u := url.URL{Path: c.Path}
		if u.EscapedPath() == c.Path {
			// No difference between the styles; keep it pre-escaped.
			c.Style = PathPreEscaped
			c.RawPath = awsEscapePath(c.Path)
		}
	default:
		c.Style = PathRaw
		c.RawPath = g.rawEscapePath(c.Path)
		u := url.URL{Path: c.Path, RawPath: c.RawPath}
		if u.EscapedPath() != c.RawPath {
			// net/url refused the hand-written form; fall back.
			c.Style = PathPreEscaped
			c.RawPath = awsEscapePath(c.Path)
		}
	}
}

// awsEscapePath is the AWS URI encoding of a path: unreserved bytes and '/' literal, every
// other byte %XX with upper-case hex.
func awsEscapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isUnreserved(c) || c == '/' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// rawEscapePath writes p the way a hand-written URL might: some sub-delimiters literal, some
// escapes in lower-case hex, a few unreserved bytes needlessly escaped.
func (g *Generator) rawEscapePath(p string) string {
	lower := g.chance(0.5)
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '/':
			b.WriteByte(c)
		case isUnreserved(c) && !g.chance(0.05):
			b.WriteByte(c)
		case strings.IndexByte("!$&'()*+,;=:@", c) >= 0 && g.chance(0.6):
			b.WriteByte(c)
		case lower:
			fmt.Fprintf(&b, "%%%02x", c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// queryEncoding is how the generator writes one query component.
type queryEncoding uint8

const (
	qeAWS   queryEncoding = iota // unreserved literal, %XX upper, space %20
	qeGo                         // url.QueryEscape: space as '+'
	qeLoose                      // sub-delimiters and UTF-8 literal where net/url accepts them
	qeLower                      // as qeAWS with lower-case hex
)

func (g *Generator) query() string {
	if g.chance(0.25) {
		return ""
	}
	enc := queryEncoding(g.r.IntN(4))
	if g.plain {
		enc = qeAWS
	}
	n := 1 + g.r.IntN(6)
	type kv struct {
		k, v string
		noEq bool
	}
	var pairs []kv
	for range n {
		var p kv
		switch x := g.r.Float64(); {
		case g.plain:
			p.k = g.word(2, 0, 0)
		case x < 0.15 && len(pairs) > 0:
			// repeated key
			p.k = pairs[g.r.IntN(len(pairs))].k
		case x < 0.2:
			p.k = "" // empty key
		case x < 0.35:
			p.k = g.pick("prefix", "list-type", "versionId", "uploads", "partNumber", "x-id", "A", "a", "Z", "_", "~", "[", "%", "+", "*", "=", "é", "a b", "a-b", "a.b", "B", "max-keys")
		default:
			p.k = g.word(3, 0.35, 0.15)
		}
		switch x := g.r.Float64(); {
		case x < 0.15:
			p.noEq = true
		case x < 0.3:
			// empty value, with '='
		default:
			p.v = g.word(4, 0.35, 0.15)
		}
		if p.k == "" && p.noEq {
			p.noEq = false // a bare "" segment is skipped by every parser: not interesting
		}
		pairs = append(pairs, p)
	}
	g.r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	var segs []string
	for _, p := range pairs {
		seg := g.encodeQueryComponent(p.k, enc, true)
		if !p.noEq {
			seg += "=" + g.encodeQueryComponent(p.v, enc, false)
		}
		segs = append(segs, seg)
	}
	if !g.plain && g.chance(0.03) {
		// A literal ';' (old-style separator): net/url.ParseQuery rejects the whole pair.
		segs = slices.Insert(segs, g.r.IntN(len(segs)+1), g.pick("a;b=1", "k=v;w", ";"))
	}
	return strings.Join(segs, "&")
}

func (g *Generator) encodeQueryComponent(s string, enc queryEncoding, isKey bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c):
			b.WriteByte(c)
		case c == ' ' && enc == qeGo:
			b.WriteByte('+')
		case enc == qeLoose && (c >= 0x80 || strings.IndexByte("!'()*,:@/?[]$", c) >= 0 || (c == '=' && !isKey)):
			b.WriteByte(c)
		case enc == qeLower:
			fmt.Fprintf(&b, "%%%02x", c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

var headerNames = []string{
	"Content-Type", "Range", "X-Amz-Meta-Color", "X-Amz-Meta-A", "X-Amz-Foo", "X-Custom",
	"X-Amz-Target", "Accept", "Accept-Encoding", "User-Agent", "X-Amzn-Trace-Id", "Expect",
	"Connection", "Content-Md5", "Content-Encoding", "If-Match", "Cache-Control", "X-Amz-Acl",
	"X-Amz-Expected-Bucket-Owner", "X-Amz-Storage-Class", "Zzz-Last", "A-First",
	"X-Amz-Checksum-Crc32", "X-Amz-Grant-Read",
}

var plainHeaderNames = []string{"Content-Type", "Range", "X-Amz-Meta-Color", "X-Custom", "X-Amz-Acl", "Accept", "If-Match", "X-Amz-Storage-Class"}

// headers sets Header: 0..5 header names, each with one or (sometimes) several values.
func (g *Generator) headers(c *Case) {
	n := g.r.IntN(6)
	used := map[string]bool{}
	for range n {
		name := headerNames[g.r.IntN(len(headerNames))]
		if g.plain {
			name = plainHeaderNames[g.r.IntN(len(plainHeaderNames))]
		}
		if used[strings.ToLower(name)] {
			continue
		}
		used[strings.ToLower(name)] = true
		if !g.plain && g.chance(0.05) {
			// A map key that is not in canonical form (req.Header["x-foo"] = ...), which
			// http.Header.Set would never produce but callers do write.
			name = strings.ToLower(name)
		}
		nv := 1
		if g.chance(0.2) {
			nv = 2 + g.r.IntN(2)
		}
		for range nv {
			c.Header = append(c.Header, Field{name, g.headerValue(name)})
		}
	}
	if c.IsS3() && g.chance(0.2) && !used["range"] {
		c.Header = append(c.Header, Field{"Range", fmt.Sprintf("bytes=%d-%d", g.r.IntN(100), 100+g.r.IntN(1000))})
	}
}

func (g *Generator) headerValue(name string) string {
	switch name {
	case "Content-Type":
		if g.chance(0.5) {
			return g.pick("application/json", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "  application/json  ", "text/plain;  charset=utf-8")
		}
	case "Expect":
		return "100-continue"
	case "Connection":
		return g.pick("keep-alive", "close")
	}
	if g.plain {
		return g.word(3, 0, 0)
	}
	if g.chance(0.03) {
		return g.pick("", " ", "\t", "  ")
	}
	var b strings.Builder
	if g.chance(0.3) {
		b.WriteString(g.pick(" ", "  ", "\t", " \t "))
	}
	parts := 1 + g.r.IntN(3)
	for i := range parts {
		if i > 0 {
			// inner whitespace: one space, a run of spaces, a tab, mixed
			b.WriteString(g.pick(" ", "  ", "   ", "\t", " \t", ", "))
		}
		w := g.word(3, 0.15, 0.1)
		if w == "" {
			w = "v"
		}
		// A header value may not contain CTLs other than tab; the generator's pieces have
		// none.
		b.WriteString(w)
	}
	if g.chance(0.3) {
		b.WriteString(g.pick(" ", "  ", "\t"))
	}
	return b.String()
}

func (g *Generator) body(c *Case) {
	switch x := g.r.Float64(); {
	case x < 0.4:
		// no body
	case x < 0.5:
		c.Body = []byte{}
	case x < 0.8:
		c.Body = []byte(`{"TableName":"t","Key":{"id":{"S":"` + g.word(5, 0.2, 0.2) + `"}}}`)
	default:
		c.Body = make([]byte, g.r.IntN(2048))
		for i := range c.Body {
			c.Body[i] = byte(g.r.IntN(256))
		}
	}
	if c.Presign {
		// A presigned URL carries no body.
		c.Body = nil
	}
	switch x := g.r.Float64(); {
	case c.Presign && x < 0.05 && c.IsS3():
		c.ContentSHA256 = "UNSIGNED-PAYLOAD"
	case c.Presign && x < 0.1:
		c.ContentSHA256 = c.BodyHash()
	case c.Presign:
	case x < 0.2:
		c.ContentSHA256 = c.BodyHash()
	case x < 0.35 && c.IsS3():
		c.ContentSHA256 = "UNSIGNED-PAYLOAD"
	}
}
