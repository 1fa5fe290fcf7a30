package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"
)

// request.go builds the request that sign, explain and curl sign, from curl's request flags
// with curl's meaning. The behaviours below were checked against curl's manual and source
// (src/tool_getparam.c, src/tool_formparse.c, lib/mime.c, lib/http.c) and against the bytes
// curl 7.88 sends (see request_test.go):
//
//   - -d/--data and --data-ascii send the data as is, but a file read with @file or @- loses
//     its CR and LF bytes; --data-binary keeps every byte; --data-raw does not read files;
//     --data-urlencode takes content, =content, name=content, @file or name@file and escapes
//     the content (not the name) keeping A-Z a-z 0-9 - . _ ~ and writing a space as '+';
//     --json is --data-binary with JSON's Content-Type and Accept. Several data flags are
//     joined with '&' in command-line order, and default to Content-Type
//     application/x-www-form-urlencoded and method POST.
//   - -G moves the data into the query (appended with '&' to a query the URL has).
//   - -F builds multipart/form-data as libcurl does; see formPart.
//   - -T sends a file with PUT (its name is appended to a URL ending in '/').
//   - -H "Name: value" replaces a header curl would send itself, or adds one (several with
//     the same name are all sent); "Name:" removes one curl would send; "Name;" sends an empty
//     value; @file reads one header a line.
//
// Bodies read from files are never held in memory: the request's GetBody reopens them, so
// signers hash them and the client sends them, each in one streaming pass.

// requestFlags holds curl's request-building flags.
type requestFlags struct {
	method  string
	headers []string
	data    []dataArg
	get     bool
	head    bool
	forms   []formArg
	upload  string
}

type dataKind uint8

const (
	dataASCII     dataKind = iota // -d, --data, --data-ascii
	dataBinary                    // --data-binary
	dataRaw                       // --data-raw
	dataURLEncode                 // --data-urlencode
	dataJSON                      // --json
)

type dataArg struct {
	kind  dataKind
	value string
}

type formArg struct {
	spec    string
	literal bool // --form-string: no @, < or ;type= interpretation
}

// listFlag is a repeatable flag that appends to a list shared by several flags, so their
// relative order on the command line is kept (curl joins -d and --data-urlencode in order).
type listFlag[T any] struct {
	list *[]T
	conv func(string) T
	typ  string
}

func (v listFlag[T]) String() string     { return "" }
func (v listFlag[T]) Type() string       { return v.typ }
func (v listFlag[T]) Set(s string) error { *v.list = append(*v.list, v.conv(s)); return nil }

func dataFlag(list *[]dataArg, k dataKind) pflag.Value {
	return listFlag[dataArg]{list, func(s string) dataArg { return dataArg{k, s} }, "data"}
}

func (f *requestFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.method, "request", "X", "", "HTTP `method`, instead of the one the other flags imply")
	fs.VarP(listFlag[string]{&f.headers, func(s string) string { return s }, "header"}, "header", "H",
		`header "Name: value"; "Name:" removes a default header, "Name;" sends an empty one, @file reads a file of them`)
	fs.VarP(dataFlag(&f.data, dataASCII), "data", "d", "body data (POST); @file or @- reads it without CR and LF")
	fs.Var(dataFlag(&f.data, dataASCII), "data-ascii", "the same as --data")
	fs.Var(dataFlag(&f.data, dataBinary), "data-binary", "body data; @file or @- reads it byte for byte")
	fs.Var(dataFlag(&f.data, dataRaw), "data-raw", "body data; a leading @ is a plain @")
	fs.Var(dataFlag(&f.data, dataURLEncode), "data-urlencode", "URL-encoded body data: content, =content, name=content, @file, name@file")
	fs.Var(dataFlag(&f.data, dataJSON), "json", "JSON body data (as --data-binary), with JSON's Content-Type and Accept")
	fs.BoolVarP(&f.get, "get", "G", false, "put the data into the URL's query and send a GET")
	fs.BoolVarP(&f.head, "head", "I", false, "send a HEAD request")
	fs.VarP(listFlag[formArg]{&f.forms, func(s string) formArg { return formArg{spec: s} }, "name=content"}, "form", "F",
		"multipart form field: name=value, name=@file[;type=...][;filename=...], name=<file")
	fs.Var(listFlag[formArg]{&f.forms, func(s string) formArg { return formArg{spec: s, literal: true} }, "name=string"}, "form-string",
		"multipart form field whose value is taken literally")
	fs.StringVarP(&f.upload, "upload-file", "T", "", "send this `file` (or - for standard input) with PUT")
}

