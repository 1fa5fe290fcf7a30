package tencent_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/tencent"
)

// TestDiagnoseNamesMistakes: a request signed with a mistake's knob is diagnosed, by package
// diagnose's knob search, as exactly that knob (with its MISTAKES.md id where it has one).
func TestDiagnoseNamesMistakes(t *testing.T) {
	ctx := context.Background()
	night := apisig.FixedClock(time.Date(2026, 11, 22, 20, 30, 0, 0, time.UTC)) // 04:30 in Beijing
	for _, tc := range []struct {
		scheme     apisig.Scheme
		knob, val  string
		mistake    string
		newRequest func() *http.Request
	}{
		{tencent.TC3Scheme(), "scope-date-zone", "utc+8", "E01", tc3Req("{}")},
		{tencent.TC3Scheme(), "host", "trailing-slash", "E04", tc3Req("{}")},
		{tencent.TC3Scheme(), "key-derivation", "no-prefix", "", tc3Req("{}")},
		{tencent.V1Scheme(), "sort", "joined", "", newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A&Action.1=x", "")},
		{tencent.V1Scheme(), "digest", "hex", "", newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")},
		{tencent.V1Scheme(), "string-to-sign", "no-path", "", newRequest("GET", "cvm.tencentcloudapi.com", "/", "Action=A", "")},
	} {
		t.Run(tc.scheme.ID+"/"+tc.knob, func(t *testing.T) {
			sg, err := tc.scheme.Build(apisig.Config{Clock: night, Knobs: map[string]string{tc.knob: tc.val}})
			if err != nil {
				t.Fatal(err)
			}
			req := tc.newRequest()
			if err := sg.Sign(ctx, req, testCreds); err != nil {
				t.Fatal(err)
			}
			rep, err := diagnose.Diagnose(ctx, diagnose.Case{Request: req, Scheme: tc.scheme, Secret: testCreds.Secret, Clock: night})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.Knobs[tc.knob] == tc.val && (tc.mistake == "" || len(f.Mistakes) > 0 && f.Mistakes[0] == tc.mistake) {
					return
				}
			}
			t.Errorf("diagnose did not name %s=%s (%s): %+v", tc.knob, tc.val, tc.mistake, rep.Findings)
		})
	}
}
