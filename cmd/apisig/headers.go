package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// headers.go applies curl's -H arguments: added, replaced, removed ("Name:") and sent empty
// ("Name;").

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
