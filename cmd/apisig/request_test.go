package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

// fixtures are the files the request tests read, as they were when curl 7.88.1's bytes were
// captured for the expected values below.
var fixtures = map[string]string{
	"crlf.txt":      "line1\r\nline2\nline3",
	"ue.txt":        "a b&c=d\n",
	"b.bin":         "\x00\x01binary\xff",
	"doc.xml":       "<x/>",
	"q\"uote.txt":   "hello\n",
	"noext":         "plain",
	"hdrs.txt":      "X-One: 1\n# comment\nX-Two: 2\n",
	"formhdrs.txt":  "X-One: 1\n# comment\nX-Two: 2\n",
	"big.txt":       strings.Repeat("0123456789\r\n", 10000), // larger than filterReader's buffer
	"data-with-at":  "@not a file name",
	"multi.headers": "X-A: 1\r\nX-B: 2\r\n",
}

func inFixtures(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range fixtures {
		if err := os.WriteFile(dir+"/"+name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

// buildArgs builds the request of a command line's curl flags; its URL is the last argument.
func buildArgs(t *testing.T, args []string, stdin string) (*request, error) {
	t.Helper()
	var rf requestFlags
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	rf.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parsing %q: %v", args, err)
	}
	return rf.build(context.Background(), fs.Arg(0), buildEnv{
		stdin:     strings.NewReader(stdin),
		defaults:  true,
		userAgent: "apisig/test",
		boundary:  func() string { return "BOUNDARY" },
	})
}

func readAll(t *testing.T, r *request) string {
	t.Helper()
	if r.GetBody == nil {
		return ""
	}
	rc, err := r.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The expected values are the bytes curl 7.88.1 sent for the same flags (captured with a
// raw TCP server), the multipart boundary replaced by BOUNDARY. TestRequestAgainstCurl checks
// the same cases against the curl installed here.
var requestTests = []struct {
	name           string
	args           []string
	stdin          string
	method, target string
	header         map[string]string // "" means absent
	body           string
}{
	{
		name: "-d pieces are joined with & and POSTed as a form",
		args: []string{"-d", "a=1", "-d", "b=2 3", "http://h/p"}, method: "POST", target: "/p",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*", "User-Agent": "apisig/test"},
		body:   "a=1&b=2 3",
	},
	{
		name: "-d @file drops CR and LF", args: []string{"-d", "@crlf.txt", "http://h/p"}, method: "POST", target: "/p",
		body: "line1line2line3",
	},
	{
		name: "-d @file drops CR and LF across buffer boundaries", args: []string{"-d", "@big.txt", "http://h/p"}, method: "POST", target: "/p",
		body: strings.Repeat("0123456789", 10000),
	},
	{
		name: "--data-binary @file keeps every byte", args: []string{"--data-binary", "@crlf.txt", "http://h/p"}, method: "POST", target: "/p",
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		body:   "line1\r\nline2\nline3",
	},
	{
		name: "-d @- reads standard input without CR and LF", args: []string{"-d", "@-", "http://h/p"}, stdin: "a\r\nb", method: "POST", target: "/p",
		body: "ab",
	},
	{
		name: "--data-urlencode's five forms",
		args: []string{"--data-urlencode", "my name is moo[]", "--data-urlencode", "y e s=s_i_r", "--data-urlencode", "v@ue.txt",
			"--data-urlencode", "@ue.txt", "--data-urlencode", "=a=b@c", "http://h/p"},
		method: "POST", target: "/p",
		body: "my+name+is+moo%5B%5D&y e s=s_i_r&v=a+b%26c%3Dd%0A&a+b%26c%3Dd%0A&a%3Db%40c",
	},
	{
		name: "--data-urlencode splits at the first = before any @", args: []string{"--data-urlencode", "a@b=c d", "http://h/p"},
		method: "POST", target: "/p", body: "a@b=c+d",
	},
	{
		name: "-G puts the data into the query", args: []string{"-G", "-d", "a=1", "--data-urlencode", "q=x y", "http://h/p?z=0"},
		method: "GET", target: "/p?z=0&a=1&q=x+y", header: map[string]string{"Content-Type": ""},
	},
	{
		name: "-G -I sends HEAD", args: []string{"-G", "-I", "-d", "a=1", "http://h/p"}, method: "HEAD", target: "/p?a=1",
	},
	{
		name:   "-H removes, empties, adds and repeats headers",
		args:   []string{"-d", "a=1", "-H", "Content-Type:", "-H", "Accept:", "-H", "X-Empty;", "-H", "X-A: 1", "-H", "X-A: 2", "http://h/p"},
		method: "POST", target: "/p", header: map[string]string{"Content-Type": "", "Accept": "", "X-Empty": "", "X-A": "1,2"},
		body: "a=1",
	},
	{
		name: "-H replaces a default, -X the method", args: []string{"-d", "a=1", "-H", "Content-Type: application/json", "-X", "PUT", "http://h/p"},
		method: "PUT", target: "/p", header: map[string]string{"Content-Type": "application/json"}, body: "a=1",
	},
	{
		name: "--data-raw does not read files; an empty -d still adds its &", args: []string{"--data-raw", "@x", "-d", "", "http://h/p"},
		method: "POST", target: "/p", body: "@x&",
	},
	{
		name: "--json sets JSON's Content-Type and Accept", args: []string{"--json", `{"a":1}`, "http://h/p"}, method: "POST", target: "/p",
		header: map[string]string{"Content-Type": "application/json", "Accept": "application/json"}, body: `{"a":1}`,
	},
	{
		name: "-T sends a file with PUT, named after it under a URL ending in /", args: []string{"-T", "crlf.txt", "http://h/p/dir/"},
		method: "PUT", target: "/p/dir/crlf.txt", header: map[string]string{"Expect": "100-continue", "Content-Type": ""},
		body: "line1\r\nline2\nline3",
	},
	{
		name: "-I sends HEAD", args: []string{"-I", "http://h/p"}, method: "HEAD", target: "/p",
	},
	{
		name:   "-H @file reads a header a line; Host: changes the Host; User-Agent: removes it",
		args:   []string{"-H", "@hdrs.txt", "-H", "Host: other.example", "-H", "User-Agent:", "-H", "NoColon", "http://h/p"},
		method: "GET", target: "/p", header: map[string]string{"X-One": "1", "X-Two": "2", "Host": "other.example", "User-Agent": ""},
	},
	{
		name: "-F: text, file upload, <file as text, binary file, type and filename",
		args: []string{"-F", "a=1", "-F", "file=@crlf.txt", "-F", "x=<doc.xml", "-F", "y=<noext", "-F", "bin=@b.bin",
			"-F", "c=@doc.xml;type=text/foo;filename=renamed.dat", "http://h/p"},
		method: "POST", target: "/p", header: map[string]string{"Content-Type": "multipart/form-data; boundary=BOUNDARY"},
		body: "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"crlf.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\nline3\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"x\"\r\nContent-Type: application/xml\r\n\r\n<x/>\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\nplain\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"bin\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01binary\xff\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"c\"; filename=\"renamed.dat\"\r\nContent-Type: text/foo\r\n\r\n<x/>\r\n" +
			"--BOUNDARY--\r\n",
	},
	{
		name: "-F: explicit text/plain, filenames on text, headers=, quoted and escaped names, spaces, unknown settings",
		args: []string{"-F", "a=b;type=text/plain", "-F", "n=v;filename=x.txt", "-F", "n2=v;filename=x.bin", "-F", `h=v;headers="X-Part: 1"`,
			"-F", `q=@"q\"uote.txt"`, "-F", "sp=  padded  ", "-F", "semi=a;b", "http://h/p"},
		method: "POST", target: "/p",
		body: "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain\r\n\r\nb\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"n\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nv\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"n2\"; filename=\"x.bin\"\r\n\r\nv\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"h\"\r\nX-Part: 1\r\n\r\nv\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"q\"; filename=\"q%22uote.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\n\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"sp\"\r\n\r\npadded\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"semi\"\r\n\r\na\r\n" +
			"--BOUNDARY--\r\n",
	},
	{
		name: "-F: a type with parameters, no name, headers=@file, a Content-Type in headers=",
		args: []string{"-F", "a=b;type=text/foo; charset=utf-8;filename=z", "-F", "=noname", "-F", "h=v;headers=@formhdrs.txt",
			"-F", `ct=v;headers="Content-Type: x/y"`, "http://h/p"},
		method: "POST", target: "/p",
		body: "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"; filename=\"z\"\r\nContent-Type: text/foo; charset=utf-8\r\n\r\nb\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\nnoname\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"h\"\r\nX-One: 1\r\nX-Two: 2\r\n\r\nv\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"ct\"\r\nContent-Type: x/y\r\n\r\nv\r\n" +
			"--BOUNDARY--\r\n",
	},
	{
		name:   "--form-string is literal; a file without a known extension is octet-stream; an empty value",
		args:   []string{"--form-string", "s=@lit;type=x/y", "-F", "noext=@noext", "-F", "e=", "http://h/p"},
		method: "POST", target: "/p",
		body: "--BOUNDARY\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\n@lit;type=x/y\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"noext\"; filename=\"noext\"\r\nContent-Type: application/octet-stream\r\n\r\nplain\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n" +
			"--BOUNDARY--\r\n",
	},
	{
		name: "-F with -H Content-Type: curl appends its boundary; parts become attachments",
		args: []string{"-F", "a=1", "-H", "Content-Type: multipart/related; type=x", "http://h/p"}, method: "POST", target: "/p",
		header: map[string]string{"Content-Type": "multipart/related; type=x; boundary=BOUNDARY"},
		body:   "--BOUNDARY\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--BOUNDARY--\r\n",
	},
	{
		name: "-F @- uploads standard input with filename -, <- after it reads nothing",
		args: []string{"-F", "up=@-", "-F", "tx=<-", "http://h/p"}, stdin: "stdin-data", method: "POST", target: "/p",
		body: "--BOUNDARY\r\nContent-Disposition: form-data; name=\"up\"; filename=\"-\"\r\n\r\nstdin-data\r\n" +
			"--BOUNDARY\r\nContent-Disposition: form-data; name=\"tx\"\r\n\r\n\r\n" +
			"--BOUNDARY--\r\n",
	},
	{
		name: "a URL without a scheme is http", args: []string{"h/p#frag"}, method: "GET", target: "/p",
	},
}

func TestBuildRequest(t *testing.T) {
	inFixtures(t)
	for _, tt := range requestTests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := buildArgs(t, tt.args, tt.stdin)
			if err != nil {
				t.Fatalf("build(%q) = %v", tt.args, err)
			}
			if r.Method != tt.method || r.URL.RequestURI() != tt.target {
				t.Errorf("build(%q) = %s %s; want %s %s", tt.args, r.Method, r.URL.RequestURI(), tt.method, tt.target)
			}
			for name, want := range tt.header {
				got := strings.Join(r.Header.Values(name), ",")
				if name == "Host" {
					got = r.Host
				}
				if got != want {
					t.Errorf("build(%q) header %s = %q; want %q", tt.args, name, got, want)
				}
			}
			body := readAll(t, r)
			if diff := cmp.Diff(tt.body, body); diff != "" {
				t.Errorf("build(%q) body (-want +got):\n%s", tt.args, diff)
			}
			if r.ContentLength != int64(len(body)) {
				t.Errorf("build(%q) ContentLength = %d; want %d", tt.args, r.ContentLength, len(body))
			}
			// The body reads the same again (for hashing, then sending, then a retry).
			if again := readAll(t, r); again != body {
				t.Errorf("build(%q): the body read a second time differs", tt.args)
			}
		})
	}
}

// TestBodyStreamsFiles checks that bodies read from files hold no file content in memory.
func TestBodyStreamsFiles(t *testing.T) {
	inFixtures(t)
	for _, args := range [][]string{
		{"-d", "@big.txt", "http://h/"},
		{"--data-binary", "@big.txt", "http://h/"},
		{"--data-urlencode", "k@big.txt", "http://h/"},
		{"-T", "big.txt", "http://h/x"},
		{"-F", "f=@big.txt", "http://h/"},
	} {
		r, err := buildArgs(t, args, "")
		if err != nil {
			t.Fatalf("build(%q) = %v", args, err)
		}
		var inMemory int
		for _, p := range r.body.parts {
			inMemory += len(p.data)
		}
		if inMemory > 1024 {
			t.Errorf("build(%q) holds %d bytes in memory; want the file streamed", args, inMemory)
		}
	}
}

func TestBuildRequestErrors(t *testing.T) {
	inFixtures(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-F", "novalue", "http://h/"}, `-F "novalue": a form field needs a name and '='`},
		{[]string{"-F", "f=@", "http://h/"}, `-F "f=@": no file name after @`},
		{[]string{"-F", "f=@a,b", "http://h/"}, "several files in one field are not supported"},
		{[]string{"-F", "f=(", "http://h/"}, "nested multipart parts are not supported"},
		{[]string{"-F", "f=@crlf.txt;encoder=base64", "http://h/"}, "encoder=base64 is not supported"},
		{[]string{"-F", "f=v;type=bad", "http://h/"}, "type=bad is not a content type"},
		{[]string{"-d", "@nope", "http://h/"}, `data file "nope": stat nope: no such file or directory`},
		{[]string{"-d", "@.", "http://h/"}, `data file ".": . is a directory`},
		{[]string{"-H", "Bad Name: x", "http://h/"}, `"Bad Name" is not a valid header name`},
		{[]string{"-H", "Host:", "http://h/"}, "cannot be sent without Host"},
		{[]string{"-H", "Transfer-Encoding: chunked", "http://h/"}, "Transfer-Encoding cannot be set"},
		{[]string{"-d", "a", "-T", "crlf.txt", "http://h/"}, "only one kind of request can be sent: -d/--data (POST), -T/--upload-file (PUT)"},
		{[]string{"-G", "-F", "a=1", "http://h/"}, "-F/--form (POST), -G/--get (GET)"},
		{[]string{"http:///p"}, "has no host"},
		{[]string{"file:///etc/passwd"}, `scheme "file" is not supported`},
		{[]string{"http://h/a b%zz"}, "invalid URL escape"},
	}
	for _, tt := range tests {
		_, err := buildArgs(t, tt.args, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("build(%q) = %v; want an error containing %q", tt.args, err, tt.want)
		}
		var ue usageError
		if err != nil && !errors.As(err, &ue) {
			t.Errorf("build(%q) = %v; want a usage error", tt.args, err)
		}
	}
}

func TestParseFormGrammar(t *testing.T) {
	var warnings []string
	warn := func(s string) { warnings = append(warnings, s) }
	tests := []struct {
		spec string
		want formPart
	}{
		{"a=b", formPart{name: "a", value: "b"}},
		{`f=@"dir/a;b,c.txt";filename="x \"y\" \\z"`, formPart{name: "f", file: "dir/a;b,c.txt", upload: true, filename: `x "y" \z`, hasFilename: true}},
		{"f=@dir/file.png", formPart{name: "f", file: "dir/file.png", upload: true, filename: "file.png", hasFilename: true}},
		{"f=@ spaced.txt ; type=text/x ; filename= n ", formPart{name: "f", file: "spaced.txt", upload: true, typ: "text/x", filename: "n", hasFilename: true}},
		{"t=<in.txt;type=text/html;charset=utf-8", formPart{name: "t", file: "in.txt", typ: "text/html;charset=utf-8"}},
		{`q="a;b"`, formPart{name: "q", value: "a;b"}},
		{`u="unterminated`, formPart{name: "u", value: `"unterminated`}},
		{"h=v;headers=X-A: 1;headers=X-B: 2", formPart{name: "h", value: "v", headers: []string{"X-A: 1", "X-B: 2"}}},
	}
	for _, tt := range tests {
		got, err := parseForm(formArg{spec: tt.spec}, warn)
		if err != nil {
			t.Errorf("parseForm(%q) = %v", tt.spec, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(formPart{})); diff != "" {
			t.Errorf("parseForm(%q) (-want +got):\n%s", tt.spec, diff)
		}
	}
	if len(warnings) != 0 {
		t.Errorf("parseForm warned %q; want no warnings", warnings)
	}
	if _, err := parseForm(formArg{spec: "a=b;nonsense"}, warn); err != nil || len(warnings) != 1 {
		t.Errorf("parseForm(a=b;nonsense) = %v with warnings %q; want one warning", err, warnings)
	}
}

func TestFormEscape(t *testing.T) {
	got := formPart{name: "a\"b\r\nc", filename: `f"\.txt`, hasFilename: true}.mimeHeaders("form-data")
	want := []string{`Content-Disposition: form-data; name="a%22b%0D%0Ac"; filename="f%22\.txt"`, "Content-Type: text/plain"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mimeHeaders (-want +got):\n%s", diff)
	}
}

// TestRequestAgainstCurl builds each case of requestTests with apisig and with the curl
// installed here, and compares what each would send: method, target, headers but
// User-Agent, and body, the multipart boundary aside.
func TestRequestAgainstCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	inFixtures(t)
	boundary := regexp.MustCompile(`-{24}[0-9A-Za-z]{16,22}`)
	for _, tt := range requestTests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := buildArgs(t, tt.args, tt.stdin)
			if err != nil {
				t.Fatal(err)
			}
			got := fromRequest(r, readAll(t, r))
			want := curlSends(t, curl, tt.args, tt.stdin)
			if n := want.header.Get("Content-Length"); n != "" && n != strconv.Itoa(len(want.body)) {
				t.Fatalf("curl sent Content-Length %s with a %d-byte body", n, len(want.body))
			}
			want.body = boundary.ReplaceAllString(want.body, "BOUNDARY")
			if want.header.Get("Content-Length") != "" {
				want.header.Set("Content-Length", strconv.Itoa(len(want.body)))
			}
			for k, v := range want.header {
				want.header[k] = strings.Split(boundary.ReplaceAllString(strings.Join(v, "\n"), "BOUNDARY"), "\n")
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(sent{})); diff != "" {
				t.Errorf("%q: curl sends (-) and apisig builds (+):\n%s", tt.args, diff)
			}
		})
	}
}

