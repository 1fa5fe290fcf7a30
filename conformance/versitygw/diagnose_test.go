package versitygw

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// awkwardKey holds the bytes encoders disagree on: a space, '+', JavaScript's !'()*, Go
// PathEscape's $&,:;=@, '~', a non-ASCII letter, and a dot segment and an empty one (which S3
// keeps and other services normalise away).
const awkwardKey = "dir/./sub//a b+c!'()*$&,:;=@~é.txt"

// awkwardQuery holds what the query knobs act on: keys out of order, a key that prefixes
// another (x, x-y: the whole-"k=v" sort differs), a repeated key, a valueless key and escapes.
// It has no keys whose raw and encoded orders differ: versitygw sorts those by the raw key
// (TestVersitygwSortsQueryByRawKey).
const awkwardQuery = "x=1&x-y=2&dup=2&dup=1&empty&q=a%20b%2Fc&b=1&a=2"

// noteHeader is signed with runs of two and three spaces, for the header-value knob (one
// pass of "  "→" " leaves two of the three).
const noteHeader = "two  and three   spaces"

// freeValues are the wrong values tried for knobs that take any value.
var freeValues = map[string][]string{
	"scope-region":  {"us-west-2"},
	"scope-service": {"iam"},
	"scope-date":    nil, // set from the signing time: the day before
}

// outcome records what happened to one knob value, for the summary.
type outcome struct {
	knob, value, result string
}

var (
	outcomesMu sync.Mutex
	outcomes   []outcome
)

func record(knob, value, result string) {
	outcomesMu.Lock()
	outcomes = append(outcomes, outcome{knob, value, result})
	outcomesMu.Unlock()
}

// TestDiagnoseEveryKnobAgainstVersitygw signs a request with each wrong value of each SigV4
// knob, sends it, and diagnoses versitygw's rejection from its own error body.
func TestDiagnoseEveryKnobAgainstVersitygw(t *testing.T) {
	g := server(t)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	scheme, err := schemes.Registry().Lookup(aws.SchemeID)
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"region": g.region, "service": "s3"}
	freeValues["scope-date"] = []string{at.AddDate(0, 0, -1).Format("20060102")}

	if put, err := g.do(ctx, g.signer(at), http.MethodPut, bucket, awkwardKey, "", []byte("hello")); err != nil {
		t.Fatal(err)
	} else {
		t.Logf("PUT %q with the correct signature: %d", awkwardKey, put.StatusCode)
	}

	// build returns the GET every variant signs: the awkward key, query and header.
	build := func(t *testing.T) *http.Request {
		req, err := g.request(ctx, http.MethodGet, bucket, awkwardKey, awkwardQuery, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Amz-Meta-Note", noteHeader)
		return req
	}
	control := build(t)
	if err := g.signer(at).Sign(ctx, control, g.creds); err != nil {
		t.Fatal(err)
	}
	if resp, err := g.send(control); err != nil || !accepted(resp) {
		t.Fatalf("the correctly signed GET is not accepted: %v %s", err, body(resp))
	}
	correctAuth := control.Header.Get("Authorization")

	for _, k := range (&aws.SigV4{}).Knobs() {
		values := freeValues[k.Name]
		if len(k.Values) > 0 {
			values = k.Values[1:]
		}
		for _, v := range values {
			t.Run(k.Name+"="+v, func(t *testing.T) {
				s := g.signer(at)
				if err := s.SetKnob(k.Name, v); err != nil {
					t.Fatal(err)
				}
				req := build(t)
				if err := s.Sign(ctx, req, g.creds); err != nil {
					record(k.Name, v, "the wrong dialect refuses to sign")
					t.Skipf("the wrong dialect cannot sign this request: %v", err)
				}
				if req.Header.Get("Authorization") == correctAuth {
					record(k.Name, v, "same signature as the correct dialect")
					t.Skipf("%s=%s gives the correct signature for this request", k.Name, v)
				}
				resp, err := g.send(req)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := diagnose.Diagnose(ctx, diagnose.Case{
					Request: req, Scheme: scheme, Params: params, Secret: g.creds.Secret,
					Response: &diagnose.Response{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body},
					Clock:    apisig.FixedClock(at),
				})
				if err != nil {
					t.Fatalf("Diagnose: %v", err)
				}
				if accepted(resp) {
					// A different signature that the server takes: a variant the spec allows
					// for this request (UNSIGNED-PAYLOAD on S3), if apisig's verifier agrees.
					if !rep.Verified {
						record(k.Name, v, "ACCEPTED by versitygw, rejected by apisig")
						t.Errorf("versitygw accepted %s=%s (%d) but apisig's verifier does not: %+v", k.Name, v, resp.StatusCode, rep.Findings)
						return
					}
					record(k.Name, v, "accepted by versitygw and by apisig's verifier: a valid variant here")
					t.Skipf("%s=%s is a valid signature for this request: versitygw and apisig both accept it", k.Name, v)
				}
				st := rep.Server
				if st == nil || st.Code == "" {
					t.Fatalf("versitygw's body not read: %d %s", resp.StatusCode, resp.Body)
				}
				how, ok := named(rep, k, v)
				logReport(t, st, rep)
				if !ok {
					record(k.Name, v, "NOT NAMED ("+st.Code+")")
					t.Errorf("%s=%s rejected by versitygw (%s) but not named; findings: %+v", k.Name, v, st.Code, rep.Findings)
					return
				}
				if keyClaim(rep) {
					// versitygw's canonical request equals apisig's for the request as sent;
					// that does not put the difference in the key when the knob search names
					// the signer's dialect (diffServer said so until this test showed it).
					t.Errorf("a server-trace finding blames the key, but %s=%s produced the signature", k.Name, v)
				}
				record(k.Name, v, st.Code+": "+how)
				checkServerAgrees(t, st, rep)
			})
		}
	}
	t.Cleanup(func() { summary(t) })
}

