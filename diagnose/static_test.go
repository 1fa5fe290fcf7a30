package diagnose_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// TestStaticAndSecretMistakes reproduces the catalogue rows found without a knob: by the
// static checks (S rows), by the server's answer, and by the secret variants. Each starts from
// the S3 GET Object example (aws-s3-sigv4/get-object-range.json) or another base request,
// applies the mistake, and expects the row's id among the findings.
func TestStaticAndSecretMistakes(t *testing.T) {
	ctx := context.Background()
	reg := schemes.Registry()
	s3 := bases[0]
	tc3 := bases[8]
	at := s3.at
	tests := []struct {
		name   string
		base   baseRequest
		secret string // signs with this secret instead of the base's
		mutate func(r *http.Request)
		creds  func(c apisig.Credentials) apisig.Credentials
		resp   *diagnose.Response
		clock  apisig.Clock // nil: the base's time
		want   string
		check  apisig.Secret // the secret the user checks with, when it is not the base's
		knobs  map[string]string
	}{
		{name: "wrong region in the scope", base: s3, want: "A01", knobs: map[string]string{"scope-region": "eu-central-1"}},
		{name: "wrong service in the scope", base: s3, want: "A02", knobs: map[string]string{"scope-service": "iot"}},
		{name: "scope date is not X-Amz-Date's", base: s3, want: "A05",
			mutate: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20130525T000000Z") }},
		{name: "a signed header was not sent", base: s3, want: "A25",
			mutate: func(r *http.Request) { r.Header.Del("Range") }},
		{name: "temporary key without its session token", base: s3, want: "A30",
			creds: func(c apisig.Credentials) apisig.Credentials { c.AccessKeyID = "ASIAIOSFODNN7EXAMPLE"; return c }},
		{name: "empty-body hash with a body", base: s3, want: "A26",
			mutate: func(r *http.Request) {
				body := []byte("a body after all")
				r.ContentLength = int64(len(body))
				r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
				r.Body, _ = r.GetBody()
			}},
		{name: "region the server expects", base: s3, want: "A01",
			resp: &diagnose.Response{Status: 400, Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'</Message><Region>eu-central-1</Region><RequestId>X</RequestId></Error>`)}},
		{name: "local time written with a Z", base: s3, want: "A03", clock: apisig.FixedClock(at.Add(4 * time.Hour)),
			resp: &diagnose.Response{Status: 403, Header: http.Header{"Date": {at.Add(4 * time.Hour).Format(http.TimeFormat)}},
				Body: []byte(`<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>`)}},
		{name: "machine clock drift", base: s3, want: "A04", clock: apisig.FixedClock(at.Add(17 * time.Minute)),
			resp: &diagnose.Response{Status: 403, Header: http.Header{"Date": {at.Add(17 * time.Minute).Format(http.TimeFormat)}}}},
		{name: "secret read with a trailing newline (SigV4)", base: s3, secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", want: "A31"},
		{name: "secret with a stray space (TC3)", base: tc3, secret: " Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", want: "E03"},
		{name: "secret with CR LF (Alibaba RPC)", base: bases[4], secret: "testsecret\r\n", want: "A31"},
		{name: "Stripe API key where the webhook secret is due", base: bases[13], want: "W05",
			check: apisig.NewSecret("sk_test_51HqLyjWDarjtT1zdp7dc")},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := reg.Lookup(tt.base.scheme)
			if err != nil {
				t.Fatal(err)
			}
			sg, err := s.Build(tt.base.config(tt.knobs))
			if err != nil {
				t.Fatal(err)
			}
			creds := tt.base.creds
			if tt.creds != nil {
				creds = tt.creds(creds)
			}
			if tt.secret != "" {
				creds.Secret = apisig.NewSecret(tt.secret)
			}
			req := tt.base.build(t)
			if err := sg.Sign(ctx, req, creds); err != nil {
				t.Fatal(err)
			}
			if tt.mutate != nil {
				tt.mutate(req)
			}
			clock := tt.clock
			if clock == nil {
				clock = apisig.FixedClock(tt.base.at)
			}
			check := tt.base.creds.Secret
			if !tt.check.IsZero() {
				check = tt.check
			}
			rep, err := diagnose.Diagnose(ctx, diagnose.Case{Request: req, Scheme: s, Params: tt.base.params, Secret: check, Response: tt.resp, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if slices.Contains(f.Mistakes, tt.want) {
					covered[tt.want] = true
					if strings.Contains(f.Cause+f.Evidence+f.Fix, tt.base.creds.Secret.Reveal()) {
						t.Errorf("finding shows the secret: %+v", f)
					}
					return
				}
			}
			t.Errorf("want a finding for %s; got %+v", tt.want, rep.Findings)
		})
	}
	all := map[string]bool{}
	for _, id := range knobRows {
		all[id] = true
	}
	for _, tt := range tests {
		all[tt.want] = true
	}
	t.Logf("rows: %d here; with the knob search's, %d distinct catalogue rows", len(covered), len(all))
}
