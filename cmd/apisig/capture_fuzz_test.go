package main

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// FuzzReadCapture feeds arbitrary bytes to each capture reader: every input is a request or a
// usage error, never a panic.
func FuzzReadCapture(f *testing.F) {
	for _, seed := range []string{
		"GET /test.txt HTTP/1.1\nHost: examplebucket.s3.amazonaws.com\nRange: bytes=0-9\n\n",
		"PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
		"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		"curl 'https://h/x' -H $'A: b\\tc' --data-binary 'x=1' --compressed",
		"curl https://h/ -X PUT -d @-",
		`curl https://h/ -F 'f=@-;type=text/plain;filename="a b"' -F "g=<-" --form-string 'h=@x' -H 'X: y'`,
		`{"log":{"entries":[{"request":{"method":"GET","url":"https://h/x","headers":[{"name":":authority","value":"h"}],"postData":{"text":"eA==","encoding":"base64"}}}]}}`,
	} {
		for _, format := range captureFormats {
			f.Add([]byte(seed), format)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		o := captureOptions{format: format, stdin: strings.NewReader("")}
		reqs, err := readCapture(context.Background(), data, "fuzz", o)
		if err != nil {
			if !errors.As(err, new(usageError)) {
				t.Fatalf("readCapture(%q, %q) = %v; want a usage error", data, format, err)
			}
			return
		}
		for _, c := range reqs {
			if c.req == nil || c.req.URL == nil || c.req.Header == nil {
				t.Fatalf("readCapture(%q, %q) returned an incomplete request", data, format)
			}
		}
	})
}
