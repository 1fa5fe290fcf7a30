package conformance

import (
	"testing"
	"time"
)

// classExamples are the hand-written minimal examples of SDK-NOTES.md, one per class.
// TestClassExamples proves each: the class applies, apisig's default differs from the SDK, and
// the class's fix alone makes apisig reproduce the SDK byte for byte.
var classExamples = map[string]*Case{
	"V2-semicolon":              ex("execute-api", "GET", "/", "a;b=1&c=2"),
	"V2-hoist":                  ex("s3", "GET", "/k", "", "X-Amz-Foo", "bar").presign(),
	"V2-content-length":         ex("s3", "PUT", "/k", "").body("hello"),
	"V2-ignored":                ex("execute-api", "GET", "/", "", "Connection", "keep-alive"),
	"V2-ignored-case":           ex("execute-api", "GET", "/", "", "user-agent", "curl/8.5.0"),
	"V2-default-port":           ex("execute-api", "GET", "/", "").host("example.amazonaws.com:443"),
	"V2-no-normalize":           ex("execute-api", "GET", "/a/./b/../c//d", ""),
	"V2-s3-path-as-sent":        ex("s3", "GET", "/a+b", "").goEscaped(),
	"V2-header-unicode-trim":    ex("s3", "GET", "/k", "", "X-Amz-Meta-Note", "\u00a0x"),
	"SM-semicolon":              ex("execute-api", "GET", "/", "a;b=1&c=2"),
	"SM-raw-sort":               ex("execute-api", "GET", "/", "A=1&%5B=2"),
	"SM-no-normalize":           ex("execute-api", "GET", "/a/./b/../c//d", ""),
	"SM-s3-path-as-sent":        ex("s3", "GET", "/a+b", "").goEscaped(),
	"SM-trim-only":              ex("execute-api", "GET", "/", "", "X-Custom", "a  b"),
	"SM-header-unicode-trim":    ex("execute-api", "GET", "/", "", "X-Custom", "\u00a0x"),
	"MN-semicolon":              ex("s3", "GET", "/k", "a;b=1&c=2"),
	"MN-empty-path":             ex("s3", "GET", "", ""),
	"MN-presign-path-rendering": ex("s3", "GET", "/a+b", "").goEscaped().presign(),
	"MN-ignored":                ex("s3", "GET", "/k", "", "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"),
	"MN-raw-sort":               ex("s3", "GET", "/k", "A=1&%5B=2"),
	"MN-values-unsorted":        ex("s3", "GET", "/k", "k=b&k=a"),
	"MN-fields":                 ex("s3", "GET", "/k", "", "X-Custom", "a\tb"),
}

func ex(service, method, path, query string, header ...string) *Case {
	c := &Case{
		Service: service, Region: "us-east-1", Method: method, Path: path, RawPath: awsEscapePath(path),
		RawQuery: query, AccessKeyID: "AKIDEXAMPLE", Secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		Time: time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), Host: "example.amazonaws.com",
	}
	if service == "s3" {
		c.Host = "examplebucket.s3.amazonaws.com"
	}
	for i := 0; i+1 < len(header); i += 2 {
		c.Header = append(c.Header, Field{header[i], header[i+1]})
	}
	return c
}

func (c *Case) presign() *Case      { c.Presign, c.Expires = true, 15*time.Minute; return c }
func (c *Case) body(b string) *Case { c.Body = []byte(b); return c }
func (c *Case) host(h string) *Case { c.Host = h; return c }
func (c *Case) goEscaped() *Case    { c.RawPath, c.Style = "", PathGoEscaped; return c }

func TestClassExamples(t *testing.T) {
	byID := map[string]*class{}
	for _, cl := range classes {
		byID[cl.ID] = cl
	}
	byName := map[string]oracle{}
	for _, o := range oracles {
		byName[o.name] = o
	}
	for _, cl := range classes {
		c := classExamples[cl.ID]
		if c == nil {
			t.Errorf("class %s has no example", cl.ID)
			continue
		}
		o := byName[cl.Oracle]
		t.Run(cl.ID, func(t *testing.T) {
			if !cl.Applies(c) {
				t.Fatalf("class does not apply to its example\n%s", c)
			}
			sdk, err := o.sign(t, c)
			if err != nil {
				t.Fatal(err)
			}
			mine, err := signApisig(c, false)
			if err != nil {
				t.Fatal(err)
			}
			if o.equal(c, mine, sdk) {
				t.Fatalf("apisig already agrees with %s on the example\n%s", o.name, c)
			}
			if ok, msg := fixed(t, o, c, []*class{cl}, -1); !ok {
				t.Fatalf("the class fix alone does not reproduce %s:\n%s", o.name, msg)
			}
			t.Logf("%s\napisig:  %s\n%-8s %s", c, mine.Result(c.Presign), o.name+":", sdk.Result(c.Presign))
		})
	}
	for id := range classExamples {
		if byID[id] == nil {
			t.Errorf("example for unknown class %s", id)
		}
	}
}
