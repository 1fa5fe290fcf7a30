package main

// capture.go reads captured requests, to verify (and later diagnose) them: raw HTTP/1.1 text
// as a proxy or `curl --trace-ascii` shows it, a curl command line (a browser's "Copy as cURL",
// or apisig sign --format curl), or a HAR file of a browser's or a proxy's recording.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// captureFormats are the formats readCapture knows; "auto" tells them apart by their first bytes.
var captureFormats = []string{"auto", "http", "curl", "har"}

// captured is one request read from a capture.
type captured struct {
	req *http.Request
	// origin says where in the capture the request was: "request.txt", "HAR entry 3".
	origin string
}

// captureOptions say how to read a capture.
type captureOptions struct {
	format string // one of captureFormats
	// urlScheme is the scheme of raw HTTP text's origin-form request targets: http or https.
	urlScheme string
	// entry picks one HAR entry, counting from 1; 0 means every entry.
	entry int
	warn  func(string)
	stdin io.Reader
}

// readCapture reads the requests in data, named name in messages.
func readCapture(ctx context.Context, data []byte, name string, o captureOptions) ([]captured, error) {
	if o.warn == nil {
		o.warn = func(string) {}
	}
	format := o.format
	if format == "" || format == "auto" {
		format = sniffCapture(data)
	}
	switch format {
	case "http":
		req, err := readRawHTTP(ctx, data, o.urlScheme)
		if err != nil {
			return nil, badInput("", "%s: %v", name, err)
		}
		return []captured{{req, name}}, nil
	case "curl":
		req, err := readCurlLine(ctx, data, o)
		if err != nil {
			return nil, prefixed(name, err)
		}
		return []captured{{req, name}}, nil
	case "har":
		return readHAR(ctx, data, name, o.entry)
	}
	return nil, badInput("", "--input-format %q is not one of %s", o.format, strings.Join(captureFormats, ", "))
}

// prefixed puts the capture's name in front of err's message, keeping its hint and kind.
func prefixed(name string, err error) error {
	var h *hintError
	if errors.As(err, &h) {
		return &hintError{err: usageError{fmt.Errorf("%s: %w", name, h.err)}, hint: h.hint}
	}
	return badInput("", "%s: %w", name, err)
}

// sniffCapture tells the format from the first non-blank bytes: a JSON object is a HAR, a
// command starting with curl (or apisig) is a command line, anything else is HTTP text.
func sniffCapture(data []byte) string {
	t := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("{")):
		return "har"
	case bytes.HasPrefix(t, []byte("curl ")), bytes.HasPrefix(t, []byte("curl\t")), bytes.HasPrefix(t, []byte("apisig ")):
		return "curl"
	}
	return "http"
}

// readRawHTTP reads an HTTP/1.x request as it travels: request line, header lines, a blank
// line, the body. Lines may end in LF alone (a file edited by hand). The body is
// Content-Length bytes, the chunked body decoded, or else everything after the blank line.
func readRawHTTP(ctx context.Context, data []byte, scheme string) (*http.Request, error) {
	data = bytes.TrimLeft(data, "\r\n")
	br := bufio.NewReader(bytes.NewReader(data))
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, fmt.Errorf("not an HTTP request: %w", err)
	}
	var body []byte
	if req.ContentLength < 0 && len(req.TransferEncoding) == 0 {
		body, err = io.ReadAll(br) // no framing: the rest of the text is the body
	} else {
		body, err = io.ReadAll(req.Body)
		if err == nil && req.ContentLength > 0 && int64(len(body)) != req.ContentLength {
			err = fmt.Errorf("the body is %d bytes but Content-Length says %d", len(body), req.ContentLength)
		}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = fmt.Errorf("the body is shorter than its Content-Length %d", req.ContentLength)
	}
	if err != nil {
		return nil, err
	}
	if req.Host == "" {
		return nil, errors.New("the request has no Host header and no absolute URL, so its host is unknown")
	}
	if scheme == "" {
		scheme = "https"
	}
	u := *req.URL
	if u.Scheme == "" {
		u.Scheme = scheme
	}
	u.Host = req.Host
	out, err := http.NewRequestWithContext(ctx, req.Method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	out.URL = &u
	out.Host = req.Host
	out.Header = req.Header
	out.Header.Del("Host")
	setBody(out, body)
	return out, nil
}

