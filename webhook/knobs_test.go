package webhook_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/webhook"
)

// TestKnobs checks each knob value changes the signed payload or the placed signature as its
// rule says, and that unknown knobs and values are errors.
func TestKnobs(t *testing.T) {
	body := "{\"a\": \"\u00e9\"}\n"
	for _, tc := range []struct {
		p           webhook.Provider
		knob, value string
		step        string // trace step name ("" = the placed header)
		want        string
	}{
		{webhook.GitHub, "body", "json-compact", "signed payload", "{\"a\":\"\u00e9\"}"},
		{webhook.GitHub, "body", "json-python", "signed payload", "{\"a\": \"\\u00e9\"}"},
		{webhook.GitHub, "body", "no-trailing-newline", "signed payload", "{\"a\": \"\u00e9\"}"},
		{webhook.GitHub, "body", "ascii-replace", "signed payload", "{\"a\": \"?\"}\n"},
		{webhook.GitHub, "body", "latin1-as-utf8", "signed payload", "{\"a\": \"\u00c3\u00a9\"}\n"},
		{webhook.Stripe, "timestamp-unit", "milliseconds", "signed payload", "1795435200000."},
		{webhook.Shopify, "mac-encoding", "hex", "", "a"},
		{webhook.Slack, "body", "raw", "signed payload", "v0:1795435200:" + body},
	} {
		t.Run(tc.p.String()+"/"+tc.knob+"="+tc.value, func(t *testing.T) {
			w := webhook.New(tc.p, testSecret(tc.p))
			w.Clock = testClock
			if err := w.SetKnob(tc.knob, tc.value); err != nil {
				t.Fatal(err)
			}
			req := newDelivery(body)
			tr, err := w.Explain(context.Background(), req, apisig.Credentials{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.step == "" {
				v := req.Header.Get(webhook.HeaderShopify)
				if len(v) != 64 || strings.ToLower(v) != v {
					t.Errorf("placed %q; want 64 lower-case hex digits", v)
				}
				return
			}
			got, _ := tr.Lookup(tc.step)
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("%s = %q; want prefix %q", tc.step, got, tc.want)
			}
		})
	}
	w := webhook.New(webhook.GitHub, "s")
	if err := w.SetKnob("body", "xml"); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "json-compact") {
		t.Errorf("unknown value: %v", err)
	}
	if err := w.SetKnob("nope", "x"); !errors.Is(err, apisig.ErrInvalidInput) || !strings.Contains(err.Error(), "mac-encoding") {
		t.Errorf("unknown knob: %v", err)
	}
	for _, k := range w.Knobs() {
		if len(k.Values) == 0 || k.Doc == "" {
			t.Errorf("knob %s has no values or doc", k.Name)
		}
	}
}