// buildEnv is what building a request needs besides the flags.
type buildEnv struct {
	stdin io.Reader
	warn  func(msg string)
	// defaults adds the User-Agent, Accept and Expect headers curl sends on its own. A
	// presigned URL leaves them out: whoever uses the URL sends their own.
	defaults  bool
	userAgent string
	// boundary makes the multipart boundary; nil means curl's form, 24 dashes and 22 random
	// letters and digits.
	boundary func() string
}

// request is a request built from the flags, with its re-readable body (nil when it has none).
type request struct {
	*http.Request
	body *body
}

// build builds the request for rawURL.
func (f *requestFlags) build(ctx context.Context, rawURL string, env buildEnv) (*request, error) {
	if env.warn == nil {
		env.warn = func(string) {}
	}
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	method, err := f.impliedMethod()
	if err != nil {
		return nil, err
	}
	if f.method != "" {
		method = f.method
	}
	in := &stdinOnce{r: env.stdin}
	ops, err := parseHeaders(f.headers, env.warn)
	if err != nil {
		return nil, err
	}
	hdr := &headerSet{}
	if env.defaults {
		hdr.def("User-Agent", env.userAgent)
		hdr.def("Accept", "*/*")
	}

	var b *body
	switch {
	case len(f.data) > 0:
		if b, err = f.dataBody(in); err != nil {
			return nil, err
		}
		if f.json() {
			hdr.def("Content-Type", "application/json")
			hdr.def("Accept", "application/json")
		} else {
			hdr.def("Content-Type", "application/x-www-form-urlencoded")
		}
		if f.get {
			q, err := b.String()
			if err != nil {
				return nil, err
			}
			if u.RawQuery != "" {
				q = u.RawQuery + "&" + q
			}
			u.RawQuery, b = q, nil
			hdr.undef("Content-Type")
		}
	case len(f.forms) > 0:
		topType := "multipart/form-data"
		if i := ops.last("Content-Type"); i >= 0 && !ops[i].remove {
			topType = ops[i].value // curl appends its boundary to a Content-Type given with -H
			ops = ops.without("Content-Type")
		}
		boundary := curlBoundary
		if env.boundary != nil {
			boundary = env.boundary
		}
		bnd := boundary()
		if b, err = buildMultipart(f.forms, topType, bnd, in, env.warn); err != nil {
			return nil, err
		}
		hdr.def("Content-Type", topType+"; boundary="+bnd)
	case f.upload != "":
		b = &body{}
		if f.upload == "-" {
			b.addBytes(in.read())
		} else if err := b.addFile(f.upload, nil); err != nil {
			return nil, badInput("", "-T %s: %w", f.upload, err)
		} else if strings.HasSuffix(u.Path, "/") || u.Path == "" {
			u.Path = strings.TrimSuffix(u.Path, "/") + "/" + filepath.Base(f.upload)
			u.RawPath = ""
		}
		if env.defaults {
			hdr.def("Expect", "100-continue") // curl waits for 100 Continue before an upload
		}
	}
	if b != nil && b.size > 1<<20 && env.defaults {
		hdr.def("Expect", "100-continue") // as curl does for bodies over 1 MiB
	}

	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, badInput("", "%s: %w", rawURL, err)
	}
	req.URL = u
	if err := hdr.apply(req, ops); err != nil {
		return nil, err
	}
	if b != nil {
		req.ContentLength = b.size
		req.Body = b.open()
		req.GetBody = func() (io.ReadCloser, error) { return b.open(), nil }
		if b.size == 0 {
			req.Body, req.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		}
	}
	return &request{Request: req, body: b}, nil
}

