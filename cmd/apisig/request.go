package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/apisig/apisig/canon"
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
	params  []string
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
	fs.StringArrayVar(&f.params, "param", nil, "add the request parameter `name=value` to the URL's query, percent-encoded, as RPC-style APIs (Alibaba Cloud, Tencent Cloud v1) take them (repeatable)")
}

// addParams appends the --param pairs to u's query, each name and value percent-encoded with
// RFC 3986's unreserved set (a space as %20), which every RPC-style API decodes.
func (f *requestFlags) addParams(u *url.URL) error {
	enc := canon.Encoding{Set: canon.Unreserved}
	for _, kv := range f.params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return badInput("", "--param %q: want name=value", kv)
		}
		pair := enc.Escape(k) + "=" + enc.Escape(v)
		if u.RawQuery == "" {
			u.RawQuery = pair
		} else {
			u.RawQuery += "&" + pair
		}
	}
	return nil
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
	if err := f.addParams(u); err != nil {
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
