package diagnose_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// baseRequest is a correct request of one scheme, from a published example, with the inputs
// needed to sign it again.
type baseRequest struct {
	name   string
	scheme string
	params map[string]string
	method string
	url    string
	header map[string]string
	body   string
	creds  apisig.Credentials
	at     time.Time
	nonce  string
	// source names the published example the request comes from.
	source string
}

func (b baseRequest) build(t *testing.T) *http.Request {
	t.Helper()
	var body io.Reader
	if b.body != "" {
		body = strings.NewReader(b.body)
	}
	req, err := http.NewRequest(b.method, b.url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range b.header {
		req.Header.Set(k, v)
	}
	return req
}

func (b baseRequest) config(knobs map[string]string) apisig.Config {
	cfg := apisig.Config{Params: b.params, Knobs: knobs, Clock: apisig.FixedClock(b.at)}
	if b.nonce != "" {
		n := b.nonce
		cfg.Nonce = apisig.NonceFunc(func() (string, error) { return n, nil })
	}
	return cfg
}

// awkward is appended to every base request's query: the characters that encoders disagree on.
const awkward = "&q=a%20b%2Bc%2A%7E%21%27%28%29%2F&empty=&dup=2&dup=1"

// bases are the correct requests the mistakes are applied to; each comes from a published
// example (shared/vectors), with the awkward query parameters added so that every encoding
// knob has something to change.
var bases = []baseRequest{
	{name: "S3 GET Object", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "s3"},
		method: "GET", url: "https://examplebucket.s3.amazonaws.com/test%20file+%2A.txt?list-type=2" + awkward,
		header: map[string]string{"Range": "bytes=0-9", "X-Amz-Meta-Note": "  two  spaces  "},
		creds:  apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
		at:     time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC), source: "aws-s3-sigv4/get-object-range.json"},
	{name: "SigV4 test suite get-vanilla", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "service"},
		method: "POST", url: "https://example.amazonaws.com/a%20b/./c/../d?Param1=value1" + awkward,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "Action=Test",
		creds: apisig.Credentials{AccessKeyID: "AKIDEXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")},
		at:    time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC), source: "aws-sigv4/get-vanilla.json"},
	{name: "S3 GET Object with temporary credentials", scheme: "aws-sigv4", params: map[string]string{"region": "us-east-1", "service": "s3"},
		method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt",
		creds: apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), SessionToken: apisig.NewSecret("AQoDYXdzEJr//token")},
		at:    time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC), source: "aws-s3-sigv4/get-object-range.json"},
}

// TestKnobMistakesAreNamed applies every wrong value of every knob to each base request,
// signs it, and checks that Diagnose names that knob (or a setting that gives the same
// signature). It reports how many catalogue rows are covered.
func TestKnobMistakesAreNamed(t *testing.T) {
	reg := schemes.Registry()
	ctx := context.Background()
	covered := map[string]bool{}
	for _, b := range bases {
		s, err := reg.Lookup(b.scheme)
		if err != nil {
			t.Fatal(err)
		}
		sg, err := s.Build(b.config(nil))
		if err != nil {
			t.Fatal(err)
		}
		tun, ok := sg.(apisig.Tunable)
		if !ok {
			continue
		}
		for _, k := range tun.Knobs() {
			for _, v := range slices.Clone(k.Values[min(1, len(k.Values)):]) {
				t.Run(b.name+"/"+k.Name+"="+v, func(t *testing.T) {
					wrong, err := s.Build(b.config(map[string]string{k.Name: v}))
					if err != nil {
						t.Fatal(err)
					}
					req := b.build(t)
					if err := wrong.Sign(ctx, req, b.creds); err != nil {
						t.Skipf("the wrong dialect cannot sign this request: %v", err)
					}
					rep, err := diagnose.Diagnose(ctx, diagnose.Case{Request: req, Scheme: s, Params: b.params, Secret: b.creds.Secret, Clock: apisig.FixedClock(b.at)})
					if err != nil {
						t.Fatal(err)
					}
					if rep.Verified {
						t.Skipf("%s=%s gives the correct signature for this request", k.Name, v)
					}
					for _, f := range rep.Findings {
						if f.Method == "knob-search" && f.Knobs[k.Name] == v {
							for _, id := range k.Mistakes {
								covered[id] = true
							}
							return
						}
					}
					// Another setting may give the very same signature; then it must be named.
					for _, f := range rep.Findings {
						if f.Method == "knob-search" && len(f.Knobs) > 0 && strings.Contains(f.Evidence, "exactly the one sent") {
							for _, id := range k.Mistakes {
								covered[id] = true
							}
							t.Logf("%s=%s diagnosed as the equivalent %v", k.Name, v, f.Knobs)
							return
						}
					}
					t.Errorf("%s=%s not diagnosed; findings: %+v", k.Name, v, rep.Findings)
				})
			}
		}
	}
	ids := make([]string, 0, len(covered))
	for id := range covered {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t.Logf("catalogue rows reproduced and diagnosed: %d: %s", len(ids), strings.Join(ids, " "))
}