// setBody gives req the body b, re-readable through GetBody.
func setBody(req *http.Request, b []byte) {
	req.ContentLength = int64(len(b))
	if len(b) == 0 {
		req.Body, req.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

// readCurlLine reads a curl command line with the shell's quoting rules (single, double and
// $'...' quotes, backslash-newline continuations), then builds the request from curl's flags
// as apisig curl would, without sending it.
func readCurlLine(ctx context.Context, data []byte, o captureOptions) (*http.Request, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(data), "")
	if err != nil {
		return nil, badInput("quote the command line as a shell would read it", "not a command line: %v", err)
	}
	if len(f.Stmts) != 1 {
		return nil, badInput("", "want one curl command, found %d commands", len(f.Stmts))
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil, badInput("", "want a simple curl command")
	}
	cfg := &expand.Config{Env: expand.ListEnviron(os.Environ()...)}
	var args []string
	for _, w := range call.Args {
		a, err := expand.Literal(cfg, w)
		if err != nil {
			return nil, badInput("", "argument %q: %v", w.Lit(), err)
		}
		args = append(args, a)
	}
	switch {
	case args[0] == "curl":
		args = args[1:]
	case args[0] == "apisig" && len(args) > 1 && (args[1] == "curl" || args[1] == "sign"):
		args = args[2:]
	default:
		return nil, badInput("", "want a curl command, found %q", args[0])
	}

	var rf requestFlags
	var cf curlFlags
	fs := pflag.NewFlagSet("curl", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	rf.register(fs)
	cf.register(fs)
	ignoreCurlFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, badInput("", "%v", err)
	}
	urls := fs.Args()
	if len(urls) != 1 {
		return nil, badInput("", "want one URL in the curl command, found %d", len(urls))
	}
	if len(rf.forms) > 0 {
		o.warn("-F builds its multipart body with a random boundary: the body cannot be the one that was signed unless the payload was not signed")
	}
	r, err := rf.build(ctx, urls[0], buildEnv{stdin: o.stdin, warn: o.warn})
	if err != nil {
		return nil, err
	}
	return r.Request, nil
}

// ignoreCurlFlags registers, as no-ops, curl flags that change how curl talks to the server
// but not what request it signs, as they appear in browsers' "Copy as cURL" output.
func ignoreCurlFlags(fs *pflag.FlagSet) {
	for _, name := range []string{"compressed", "location", "http1.1", "http2", "http2-prior-knowledge", "globoff", "path-as-is", "no-buffer", "raw", "tr-encoding"} {
		fs.Bool(name, false, "")
	}
	fs.Lookup("location").Shorthand = "L"
	fs.Lookup("globoff").Shorthand = "g"
	fs.Lookup("no-buffer").Shorthand = "N"
}

// harFile is the part of a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/) that
// describes requests.
type harFile struct {
	Log struct {
		Entries []struct {
			Request struct {
				Method  string `json:"method"`
				URL     string `json:"url"`
				Headers []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"headers"`
				PostData *struct {
					MimeType string `json:"mimeType"`
					Text     string `json:"text"`
					// Encoding is not in HAR 1.2; some tools write "base64" for binary bodies.
					Encoding string `json:"encoding"`
				} `json:"postData"`
			} `json:"request"`
		} `json:"entries"`
	} `json:"log"`
}

// readHAR reads the requests of a HAR file: every entry, or only entry (counting from 1).
// HTTP/2 pseudo-headers are dropped, except :authority, which is the Host.
func readHAR(ctx context.Context, data []byte, name string, entry int) ([]captured, error) {
	var h harFile
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, badInput("", "%s: not a HAR file: %v", name, err)
	}
	n := len(h.Log.Entries)
	if n == 0 {
		return nil, badInput("", "%s: the HAR file has no entries", name)
	}
	first, last := 1, n
	if entry != 0 {
		if entry < 1 || entry > n {
			return nil, badInput("", "--entry %d: the HAR file has entries 1 to %d", entry, n)
		}
		first, last = entry, entry
	}
	var out []captured
	for i := first; i <= last; i++ {
		e := h.Log.Entries[i-1].Request
		origin := name + " entry " + strconv.Itoa(i)
		u, err := url.Parse(e.URL)
		if err != nil || u.Host == "" {
			return nil, badInput("", "%s: url %q is not an absolute URL", origin, e.URL)
		}
		req, err := http.NewRequestWithContext(ctx, e.Method, e.URL, nil)
		if err != nil {
			return nil, badInput("", "%s: %v", origin, err)
		}
		req.URL = u
		for _, hd := range e.Headers {
			switch {
			case strings.EqualFold(hd.Name, ":authority"), strings.EqualFold(hd.Name, "host"):
				req.Host = hd.Value
			case strings.HasPrefix(hd.Name, ":"):
			default:
				req.Header.Add(hd.Name, hd.Value)
			}
		}
		var body []byte
		if p := e.PostData; p != nil {
			body = []byte(p.Text)
			if p.Encoding == "base64" {
				if body, err = base64.StdEncoding.DecodeString(p.Text); err != nil {
					return nil, badInput("", "%s: postData.text is not base64: %v", origin, err)
				}
			}
		}
		setBody(req, body)
		out = append(out, captured{req, origin})
	}
	return out, nil
}