// accepted reports an answer past authentication: the object (200), or no such key (a key
// with a dot segment may not be storable, but it is signable).
func accepted(r *response) bool {
	return r.StatusCode == http.StatusOK || r.StatusCode == http.StatusNotFound && bytes.Contains(r.Body, []byte("<Code>NoSuchKey</Code>"))
}

// named reports whether the report names the knob setting: the knob search reproduces the
// signature with it (or with a setting that gives the very same signature), or a static
// check names one of the knob's catalogue rows.
func named(rep *diagnose.Report, k apisig.Knob, v string) (string, bool) {
	for _, f := range rep.Findings {
		if f.Method == "knob-search" && f.Knobs[k.Name] == v {
			return "knob search: " + f.Cause, true
		}
	}
	for _, f := range rep.Findings {
		if f.Method == "knob-search" && len(f.Knobs) > 0 && strings.Contains(f.Evidence, "exactly the one sent") {
			return "knob search, an equivalent setting: " + f.Cause, true
		}
	}
	for _, f := range rep.Findings {
		// apisig's verifier names the wrong credential-scope value itself (no catalogue id).
		if f.Method == "error" && strings.Contains(f.Evidence, "value sent: "+v) {
			return "verifier: " + f.Cause, true
		}
		if f.Method == "static" {
			for _, id := range f.Mistakes {
				if slices.Contains(k.Mistakes, id) {
					return "static " + id + ": " + f.Cause, true
				}
			}
		}
	}
	return "", false
}

// checkServerAgrees checks that versitygw's canonical request, when it sent one, is the one
// apisig computes for the request as sent: the server-trace diff then has nothing to show, and
// the cause is the client's dialect, which the knob search names.
func checkServerAgrees(t *testing.T, st *diagnose.ServerTrace, rep *diagnose.Report) {
	t.Helper()
	if st.CanonicalRequest == "" || rep.Trace == nil {
		return
	}
	for _, f := range rep.Findings {
		if f.Method == "server-trace" && strings.Contains(f.Cause, "differs from the one") {
			t.Errorf("versitygw's canonical request differs from apisig's for the request as sent: %s\n%s", f.Cause, f.Evidence)
		}
	}
}