// impliedMethod returns the method the body flags imply, or an error when they ask for two
// kinds of request at once, as curl refuses them.
func (f *requestFlags) impliedMethod() (string, error) {
	var kinds []string
	if len(f.data) > 0 && !f.get {
		kinds = append(kinds, "-d/--data (POST)")
	}
	if len(f.forms) > 0 {
		kinds = append(kinds, "-F/--form (POST)")
	}
	if f.upload != "" {
		kinds = append(kinds, "-T/--upload-file (PUT)")
	}
	if f.head && len(kinds) > 0 {
		kinds = append(kinds, "-I/--head (HEAD)")
	}
	if f.get && (len(f.forms) > 0 || f.upload != "") {
		kinds = append(kinds, "-G/--get (GET)")
	}
	if len(kinds) > 1 {
		return "", badInput("use one of them; -G moves -d data into the query of a GET or HEAD",
			"only one kind of request can be sent: %s", strings.Join(kinds, ", "))
	}
	switch {
	case f.head:
		return http.MethodHead, nil
	case f.get:
		return http.MethodGet, nil
	case len(f.data) > 0, len(f.forms) > 0:
		return http.MethodPost, nil
	case f.upload != "":
		return http.MethodPut, nil
	}
	return http.MethodGet, nil
}

func (f *requestFlags) json() bool {
	for _, d := range f.data {
		if d.kind == dataJSON {
			return true
		}
	}
	return false
}

