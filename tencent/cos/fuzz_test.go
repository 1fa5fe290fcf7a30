package cos_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/canon"
	"github.com/apisig/apisig/tencent/cos"
)

// FuzzParseAuthorization checks that no input panics the Authorization parser, and that what
// it accepts formats back to a value that parses to the same thing.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012",
		"q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172",
		"q-sign-algorithm=sha256&q-ak=a",
		"q-sign-time=2;1&q-key-time=;",
		"q-header-list=;;&q-url-param-list=%e8%85%be;A",
		"&&==&",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := cos.ParseAuthorization(v)
		if err != nil {
			if a != nil {
				t.Fatal("error with a non-nil result")
			}
			return
		}
		if a.AccessKeyID == "" || len(a.Signature) != 40 || a.SignTime.Start > a.SignTime.End || a.KeyTime.Start > a.KeyTime.End {
			t.Fatalf("accepted an incomplete or inverted authorization: %+v", a)
		}
		b, err := cos.ParseAuthorization(a.String())
		if err != nil {
			t.Fatalf("reformatted %q does not parse: %v", a.String(), err)
		}
		if b.AccessKeyID != a.AccessKeyID || b.SignTime != a.SignTime || b.KeyTime != a.KeyTime || b.Signature != a.Signature ||
			!slices.Equal(b.HeaderList, a.HeaderList) || !slices.Equal(b.ParamList, a.ParamList) {
			t.Fatalf("round trip: %+v != %+v", b, a)
		}
	})
}

// FuzzParsePresigned checks that no query panics the presigned-URL parser and that what it
// accepts is complete.
func FuzzParsePresigned(f *testing.F) {
	for _, s := range []string{
		"q-sign-algorithm=sha1&q-ak=AKIDx&q-sign-time=1557989753%3B1557996953&q-key-time=1557989753%3B1557996953&q-header-list=host&q-url-param-list=&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012",
		"x-cos-security-token=t&q-sign-algorithm=sha1&q-sign-algorithm=sha1",
		"q-sign-time=9999999999999999999%3B1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		pairs, err := canon.ParseQuery(raw, true)
		if err != nil {
			return
		}
		a, err := cos.ParsePresigned(pairs)
		if err != nil {
			return
		}
		if a.AccessKeyID == "" || len(a.Signature) != 40 || a.SignTime.Start > a.SignTime.End || a.KeyTime.Start > a.KeyTime.End {
			t.Fatalf("accepted an incomplete or inverted authorization: %+v", a)
		}
	})
}

// FuzzParseError checks that no body panics the error-body parser, and that a body apisig
// renders parses back to the same fields.
func FuzzParseError(f *testing.F) {
	f.Add([]byte("<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>SignatureDoesNotMatch</Code>\n\t<Message>The Signature you specified is invalid.</Message>\n\t<StringToSign>sha1\n1;2\nab\n</StringToSign>\n</Error>"), "x")
	f.Add([]byte("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"), "a<b>&c\n")
	f.Add([]byte("<Error>"), "")
	f.Fuzz(func(t *testing.T, body []byte, field string) {
		if e, err := cos.ParseError(body); err == nil && e.Code == "" {
			t.Fatal("accepted a body without a code")
		}
		in := &cos.ServerError{Code: "SignatureDoesNotMatch", Message: field, FormatString: "put\n/" + field + "\n\n\n", Resource: field, RequestID: "r"}
		out, err := cos.ParseError(in.XML())
		if err != nil {
			t.Fatalf("rendered body does not parse: %v\n%s", err, in.XML())
		}
		if clean(field) == field && (out.Message != in.Message || out.FormatString != in.FormatString) {
			t.Fatalf("round trip: %+v != %+v", out, in)
		}
	})
}

// clean reports the string XML can carry unchanged: valid UTF-8 without characters XML 1.0
// forbids; encoding/xml also turns \r\n into \n.
func clean(s string) string {
	if !strings.ContainsRune(s, '\r') && strings.ToValidUTF8(s, "") == s && !strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 && r != '\n' && r != '\t' || r == 0xFFFE || r == 0xFFFF
	}) {
		return s
	}
	return ""
}

