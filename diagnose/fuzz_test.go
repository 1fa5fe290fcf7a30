package diagnose_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apisig/apisig/diagnose"
)

// FuzzParseServerTrace checks that no body panics the error-body parser, that it answers the
// same twice, and that what it reads survives a round trip: written back as an S3-style XML
// error document, the fields parse to themselves. The seeds are the golden bodies.
func FuzzParseServerTrace(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "errors", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		if filepath.Ext(name) == ".md" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		st := diagnose.ParseServerTrace(body)
		again := diagnose.ParseServerTrace(body)
		if (st == nil) != (again == nil) || (st != nil && *st != *again) {
			t.Fatalf("two parses differ: %#v, %#v", st, again)
		}
		if st == nil || (*st == diagnose.ServerTrace{Incomplete: st.Incomplete}) {
			return // nothing read: nothing to write back
		}
		fields := []struct{ name, value string }{
			{"Code", st.Code}, {"Message", st.Message}, {"CanonicalRequest", st.CanonicalRequest},
			{"StringToSign", st.StringToSign}, {"SignatureProvided", st.SignatureProvided}, {"Region", st.ExpectedRegion},
		}
		var doc bytes.Buffer
		doc.WriteString("<Error>")
		for _, fl := range fields {
			if !xmlText(fl.value) {
				return // not representable as XML text: no round trip to check
			}
			if fl.value == "" {
				continue
			}
			doc.WriteString("<" + fl.name + ">")
			xml.EscapeText(&doc, []byte(fl.value))
			doc.WriteString("</" + fl.name + ">")
		}
		doc.WriteString("</Error>")
		rt := diagnose.ParseServerTrace(doc.Bytes())
		want := *st
		want.Incomplete = ""
		if rt == nil {
			if st.Incomplete != "" && want == (diagnose.ServerTrace{Message: st.Message}) && !strings.Contains(st.Message, "ignature") {
				return // kept only to say the body was cut; whole, a bare message is not a trace
			}
			t.Fatalf("%#v written as XML does not parse back:\n%s", *st, doc.Bytes())
		}
		if *rt != want {
			t.Fatalf("round trip through XML:\ngot  %#v\nwant %#v\nXML  %s", *rt, want, doc.Bytes())
		}
	})
}

// xmlText reports whether s can be XML character data: valid UTF-8 of XML's characters.
func xmlText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return false
		}
	}
	return true
}
