package httpsig_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/httpsig"
)

// baseLines returns the component lines of the signature base for the covered list (without
// the @signature-params line).
func baseLines(t *testing.T, p *httpsig.Profile, req *http.Request, resp *http.Response, covered string) (string, error) {
	t.Helper()
	b, err := p.SignatureBase(req, resp, "("+covered+")")
	if err != nil {
		return "", err
	}
	i := strings.LastIndex(b, "\n\"@signature-params\"")
	if i < 0 {
		return "", nil
	}
	return b[:i], nil
}

func rfcRequest(method, target string, headers ...string) *http.Request {
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		panic(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
			continue
		}
		req.Header.Add(headers[i], headers[i+1])
	}
	return req
}

// TestComponentsRFC checks the component values of the examples of RFC 9421 §2.1 and §2.2
// (expected lines copied from the RFC text; §2.2.8's second example as published in RFC 9421
// and asserted by other implementations' tests).
func TestComponentsRFC(t *testing.T) {
	fields := rfcRequest("GET", "https://www.example.com/",
		"Host", "www.example.com",
		"Date", "Tue, 20 Apr 2021 02:07:56 GMT",
		"X-OWS-Header", "   Leading and trailing whitespace.   ",
		"X-Obs-Fold-Header", "Obsolete\r\n    line folding.",
		"Cache-Control", "max-age=60",
		"Cache-Control", "   must-revalidate",
		"Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)",
		"X-Empty-Header", " ",
	)
	dict := rfcRequest("GET", "https://www.example.com/", "Example-Dict", " a=1, b=2;x=1;y=2, c=(a   b    c), d")
	bs := rfcRequest("GET", "https://www.example.com/", "Example-Header", "value, with, lots", "Example-Header", "of, commas")
	post := rfcRequest("POST", "https://www.example.com/path?param=value", "Host", "www.example.com")
	for _, tc := range []struct {
		name    string
		req     *http.Request
		resp    *http.Response
		covered string
		want    string
	}{
		{"2.1 fields", fields, nil, `"host" "date" "x-ows-header" "x-obs-fold-header" "cache-control" "example-dict"`,
			"\"host\": www.example.com\n\"date\": Tue, 20 Apr 2021 02:07:56 GMT\n\"x-ows-header\": Leading and trailing whitespace.\n\"x-obs-fold-header\": Obsolete line folding.\n\"cache-control\": max-age=60, must-revalidate\n\"example-dict\": a=1,    b=2;x=1;y=2,   c=(a   b   c)"},
		{"2.1 empty field", fields, nil, `"x-empty-header"`, "\"x-empty-header\": "},
		{"2.1.1 sf", fields, nil, `"example-dict";sf`, "\"example-dict\";sf: a=1, b=2;x=1;y=2, c=(a b c)"},
		{"2.1.2 key", dict, nil, `"example-dict";key="a" "example-dict";key="d" "example-dict";key="b" "example-dict";key="c"`,
			"\"example-dict\";key=\"a\": 1\n\"example-dict\";key=\"d\": ?1\n\"example-dict\";key=\"b\": 2;x=1;y=2\n\"example-dict\";key=\"c\": (a b c)"},
		{"2.1.3 bs", bs, nil, `"example-header";bs`, "\"example-header\";bs: :dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:"},
		{"2.1.3 bs single", rfcRequest("GET", "https://x/", "Example-Header", "value, with, lots, of, commas"), nil, `"example-header";bs`, "\"example-header\";bs: :dmFsdWUsIHdpdGgsIGxvdHMsIG9mLCBjb21tYXM=:"},
		{"2.2.1 method", post, nil, `"@method"`, "\"@method\": POST"},
		{"2.2.2 target-uri", post, nil, `"@target-uri"`, "\"@target-uri\": https://www.example.com/path?param=value"},
		{"2.2.3 authority", post, nil, `"@authority"`, "\"@authority\": www.example.com"},
		{"2.2.4 scheme", rfcRequest("POST", "http://www.example.com/path?param=value"), nil, `"@scheme"`, "\"@scheme\": http"},
		{"2.2.5 request-target", post, nil, `"@request-target"`, "\"@request-target\": /path?param=value"},
		{"2.2.6 path", post, nil, `"@path"`, "\"@path\": /path"},
		{"2.2.7 query", rfcRequest("POST", "https://www.example.com/path?param=value&foo=bar&baz=bat%2Dman"), nil, `"@query"`, "\"@query\": ?param=value&foo=bar&baz=bat%2Dman"},
		{"2.2.7 query string", rfcRequest("POST", "https://www.example.com/path?queryString"), nil, `"@query"`, "\"@query\": ?queryString"},
		{"2.2.7 no query", rfcRequest("POST", "https://www.example.com/path"), nil, `"@query"`, "\"@query\": ?"},
		{"2.2.8 query-param", rfcRequest("POST", "https://www.example.com/path?param=value&foo=bar&baz=batman&qux="), nil,
			`"@query-param";name="baz" "@query-param";name="qux" "@query-param";name="param"`,
			"\"@query-param\";name=\"baz\": batman\n\"@query-param\";name=\"qux\": \n\"@query-param\";name=\"param\": value"},
		{"2.2.8 query-param encoded", rfcRequest("GET", "https://www.example.com/parameters?var=this%20is%20a%20big%0Amultiline%20value&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something"), nil,
			`"@query-param";name="var" "@query-param";name="bar" "@query-param";name="fa%C3%A7ade%22%3A%20"`,
			"\"@query-param\";name=\"var\": this%20is%20a%20big%0Amultiline%20value\n\"@query-param\";name=\"bar\": with%20plus%20whitespace\n\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\": something"},
		{"2.2.9 status", nil, &http.Response{StatusCode: 200, Header: http.Header{"Date": {"Fri, 26 Mar 2010 00:05:00 GMT"}}}, `"@status"`, "\"@status\": 200"},
		{"2.4 req", nil, &http.Response{StatusCode: 503, Header: http.Header{"Content-Type": {"application/json"}, "Content-Length": {"62"}},
			Request: rfcRequest("POST", "https://example.com/foo?param=Value&Pet=dog", "Host", "example.com", "Signature", "sig1=:LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w==:")},
			`"@status" "content-length" "content-type" "signature";req;key="sig1" "@authority";req "@method";req`,
			"\"@status\": 503\n\"content-length\": 62\n\"content-type\": application/json\n\"signature\";req;key=\"sig1\": :LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w==:\n\"@authority\";req: example.com\n\"@method\";req: POST"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := baseLines(t, &httpsig.Profile{}, tc.req, tc.resp, tc.covered)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("base:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestComponentErrors checks that components that cannot be computed are specific errors.
func TestComponentErrors(t *testing.T) {
	req := rfcRequest("GET", "https://example.com/p?a=1&%61=2&b=%zz", "Example-Dict", "a=1", "X-Unknown", "1")
	for _, tc := range []struct{ covered, want string }{
		{`"@status"`, "only for responses"},
		{`"@query-param";name="a"`, "appears 2 times"},
		{`"@query-param";name="zz"`, "no parameter"},
		{`"@query-param"`, "needs a ;name"},
		{`"x-missing"`, "has no x-missing field"},
		{`"example-dict";key="z"`, "no member"},
		{`"example-dict";bs;sf`, "cannot be combined"},
		{`"x-unknown";sf`, "structured type"},
		{`"@method";key="x"`, "does not apply"},
		{`"@nope"`, "not a derived component"},
		{`"@method" "@method"`, "appears twice"},
		{`"@method";req`, "only for responses"},
		{`"Content-Type"`, "not lower-case"},
	} {
		t.Run(tc.covered, func(t *testing.T) {
			_, err := (&httpsig.Profile{}).SignatureBase(req, nil, "("+tc.covered+")")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("SignatureBase(%s) = %v; want an error containing %q", tc.covered, err, tc.want)
			}
			if !errors.Is(err, apisig.ErrInvalidInput) {
				t.Errorf("error %v does not wrap ErrInvalidInput", err)
			}
		})
	}
}

// TestRequestResponseBinding verifies the signed response of RFC 9421 §2.4 (label reqres,
// ecdsa-p256-sha256 over the response and, with ;req, its request's signature, authority and
// method) with the published B.1.3 public key.
func TestRequestResponseBinding(t *testing.T) {
	pub := "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf\nw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==\n-----END PUBLIC KEY-----\n"
	key, err := httpsig.ParseKey("test-key-ecc-p256", "", pub)
	if err != nil {
		t.Fatal(err)
	}
	req := rfcRequest("POST", "https://example.com/foo?param=Value&Pet=dog", "Host", "example.com",
		"Signature", "sig1=:LAH8BjcfcOcLojiuOBFWn0P5keD3xAOuJRGziCLuD8r5MW9S0RoXXLzLSRfGY/3SF8kVIkHjE13SEFdTo4Af/fJ/Pu9wheqoLVdwXyY/UkBIS1M8Brc8IODsn5DFIrG0IrburbLi0uCc+E2ZIIb6HbUJ+o+jP58JelMTe0QE3IpWINTEzpxjqDf5/Df+InHCAkQCTuKsamjWXUpyOT1Wkxi7YPVNOjW4MfNuTZ9HdbD2Tr65+BXeTG9ZS/9SWuXAc+BZ8WyPz0QRz//ec3uWXd7bYYODSjRAxHqX+S1ag3LZElYyUKaAIjZ8MGOt4gXEwCSLDv/zqxZeWLj/PDkn6w==:")
	resp := &http.Response{StatusCode: 503, Request: req, Header: http.Header{
		"Date":            {"Tue, 20 Apr 2021 02:07:56 GMT"},
		"Content-Type":    {"application/json"},
		"Content-Length":  {"62"},
		"Signature-Input": {`reqres=("@status" "content-length" "content-type" "signature";req;key="sig1" "@authority";req "@method";req);created=1618884479;keyid="test-key-ecc-p256"`},
		"Signature":       {`reqres=:mh17P4TbYYBmBwsXPT4nsyVzW4Rp9Fb8WcvnfqKCQLoMvzOBLD/n32tL/GPW6XE5GAS5bdsg1khK6lBzV1Cx/Q==:`},
	}}
	p := &httpsig.Profile{Keys: httpsig.KeyMap{"test-key-ecc-p256": key}, Clock: apisig.FixedClock(vectorTime)}
	if _, err := p.VerifyResponse(context.Background(), resp); err != nil {
		t.Fatalf("RFC 9421 §2.4 response signature: %v", err)
	}
}