// parseURL parses a URL as curl does: without a scheme it is http; it must have a host.
func parseURL(raw string) (*url.URL, error) {
	full := raw
	if !strings.Contains(raw, "://") {
		full = "http://" + raw
	}
	u, err := url.Parse(full)
	if err != nil {
		return nil, badInput("quote the URL for the shell, and percent-encode spaces", "URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, badInput("", "URL %q: scheme %q is not supported; want http or https", raw, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, badInput("write the whole URL, e.g. https://examplebucket.s3.amazonaws.com/photos/puppy.jpg", "URL %q has no host", raw)
	}
	u.Fragment, u.RawFragment = "", "" // never sent
	return u, nil
}

// dataBody joins the data flags' pieces with '&'.
func (f *requestFlags) dataBody(in *stdinOnce) (*body, error) {
	b := &body{}
	for i, d := range f.data {
		if i > 0 {
			b.addBytes([]byte("&"))
		}
		if err := b.addData(d, in); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (b *body) addData(d dataArg, in *stdinOnce) error {
	file, isFile := strings.CutPrefix(d.value, "@")
	var filter func([]byte, []byte) []byte
	switch d.kind {
	case dataRaw:
		isFile = false
	case dataASCII:
		filter = stripCRLF
	case dataURLEncode:
		name, content, sep := cutAny(d.value)
		if name != "" {
			b.addBytes([]byte(name + "="))
		}
		if sep != '@' {
			b.addBytes(appendFormEscape(nil, []byte(content)))
			return nil
		}
		file, isFile, filter = content, true, appendFormEscape
	}
	switch {
	case !isFile:
		b.addBytes([]byte(d.value))
	case file == "-":
		data := in.read()
		if filter != nil {
			data = filter(nil, data)
		}
		b.addBytes(data)
	default:
		if err := b.addFile(file, filter); err != nil {
			return badInput("", "data file %q: %w", file, err)
		}
	}
	return nil
}

// cutAny splits an --data-urlencode argument at its first '=', else at its first '@'.
func cutAny(s string) (name, rest string, sep byte) {
	if i := strings.IndexByte(s, '='); i >= 0 {
		return s[:i], s[i+1:], '='
	}
	if i := strings.IndexByte(s, '@'); i >= 0 {
		return s[:i], s[i+1:], '@'
	}
	return "", s, 0
}

// stripCRLF appends src to dst without its CR and LF bytes (-d @file).
func stripCRLF(dst, src []byte) []byte {
	for _, c := range src {
		if c != '\r' && c != '\n' {
			dst = append(dst, c)
		}
	}
	return dst
}

// appendFormEscape appends src escaped as curl's --data-urlencode does: curl_easy_escape
// (everything but A-Z a-z 0-9 - . _ ~ as %XX) with %20 then written as '+'.
func appendFormEscape(dst, src []byte) []byte {
	const hex = "0123456789ABCDEF"
	for _, c := range src {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
	}
	return dst
}

// stdinOnce reads standard input once: as with curl, a second @- reads nothing.
type stdinOnce struct {
	r    io.Reader
	done bool
}

func (s *stdinOnce) read() []byte {
	if s.done || s.r == nil {
		return nil
	}
	s.done = true
	data, _ := io.ReadAll(s.r)
	return data
}

// headerOp is one -H argument.
type headerOp struct {
	name, value string
	remove      bool // "Name:"
}

type headerOps []headerOp

func (ops headerOps) last(name string) int {
	for i := len(ops) - 1; i >= 0; i-- {
		if strings.EqualFold(ops[i].name, name) {
			return i
		}
	}
	return -1
}

func (ops headerOps) without(name string) headerOps {
	var out headerOps
	for _, o := range ops {
		if !strings.EqualFold(o.name, name) {
			out = append(out, o)
		}
	}
	return out
}

var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// parseHeaders reads -H arguments with curl's rules (lib/http.c Curl_add_custom_headers).
func parseHeaders(args []string, warn func(string)) (headerOps, error) {
	var ops headerOps
	for _, a := range args {
		lines := []string{a}
		if file, ok := strings.CutPrefix(a, "@"); ok {
			data, err := readArgFile(file)
			if err != nil {
				return nil, badInput("", "-H @%s: %w", file, err)
			}
			lines = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			var op headerOp
			if name, value, ok := strings.Cut(l, ":"); ok {
				op = headerOp{name: name, value: strings.TrimSpace(value)}
				op.remove = op.value == ""
			} else if name, rest, ok := strings.Cut(l, ";"); ok && strings.TrimSpace(rest) == "" {
				op = headerOp{name: name}
			} else {
				if warn != nil {
					warn(fmt.Sprintf("-H %q is neither \"Name: value\", \"Name:\" nor \"Name;\"; it is not sent", l))
				}
				continue
			}
			if !headerName.MatchString(op.name) {
				return nil, badInput(`write it as -H "Name: value"`, "-H %q: %q is not a valid header name", l, op.name)
			}
			switch {
			case strings.EqualFold(op.name, "Content-Length"), strings.EqualFold(op.name, "Transfer-Encoding"):
				return nil, badInput("leave it out: apisig sets it from the body", "-H %q: %s cannot be set", l, op.name)
			case strings.EqualFold(op.name, "Host") && op.remove:
				return nil, badInput("", "-H %q: an HTTP/1.1 request cannot be sent without Host", l)
			}
			ops = append(ops, op)
		}
	}
	return ops, nil
}

// headerSet holds the headers curl would send on its own, which -H replaces or removes.
type headerSet struct {
	names, values []string
}

func (h *headerSet) def(name, value string) {
	h.undef(name)
	h.names, h.values = append(h.names, name), append(h.values, value)
}

func (h *headerSet) undef(name string) {
	for i, n := range h.names {
		if n == name {
			h.names = append(h.names[:i], h.names[i+1:]...)
			h.values = append(h.values[:i], h.values[i+1:]...)
			return
		}
	}
}

// apply sets the default headers no -H names, then the -H headers in order.
func (h *headerSet) apply(req *http.Request, ops headerOps) error {
	for i, name := range h.names {
		if ops.last(name) < 0 {
			req.Header.Set(name, h.values[i])
		}
	}
	for _, o := range ops {
		switch {
		case strings.EqualFold(o.name, "Host"):
			req.Host = o.value
		case o.remove && strings.EqualFold(o.name, "User-Agent"):
			// Go's client sends its own User-Agent unless the header is set to "".
			req.Header["User-Agent"] = []string{""}
		case o.remove:
		default:
			req.Header.Add(o.name, o.value)
		}
	}
	return nil
}

func readArgFile(name string) ([]byte, error) {
	if name == "" {
		return nil, fmt.Errorf("no file name")
	}
	return os.ReadFile(name)
}

// curlBoundary makes a boundary as libcurl does (lib/mime.c curl_mime_init): 24 dashes, then
// 22 random letters and digits.
func curlBoundary() string {
	const alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := []byte(strings.Repeat("-", 24) + strings.Repeat("x", 22))
	r := make([]byte, 22)
	_, _ = rand.Read(r)
	for i, c := range r {
		b[24+i] = alnum[int(c)%len(alnum)]
	}
	return string(b)
}

// basename is libcurl's: the last element of a path, '/' or '\' separated.
func basename(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return path.Base(p)
}

// body is a request body that can be read from the start again as often as needed: hashing,
// sending and every retry read it afresh. It is a sequence of in-memory bytes and files; a
// file is opened only while it is read, and never held in memory.
type body struct {
	parts []bodyPart
	size  int64
}

type bodyPart struct {
	data   []byte                       // in memory, when path is ""
	path   string                       // a file, opened for each read
	filter func(dst, src []byte) []byte // rewrites the file's bytes as they stream (CR/LF removal, URL-encoding)
	size   int64
}

func (b *body) addBytes(p []byte) {
	if len(p) == 0 {
		return
	}
	if n := len(b.parts); n > 0 && b.parts[n-1].path == "" {
		b.parts[n-1].data = append(b.parts[n-1].data, p...)
	} else {
		b.parts = append(b.parts, bodyPart{data: bytes.Clone(p)})
	}
	b.parts[len(b.parts)-1].size += int64(len(p))
	b.size += int64(len(p))
}

// addFile adds a file, measuring it: by its size, or with a filter by one streaming pass.
func (b *body) addFile(name string, filter func(dst, src []byte) []byte) error {
	if name == "" {
		return fmt.Errorf("no file name")
	}
	fi, err := os.Stat(name)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a directory", name)
	}
	p := bodyPart{path: name, filter: filter, size: fi.Size()}
	if filter != nil || !fi.Mode().IsRegular() {
		rc, err := p.open()
		if err != nil {
			return err
		}
		p.size, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	b.parts = append(b.parts, p)
	b.size += p.size
	return nil
}

func (p bodyPart) open() (io.ReadCloser, error) {
	if p.path == "" {
		return io.NopCloser(bytes.NewReader(p.data)), nil
	}
	f, err := os.Open(p.path)
	if err != nil || p.filter == nil {
		return f, err
	}
	return struct {
		io.Reader
		io.Closer
	}{&filterReader{r: f, fn: p.filter}, f}, nil
}

// open returns a reader of the whole body from its start.
func (b *body) open() io.ReadCloser { return &bodyReader{parts: b.parts} }

// String reads the whole body (for -G, which moves it into the query).
func (b *body) String() (string, error) {
	rc := b.open()
	defer rc.Close()
	data, err := io.ReadAll(rc)
	return string(data), err
}

// singleFile reports whether the body is one file sent as it is, and its name.
func (b *body) singleFile() (string, bool) {
	if b != nil && len(b.parts) == 1 && b.parts[0].path != "" && b.parts[0].filter == nil {
		return b.parts[0].path, true
	}
	return "", false
}

// bodyReader reads the parts in turn, holding at most one file open.
type bodyReader struct {
	parts []bodyPart
	cur   io.ReadCloser
}

func (r *bodyReader) Read(p []byte) (int, error) {
	for {
		if r.cur == nil {
			if len(r.parts) == 0 {
				return 0, io.EOF
			}
			rc, err := r.parts[0].open()
			if err != nil {
				return 0, err
			}
			r.cur, r.parts = rc, r.parts[1:]
		}
		n, err := r.cur.Read(p)
		if err == io.EOF {
			r.cur.Close()
			r.cur = nil
			if n == 0 {
				continue
			}
			err = nil
		}
		return n, err
	}
}

func (r *bodyReader) Close() error {
	if r.cur != nil {
		err := r.cur.Close()
		r.cur = nil
		return err
	}
	return nil
}

// filterReader streams r through fn.
type filterReader struct {
	r   io.Reader
	fn  func(dst, src []byte) []byte
	in  [32 << 10]byte
	buf []byte
	out []byte
	err error
}

func (t *filterReader) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		n, err := t.r.Read(t.in[:])
		t.buf = t.fn(t.buf[:0], t.in[:n])
		t.out, t.err = t.buf, err
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// formPart is one -F field, as src/tool_formparse.c reads it.
type formPart struct {
	name        string
	value       string // a text field's value
	file        string // the file the content comes from ("-": standard input), for @ and <
	upload      bool   // name=@file: a file upload, which has a filename
	typ         string // ;type=
	filename    string // ;filename=, or the file's base name for an upload
	hasFilename bool
	headers     []string // ;headers=
}

// parseForm reads one -F (or, literal, --form-string) argument.
func parseForm(a formArg, warn func(string)) (formPart, error) {
	name, content, ok := strings.Cut(a.spec, "=")
	if !ok {
		return formPart{}, badInput(`write -F name=value, -F "name=@file;type=text/plain", or -F "name=<file"`,
			"-F %q: a form field needs a name and '='", a.spec)
	}
	p := formPart{name: name}
	if a.literal {
		p.value = content
		return p, nil
	}
	sc := formScanner{s: content, warn: warn}
	var err error
	switch {
	case strings.HasPrefix(content, "("), name == "" && content == ")":
		return p, badInput("", "-F %q: nested multipart parts are not supported", a.spec)
	case strings.HasPrefix(content, "@"):
		sc.i = 1
		if p.file, err = sc.part(&p, ','); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
		if sc.i < len(sc.s) && sc.s[sc.i] == ',' {
			return p, badInput("send each file in a -F of its own", "-F %q: several files in one field are not supported", a.spec)
		}
		p.upload = true
		if !p.hasFilename && p.file != "" {
			p.filename, p.hasFilename = basename(p.file), true
		}
	case strings.HasPrefix(content, "<"):
		sc.i = 1
		if p.file, err = sc.part(&p, 0); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
		if p.hasFilename {
			warn(fmt.Sprintf("-F %q: filename is not allowed for a field read with <; ignored", a.spec))
			p.filename, p.hasFilename = "", false
		}
	default:
		if p.value, err = sc.part(&p, 0); err != nil {
			return p, badInput("", "-F %q: %v", a.spec, err)
		}
	}
	if (p.upload || strings.HasPrefix(content, "<")) && p.file == "" {
		return p, badInput("", "-F %q: no file name after %c", a.spec, content[0])
	}
	return p, nil
}

// formScanner walks the content of a -F argument with curl's grammar: words that may be
// double-quoted (with \" and \\ escapes), separated by ';', followed by type=, filename=,
// headers= and encoder= settings.
type formScanner struct {
	s    string
	i    int
	warn func(string)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func (sc *formScanner) skipSpace() {
	for sc.i < len(sc.s) && isSpace(sc.s[sc.i]) {
		sc.i++
	}
}

func (sc *formScanner) at(c byte) bool { return sc.i < len(sc.s) && sc.s[sc.i] == c }

// word reads a word up to ';' or end, unquoting a quoted one and trimming an unquoted one's
// trailing spaces (tool_formparse.c get_param_word and its callers).
func (sc *formScanner) word(end byte) string {
	if sc.at('"') {
		var b strings.Builder
		for j := sc.i + 1; j < len(sc.s); j++ {
			c := sc.s[j]
			if c == '\\' && j+1 < len(sc.s) && (sc.s[j+1] == '\\' || sc.s[j+1] == '"') {
				b.WriteByte(sc.s[j+1])
				j++
				continue
			}
			if c == '"' {
				for sc.i = j + 1; sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end; sc.i++ {
				}
				return b.String()
			}
			b.WriteByte(c)
		}
		// No closing quote: an unquoted word.
	}
	start := sc.i
	for sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end {
		sc.i++
	}
	return strings.TrimRightFunc(sc.s[start:sc.i], func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
}

var contentType = regexp.MustCompile(`^[^/ ]{1,127}/[^;, \n]{1,127}`)

// part reads the field's data word and its settings (tool_formparse.c get_param_part). A
// type= runs on, with any parameters, to the next known setting.
func (sc *formScanner) part(p *formPart, end byte) (string, error) {
	sc.skipSpace()
	data := sc.word(end)
	typeStart, typeEnd, typeOpen := -1, -1, false
	extendType := func() {
		for ; sc.i < len(sc.s) && sc.s[sc.i] != ';' && sc.s[sc.i] != end; sc.i++ {
			if !isSpace(sc.s[sc.i]) {
				typeEnd = sc.i + 1
			}
		}
	}
	for sc.at(';') {
		sc.i++
		sc.skipSpace()
		rest := strings.ToLower(sc.s[sc.i:])
		switch {
		case !typeOpen && strings.HasPrefix(rest, "type="):
			sc.i += len("type=")
			sc.skipSpace()
			m := contentType.FindString(sc.s[sc.i:])
			if m == "" {
				return "", fmt.Errorf("type=%s is not a content type (want major/minor)", sc.word(end))
			}
			typeStart, typeOpen = sc.i, true
			sc.i += len(m)
			typeEnd = sc.i
			extendType()
		case strings.HasPrefix(rest, "filename="):
			typeOpen = false
			sc.i += len("filename=")
			sc.skipSpace()
			p.filename, p.hasFilename = sc.word(end), true
		case strings.HasPrefix(rest, "headers="):
			typeOpen = false
			sc.i += len("headers=")
			if sc.at('@') || sc.at('<') {
				sc.i++
				sc.skipSpace()
				file := sc.word(end)
				data, err := readArgFile(file)
				if err != nil {
					return "", fmt.Errorf("headers=@%s: %w", file, err)
				}
				p.headers = append(p.headers, headerFileLines(string(data))...)
				continue
			}
			sc.skipSpace()
			p.headers = append(p.headers, sc.word(end))
		case strings.HasPrefix(rest, "encoder="):
			sc.i += len("encoder=")
			return "", fmt.Errorf("encoder=%s is not supported", sc.word(end))
		case typeOpen:
			extendType() // a parameter of the type: "type=text/plain; charset=utf-8"
		default:
			if w := sc.word(end); w != "" && sc.warn != nil {
				sc.warn(fmt.Sprintf("skipping unknown form setting %q", w))
			}
		}
	}
	if typeStart >= 0 {
		p.typ = sc.s[typeStart:typeEnd]
	}
	return data, nil
}

// headerFileLines reads a headers=@file: one header a line, '#' comments, lines that start
// with a space continuing the previous one (tool_formparse.c read_field_headers).
func headerFileLines(s string) []string {
	var out []string
	for l := range strings.Lines(strings.ReplaceAll(s, "\r", "")) {
		l = strings.TrimSuffix(l, "\n")
		switch {
		case strings.HasPrefix(l, "#"):
		case l != "" && isSpace(l[0]) && len(out) > 0:
			out[len(out)-1] += l
		default:
			out = append(out, l)
		}
	}
	kept := out[:0]
	for _, h := range out {
		if h = strings.TrimRightFunc(h, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) }); h != "" {
			kept = append(kept, h)
		}
	}
	return kept
}

// contentTypeByName is libcurl's short list of types guessed from a file name's extension
// (lib/mime.c Curl_mime_contenttype); anything else uploaded as a file is
// application/octet-stream.
var contentTypeByName = []struct{ ext, typ string }{
	{".gif", "image/gif"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".png", "image/png"},
	{".svg", "image/svg+xml"},
	{".txt", "text/plain"},
	{".htm", "text/html"},
	{".html", "text/html"},
	{".pdf", "application/pdf"},
	{".xml", "application/xml"},
}

func typeByName(name string) string {
	for _, c := range contentTypeByName {
		if len(name) >= len(c.ext) && strings.EqualFold(name[len(name)-len(c.ext):], c.ext) {
			return c.typ
		}
	}
	return ""
}

// mimeHeaders returns the part's header lines as libcurl writes them
// (lib/mime.c Curl_mime_prepare_headers): Content-Disposition, Content-Type, then the
// ;headers= ones but Content-Type.
func (p formPart) mimeHeaders(disposition string) []string {
	ct, custom := p.typ, p.typ != ""
	for _, h := range p.headers {
		if n, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(n, "Content-Type") && !custom {
			ct, custom = strings.TrimLeft(v, " "), true
		}
	}
	if !custom {
		fromFile := p.file != "" && p.file != "-" // stdin parts are guessed from their filename only
		switch {
		case p.hasFilename && typeByName(p.filename) != "":
			ct = typeByName(p.filename)
		case fromFile && typeByName(p.file) != "":
			ct = typeByName(p.file)
		case fromFile && p.hasFilename:
			ct = "application/octet-stream"
		}
		if !p.hasFilename && ct == "text/plain" {
			ct = ""
		}
	}
	var out []string
	if !p.hasUserHeader("Content-Disposition") {
		if disposition == "" && (p.name != "" || p.hasFilename || ct != "") {
			disposition = "attachment"
		}
		if disposition != "" {
			d := "Content-Disposition: " + disposition
			if p.name != "" {
				d += `; name="` + mimeEscape(p.name) + `"`
			}
			if p.hasFilename {
				d += `; filename="` + mimeEscape(p.filename) + `"`
			}
			out = append(out, d)
		}
	}
	if ct != "" {
		out = append(out, "Content-Type: "+ct)
	}
	for _, h := range p.headers {
		if n, _, ok := strings.Cut(h, ":"); !ok || !strings.EqualFold(n, "Content-Type") {
			out = append(out, h)
		}
	}
	return out
}

func (p formPart) hasUserHeader(name string) bool {
	for _, h := range p.headers {
		if n, _, ok := strings.Cut(h, ":"); ok && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// mimeEscape escapes a field name or filename as the HTML standard says and libcurl does:
// '"' as %22, CR as %0D, LF as %0A, nothing else.
var mimeEscape = strings.NewReplacer(`"`, "%22", "\r", "%0D", "\n", "%0A").Replace

// buildMultipart builds the multipart body of the -F fields (lib/mime.c mime_subparts_read):
// "--boundary" CRLF, each part's headers and a blank line, its content, CRLF, and after the
// last part "--boundary--" CRLF.
func buildMultipart(args []formArg, topType, boundary string, in *stdinOnce, warn func(string)) (*body, error) {
	disposition := ""
	if t, _, _ := strings.Cut(topType, ";"); strings.EqualFold(strings.TrimSpace(t), "multipart/form-data") {
		disposition = "form-data"
	}
	b := &body{}
	for i, a := range args {
		p, err := parseForm(a, warn)
		if err != nil {
			return nil, err
		}
		var head strings.Builder
		if i > 0 {
			head.WriteString("\r\n")
		}
		head.WriteString("--" + boundary + "\r\n")
		for _, h := range p.mimeHeaders(disposition) {
			head.WriteString(h + "\r\n")
		}
		head.WriteString("\r\n")
		b.addBytes([]byte(head.String()))
		switch {
		case p.file == "-":
			b.addBytes(in.read())
		case p.file != "":
			if err := b.addFile(p.file, nil); err != nil {
				return nil, badInput("", "-F %q: %w", a.spec, err)
			}
		default:
			b.addBytes([]byte(p.value))
		}
	}
	b.addBytes([]byte("\r\n--" + boundary + "--\r\n"))
	return b, nil
}
