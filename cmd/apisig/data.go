package main

import (
	"io"
	"strings"
)

// data.go reads curl's data flags (-d, --data-binary, --data-urlencode, --json) into a body.

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
