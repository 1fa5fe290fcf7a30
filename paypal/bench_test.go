package paypal_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/apisig/apisig/paypal"
)

const awkwardQuery = "b=2&a=1&a=0&sp=a+b&dot=a.b-c*d~e&uni=%E1%88%B4&empty="

// BenchmarkSignQuery signs a request with a query, so the parameter parsing, sorting and
// encoding are measured too (BenchmarkSign's request has none).
func BenchmarkSignQuery(b *testing.B) {
	s := newSigner()
	r := get("svcs.paypal.com", "/AdaptivePayments/Pay", awkwardQuery)()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Sign(context.Background(), r, testCreds); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	s := newSigner()
	r := get("svcs.paypal.com", "/Permissions/GetBasicPersonalData", "")()
	if err := s.Sign(context.Background(), r, testCreds); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Verify(context.Background(), r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignAllocs guards the hot path. In the steady state Sign allocates the header value and
// the header's value slice; each query component with an escape costs one more (decoded by
// canon.AppendQuery: here "a+b" and "%E1%88%B4").
func TestSignAllocs(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts are checked in full runs without -race")
	}
	s := newSigner()
	for _, tc := range []struct {
		name string
		req  *http.Request
		max  float64
	}{
		{"no-query", get("svcs.paypal.com", "/Permissions/GetBasicPersonalData", "")(), 2},
		{"query", get("svcs.paypal.com", "/AdaptivePayments/Pay", awkwardQuery)(), 4},
	} {
		allocs := testing.AllocsPerRun(200, func() {
			if err := s.Sign(context.Background(), tc.req, testCreds); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > tc.max {
			t.Errorf("%s: Sign allocates %.1f times per call, want at most %.0f", tc.name, allocs, tc.max)
		}
		if tc.req.Header.Get(paypal.Header) == "" {
			t.Errorf("%s: no %s", tc.name, paypal.Header)
		}
	}
}
