package main

import (
	"net/http"
	"slices"
)

// appendHeaderLines appends "Name: value" for every header value, names sorted, leaving out the
// names skip reports (nil skips none).
func appendHeaderLines(lines []string, h http.Header, skip func(name string) bool) []string {
	names := make([]string, 0, len(h))
	for k := range h {
		if skip == nil || !skip(k) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range h[k] {
			lines = append(lines, k+": "+v)
		}
	}
	return lines
}