// keyClaim reports a server-trace finding that puts the difference in the key.
func keyClaim(rep *diagnose.Report) bool {
	for _, f := range rep.Findings {
		if f.Method == "server-trace" && strings.Contains(f.Cause, "the difference is in the key") {
			return true
		}
	}
	return false
}

func logReport(t *testing.T, st *diagnose.ServerTrace, rep *diagnose.Report) {
	t.Helper()
	t.Logf("versitygw: %s %q (expected region %q; %d variants tried)", st.Code, st.Message, st.ExpectedRegion, rep.Tried)
	for _, f := range rep.Findings {
		t.Logf("  %s %v: %s", f.Method, f.Mistakes, f.Cause)
	}
}

func summary(t *testing.T) {
	outcomesMu.Lock()
	defer outcomesMu.Unlock()
	named := 0
	for _, o := range outcomes {
		if strings.Contains(o.result, ": ") && !strings.HasPrefix(o.result, "NOT") {
			named++
		}
		t.Logf("%-20s %-32s %s", o.knob, o.value, o.result)
	}
	t.Logf("%d knob values rejected by versitygw and named by diagnose, of %d tried", named, len(outcomes))
}

// rawOrderQuery has two keys whose order differs between raw and encoded names: "a~" sorts
// before "aé" raw (0x7E < 0xC3), after it encoded ('%' 0x25 < '~').
const rawOrderQuery = "a~=1&a%C3%A9=2"

