package diagnose_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/diagnose"
	"github.com/apisig/apisig/schemes"
)

// pairCase is an S3 GET from the published SigV4 example (shared/vectors/aws-s3-sigv4,
// get-object-range: examplebucket, AKIAIOSFODNN7EXAMPLE, 2013-05-24), with a query and a header
// that give the knobs something to change, signed with TWO mistakes at once: lower-case
// percent-escapes (A16) and header values not Trimall'ed (A22). No single knob reproduces that
// signature, so Diagnose tries every single setting and then every pair: the full search the
// issue asks to finish in under a second.
func pairCase(tb testing.TB) (diagnose.Case, map[string]string) {
	tb.Helper()
	ctx := context.Background()
	s, err := schemes.Registry().Lookup("aws-sigv4")
	if err != nil {
		tb.Fatal(err)
	}
	params := map[string]string{"region": "us-east-1", "service": "s3"}
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	mistake := map[string]string{"hex-case": "lower", "header-value": "none"}
	wrong, err := s.Build(apisig.Config{Params: params, Knobs: mistake, Clock: apisig.FixedClock(at)})
	if err != nil {
		tb.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, "https://examplebucket.s3.amazonaws.com/test%20file%2A.txt?list-type=2&q=a%2Fb%3Dc&empty=", nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Range", "bytes=0-9")
	req.Header.Set("X-Amz-Meta-Note", "two  spaces")
	secret := apisig.NewSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	if err := wrong.Sign(ctx, req, apisig.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Secret: secret}); err != nil {
		tb.Fatal(err)
	}
	return diagnose.Case{Request: req, Scheme: s, Params: params, Secret: secret, Clock: apisig.FixedClock(at)}, mistake
}

// checkPairFound fails unless the report names exactly the pair that was applied, found by
// the pair search (so every single was tried first, and failed).
func checkPairFound(tb testing.TB, rep *diagnose.Report, mistake map[string]string) {
	tb.Helper()
	for _, f := range rep.Findings {
		if f.Method != "knob-search" || len(f.Knobs) != len(mistake) {
			continue
		}
		ok := true
		for k, v := range mistake {
			ok = ok && f.Knobs[k] == v
		}
		if ok {
			return
		}
	}
	tb.Fatalf("the pair %v is not named; %d tried; findings %+v", mistake, rep.Tried, rep.Findings)
}

func TestPairSearchNamesBothMistakes(t *testing.T) {
	c, mistake := pairCase(t)
	start := time.Now()
	rep, err := diagnose.Diagnose(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	checkPairFound(t, rep, mistake)
	t.Logf("%d settings and pairs recomputed in %v", rep.Tried, time.Since(start))
}

// BenchmarkDiagnosePairSearch is the full single + pair knob search for one SigV4 request.
func BenchmarkDiagnosePairSearch(b *testing.B) {
	c, mistake := pairCase(b)
	ctx := context.Background()
	b.ReportAllocs()
	var tried int
	for b.Loop() {
		rep, err := diagnose.Diagnose(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		tried = rep.Tried
		if len(rep.Findings) == 0 {
			b.Fatal("no finding")
		}
	}
	b.StopTimer()
	rep, _ := diagnose.Diagnose(ctx, c)
	checkPairFound(b, rep, mistake)
	b.ReportMetric(float64(tried), "variants/op")
}

// BenchmarkParseServerTrace reads AWS S3's SignatureDoesNotMatch body.
func BenchmarkParseServerTrace(b *testing.B) {
	body := readError(b, "s3-sigv4-signature-does-not-match.xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if diagnose.ParseServerTrace(body) == nil {
			b.Fatal("nil")
		}
	}
}