// FuzzSignVerify signs a request built from fuzzed parts (a path, a raw query, a header
// value) and requires apisig's verifier to accept it: the signer and the server-side
// canonicalisation must agree on every input the signer accepts.
func FuzzSignVerify(f *testing.F) {
	f.Add("/exampleobject(腾讯云)", "response-content-type=application%2Foctet-stream&a=1&a=0&A=2&bare", "v a l")
	f.Add("/a b/c+d*e~f%g", "prefix=a%2Fb+c&%E8%AE%AF=", "  padded  ")
	f.Add("", "x=%zz", "")
	f.Fuzz(func(t *testing.T, path, rawQuery, value string) {
		if strings.ContainsAny(value, "\r\n\x00") || !strings.HasPrefix(path, "/") && path != "" {
			return
		}
		u := &url.URL{Scheme: "https", Host: bucket, Path: path, RawQuery: rawQuery}
		req, err := http.NewRequest("PUT", u.String(), nil)
		if err != nil {
			return
		}
		req.URL = u
		req.Header.Set("X-Cos-Meta-F", value)
		req.Header.Set("Content-Type", value)
		ctx := context.Background()
		s := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
		if err := s.Sign(ctx, req, testCreds); err != nil {
			return // a malformed query is refused, and that is fine
		}
		// What the server receives: the URL as sent, parsed again.
		sent, err := http.NewRequest(req.Method, req.URL.String(), nil)
		if err != nil {
			t.Fatalf("signed URL %q does not parse: %v", req.URL, err)
		}
		sent.Header = req.Header
		if _, err := s.Verify(ctx, sent); err != nil {
			t.Fatalf("signed request does not verify: %v\nURL %s", err, req.URL)
		}
	})
}

// FuzzVerify feeds arbitrary Authorization values, request paths and queries to the verifier:
// it must never panic, every rejection must be one COS answers with 403 and a code (never 500),
// and the XML body rendered for it must parse back.
func FuzzVerify(f *testing.F) {
	ctx := context.Background()
	s := &cos.Signer{Clock: apisig.FixedClock(testTime)}
	req, err := http.NewRequest("GET", "https://"+bucket+"/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)?response-content-type=application%2Foctet-stream&a=1&a=0&bare", nil)
	if err != nil {
		f.Fatal(err)
	}
	if err := s.Sign(ctx, req, testCreds); err != nil {
		f.Fatal(err)
	}
	f.Add(req.Header.Get("Authorization"), req.URL.EscapedPath(), req.URL.RawQuery)
	p, err := s.Presign(ctx, req, testCreds, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("", p.URL.EscapedPath(), p.URL.RawQuery)
	f.Add("", "/a+b/c%2Bd", "sign="+url.QueryEscape(req.Header.Get("Authorization")))
	f.Add("q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1;2&q-key-time=1;2&q-header-list=HOST;%zz&q-url-param-list=a;a&q-signature=0000000000000000000000000000000000000000", "/", "a&A=&%E8=1")
	f.Fuzz(func(t *testing.T, auth, path, rawQuery string) {
		req, err := http.NewRequest("GET", "https://"+bucket+path+"?"+rawQuery, nil)
		if err != nil || req.URL.Host != bucket {
			t.Skip()
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		v := &cos.Signer{Clock: apisig.FixedClock(testTime), Keys: testKeys}
		_, err = v.Verify(ctx, req)
		if err == nil {
			return
		}
		status, body := cos.ErrorResponse(req, err, "r")
		if status != http.StatusForbidden {
			t.Fatalf("rejection answered with %d, want 403: %v", status, err)
		}
		if e, perr := cos.ParseError(body); perr != nil || e.Code == "" {
			t.Fatalf("rendered error body does not parse back (%v):\n%s", perr, body)
		}
	})
}