// TestVersitygwSortsQueryByRawKey documents a versitygw v1.8.0 divergence and proves the
// server-trace diff on it: AWS sorts the canonical query by the ENCODED name (the SigV4 spec;
// aws-sdk-php 3.369.5 and @smithy/signature-v4 4.1.4 changed to it), versitygw by the raw one
// (as Go's url.Values.Encode does). A request signed as the spec says is rejected, and diagnose
// points at line 3 of the canonical request, the query, quoting versitygw's order; the same
// request signed with query-sort=raw is accepted.
func TestVersitygwSortsQueryByRawKey(t *testing.T) {
	g := server(t)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	scheme, err := schemes.Registry().Lookup(aws.SchemeID)
	if err != nil {
		t.Fatal(err)
	}
	req, err := g.request(ctx, http.MethodGet, bucket, "raw-order.txt", rawOrderQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.signer(at).Sign(ctx, req, g.creds); err != nil {
		t.Fatal(err)
	}
	resp, err := g.send(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Skipf("versitygw accepts the spec's order now (%d): the divergence is fixed", resp.StatusCode)
	}
	rep, err := diagnose.Diagnose(ctx, diagnose.Case{
		Request: req, Scheme: scheme, Params: map[string]string{"region": g.region, "service": "s3"}, Secret: g.creds.Secret,
		Response: &diagnose.Response{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body},
		Clock:    apisig.FixedClock(at),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Verified {
		t.Errorf("apisig's verifier rejects the spec-signed request: %+v", rep.Findings)
	}
	var found bool
	for _, f := range rep.Findings {
		t.Logf("%s %v: %s\n%s", f.Method, f.Mistakes, f.Cause, f.Evidence)
		if f.Method == "server-trace" && strings.Contains(f.Cause, "canonical request") && strings.Contains(f.Cause, "line 3,") &&
			strings.Contains(f.Evidence, `"a~=1&a%C3%A9=2"`) {
			found = true
		}
	}
	if rep.Server == nil || !found {
		t.Errorf("no server-trace finding at line 3 (the canonical query) quoting versitygw's order; server trace %+v", rep.Server)
	}

	raw := g.signer(at)
	if err := raw.SetKnob("query-sort", "raw"); err != nil {
		t.Fatal(err)
	}
	req2, err := g.request(ctx, http.MethodGet, bucket, "raw-order.txt", rawOrderQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Sign(ctx, req2, g.creds); err != nil {
		t.Fatal(err)
	}
	if resp, err := g.send(req2); err != nil || resp.StatusCode == http.StatusForbidden {
		t.Errorf("signed with query-sort=raw: %v %s", err, body(resp))
	}
}

// diagnoseSent diagnoses req (as the user has it) from the answer versitygw gave to sent.
func diagnoseSent(t *testing.T, g *gateway, at time.Time, req, sent *http.Request) (*response, *diagnose.Report) {
	t.Helper()
	ctx := context.Background()
	scheme, err := schemes.Registry().Lookup(aws.SchemeID)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := g.send(sent)
	if err != nil {
		t.Fatal(err)
	}
	if req.GetBody != nil {
		if req.Body, err = req.GetBody(); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := diagnose.Diagnose(ctx, diagnose.Case{
		Request: req, Scheme: scheme, Params: map[string]string{"region": g.region, "service": "s3"}, Secret: g.creds.Secret,
		Response: &diagnose.Response{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body},
		Clock:    apisig.FixedClock(at),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		t.Logf("%s %v: %s\n%s", f.Method, f.Mistakes, f.Cause, f.Evidence)
	}
	return resp, rep
}

// TestTransportChangesAgainstVersitygw: a request signed correctly and then changed on the way
// (a Content-Type charset appended, A24; X-Amz-Date overwritten after signing, A06) is rejected
// by versitygw, and diagnose, given the request as signed and versitygw's body, points at the
// canonical-request line that changed.
func TestTransportChangesAgainstVersitygw(t *testing.T) {
	g := server(t)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	for _, tc := range []struct {
		name, header, value, serverLine string
	}{
		{"content-type charset (A24)", "Content-Type", "text/plain; charset=UTF-8", "content-type:text/plain; charset=UTF-8"},
		{"x-amz-date overwritten (A06)", "X-Amz-Date", at.Add(2 * time.Second).Format("20060102T150405Z"), "x-amz-date:" + at.Add(2*time.Second).Format("20060102T150405Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := g.request(ctx, http.MethodPut, bucket, "transport.txt", "", []byte("hello"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "text/plain")
			if err := g.signer(at).Sign(ctx, req, g.creds); err != nil {
				t.Fatal(err)
			}
			sent := req.Clone(ctx)
			sent.Header = req.Header.Clone()
			sent.Header.Set(tc.header, tc.value)
			if sent.Body, err = req.GetBody(); err != nil {
				t.Fatal(err)
			}
			resp, rep := diagnoseSent(t, g, at, req, sent)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("versitygw took the changed request: %s", body(resp))
			}
			if !rep.Verified {
				t.Errorf("the request as signed does not verify: %+v", rep.Findings)
			}
			for _, f := range rep.Findings {
				if f.Method == "server-trace" && slices.Contains(f.Mistakes, "A24") && strings.Contains(f.Evidence, `"`+tc.serverLine+`"`) {
					return
				}
			}
			t.Errorf("no server-trace finding quoting versitygw's line %q", tc.serverLine)
		})
	}
}

// TestPayloadHashAgainstVersitygw: a PUT whose X-Amz-Content-Sha256 is the empty body's hash
// while it carries a body (payload-hash=empty, A26) is rejected by versitygw and named.
func TestPayloadHashAgainstVersitygw(t *testing.T) {
	g := server(t)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	s := g.signer(at)
	if err := s.SetKnob("payload-hash", "empty"); err != nil {
		t.Fatal(err)
	}
	req, err := g.request(ctx, http.MethodPut, bucket, "payload.txt", "", []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Sign(ctx, req, g.creds); err != nil {
		t.Fatal(err)
	}
	sent := req.Clone(ctx)
	if sent.Body, err = req.GetBody(); err != nil {
		t.Fatal(err)
	}
	resp, rep := diagnoseSent(t, g, at, req, sent)
	if resp.StatusCode/100 == 2 {
		t.Fatalf("versitygw stored a body whose hash header is the empty body's: %s", body(resp))
	}
	t.Logf("versitygw: %s", body(resp))
	for _, f := range rep.Findings {
		if slices.Contains(f.Mistakes, "A26") {
			return
		}
	}
	t.Errorf("A26 not named")
}

// TestDiagnosePresignedEveryKnob is the same proof for presigned URLs: each wrong knob value
// presigns the awkward GET, versitygw rejects the URL, and Diagnose names the knob.
func TestDiagnosePresignedEveryKnob(t *testing.T) {
	g := server(t)
	ctx := context.Background()
	at := time.Now().UTC().Truncate(time.Second)
	scheme, err := schemes.Registry().Lookup(aws.SchemeID)
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"region": g.region, "service": "s3"}
	presign := func(t *testing.T, s *aws.SigV4) (*http.Request, error) {
		req, err := g.request(ctx, http.MethodGet, bucket, awkwardKey, awkwardQuery, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Presign(ctx, req, g.creds, 10*time.Minute)
		if err != nil {
			return nil, err
		}
		out, err := http.NewRequestWithContext(ctx, p.Method, p.URL.String(), nil)
		if err != nil {
			t.Fatal(err)
		}
		out.URL = p.URL
		for k, v := range p.Header {
			out.Header[k] = v
		}
		return out, nil
	}
	control, err := presign(t, g.signer(at))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := g.send(control); err != nil || !accepted(resp) {
		t.Fatalf("the correctly presigned GET is not accepted: %v %s", err, body(resp))
	}
	dates := map[string][]string{"scope-date": {at.AddDate(0, 0, -1).Format("20060102")}}
	var tried, rejected, namedCount int
	for _, k := range (&aws.SigV4{}).Knobs() {
		values := freeValues[k.Name]
		if d, ok := dates[k.Name]; ok {
			values = d
		}
		if len(k.Values) > 0 {
			values = k.Values[1:]
		}
		for _, v := range values {
			t.Run(k.Name+"="+v, func(t *testing.T) {
				tried++
				s := g.signer(at)
				if err := s.SetKnob(k.Name, v); err != nil {
					t.Fatal(err)
				}
				req, err := presign(t, s)
				if err != nil {
					t.Skipf("the wrong dialect cannot presign this request: %v", err)
				}
				if req.URL.String() == control.URL.String() {
					t.Skipf("%s=%s presigns the same URL", k.Name, v)
				}
				resp, err := g.send(req)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := diagnose.Diagnose(ctx, diagnose.Case{
					Request: req, Scheme: scheme, Params: params, Secret: g.creds.Secret,
					Response: &diagnose.Response{Status: resp.StatusCode, Header: resp.Header, Body: resp.Body},
					Clock:    apisig.FixedClock(at),
				})
				if err != nil {
					t.Fatalf("Diagnose: %v", err)
				}
				if accepted(resp) {
					if !rep.Verified {
						t.Errorf("versitygw accepted %s=%s but apisig's verifier does not: %+v", k.Name, v, rep.Findings)
					}
					t.Skipf("%s=%s is a valid presigned URL here: versitygw and apisig both accept it", k.Name, v)
				}
				rejected++
				if rep.Server == nil {
					t.Fatalf("versitygw's body not read: %d %s", resp.StatusCode, resp.Body)
				}
				how, ok := named(rep, k, v)
				logReport(t, rep.Server, rep)
				if !ok {
					t.Errorf("%s=%s rejected by versitygw (%s) but not named; findings: %+v", k.Name, v, rep.Server.Code, rep.Findings)
					return
				}
				namedCount++
				t.Logf("named: %s", how)
				checkServerAgrees(t, rep.Server, rep)
			})
		}
	}
	t.Logf("presigned: %d knob values tried, %d rejected by versitygw, %d of those named", tried, rejected, namedCount)
}