// sent is what a client sends, in the form compared.
type sent struct {
	method, target, host string
	header               http.Header
	body                 string
}

func fromRequest(r *request, body string) sent {
	h := r.Header.Clone()
	delete(h, "User-Agent")
	if r.ContentLength > 0 || r.Body != nil {
		h.Set("Content-Length", strconv.FormatInt(r.ContentLength, 10))
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	return sent{method: r.Method, target: r.URL.RequestURI(), host: host, header: h, body: body}
}

// curlSends runs curl with args against a server on 127.0.0.1 that records the request.
func curlSends(t *testing.T, curl string, args []string, stdin string) sent {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan sent, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		if req.Header.Get("Expect") != "" {
			io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n")
		}
		body, _ := io.ReadAll(req.Body)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		h := req.Header.Clone()
		delete(h, "User-Agent")
		got <- sent{method: req.Method, target: req.RequestURI, host: req.Host, header: h, body: string(body)}
	}()
	// The URL is the last argument; point it at the server, keeping its path and query.
	u := args[len(args)-1]
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	path := u[strings.IndexAny(u+"/", "/"):]
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	full := append(append([]string{"-s", "-o", os.DevNull}, args[:len(args)-1]...), "http://"+ln.Addr().String()+path)
	cmd := exec.Command(curl, full...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("curl %q: %v\n%s", full, err, stderr.Bytes())
	}
	select {
	case s := <-got:
		// Compare hosts apart from the test server's address.
		if s.host == ln.Addr().String() {
			s.host = "h"
		}
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("curl sent nothing")
	}
	return sent{}
}
