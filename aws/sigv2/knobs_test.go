package sigv2_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws/sigv2"
)

// TestKnobs checks that each knob value changes the string to sign in the way its rule
// describes. Expectations are the rules' own definitions, applied by hand.
func TestKnobs(t *testing.T) {
	for _, tc := range []struct {
		knob, value string
		s           sigv2.SigV2
		req         func() *http.Request
		want        string // substring of the string to sign after the change
		wantDefault string // substring with the knob at its default
	}{
		{"sub-resources", "none", sigv2.SigV2{}, newRequest("GET", "h", "/b/k", "acl&max-keys=2", ""), "\n/b/k", "\n/b/k?acl"},
		{"sub-resources", "all-query", sigv2.SigV2{}, newRequest("GET", "h", "/b/k", "acl&max-keys=2", ""), "\n/b/k?acl&max-keys=2", "\n/b/k?acl"},
		{"content-type-line", "empty", sigv2.SigV2{}, newRequest("PUT", "h", "/b/k", "", "", "Content-Type", "text/plain"), "PUT\n\n\n", "PUT\n\ntext/plain\n"},
		{"content-md5-line", "empty", sigv2.SigV2{}, newRequest("PUT", "h", "/b/k", "", "", "Content-MD5", "abc="), "PUT\n\n\n", "PUT\nabc=\n\n"},
		{"date-line", "x-amz-date", sigv2.SigV2{DateHeader: sigv2.DateHeaderAmzDate}, newRequest("GET", "h", "/b/k", "", ""), "\n\nMon, 23 Nov 2026 09:30:00 GMT\n/b/k", "\n\n\nx-amz-date:Mon, 23 Nov 2026 09:30:00 GMT\n/b/k"},
		{"bucket", "omitted", sigv2.SigV2{Bucket: "b"}, newRequest("GET", "b.s3.amazonaws.com", "/k", "", ""), "GMT\n/k", "GMT\n/b/k"},
		{"hex-case", "lower", sigv2.SigV2{}, newRequest("GET", "h", "/b/ä", "", ""), "/b/%c3%a4", "/b/%C3%A4"},
		{"space", "+", sigv2.SigV2{}, newRequest("GET", "h", "/b/a b", "", ""), "/b/a+b", "/b/a%20b"},
		{"header-value", "none", sigv2.SigV2{}, newRequest("GET", "h", "/b/k", "", "", "X-Amz-Meta-A", " v "), "x-amz-meta-a: v \n", "x-amz-meta-a:v\n"},
	} {
		t.Run(tc.knob+"="+tc.value, func(t *testing.T) {
			sts := func(set bool) string {
				s := tc.s
				s.Clock = apisig.FixedClock(testTime)
				if set {
					if err := s.SetKnob(tc.knob, tc.value); err != nil {
						t.Fatal(err)
					}
				}
				tr, err := s.Explain(context.Background(), tc.req(), testCreds)
				if err != nil {
					t.Fatal(err)
				}
				v, _ := tr.Find(apisig.StepStringToSign)
				return v
			}
			if got := sts(false); !strings.Contains(got, tc.wantDefault) {
				t.Errorf("default: string to sign %q does not contain %q", got, tc.wantDefault)
			}
			if got := sts(true); !strings.Contains(got, tc.want) {
				t.Errorf("%s=%s: string to sign %q does not contain %q", tc.knob, tc.value, got, tc.want)
			}
		})
	}
}

// TestSignatureEncodingKnob: B03, a raw base64 signature in the query loses its '+' to a space.
func TestSignatureEncodingKnob(t *testing.T) {
	ctx := context.Background()
	// Find a signing time whose signature has a '+', as the catalogued failure needs.
	for i := range 200 {
		s := &sigv2.SigV2{Clock: apisig.FixedClock(testTime.Add(time.Duration(i) * time.Second)), Keys: testKeys}
		p, err := s.Presign(ctx, newRequest("GET", "h", "/b/k", "", "")(), testCreds, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.URL.RawQuery, "%2B") {
			continue
		}
		if err := s.SetKnob("signature-encoding", "raw"); err != nil {
			t.Fatal(err)
		}
		raw, err := s.Presign(ctx, newRequest("GET", "h", "/b/k", "", "")(), testCreds, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", raw.URL.String(), nil)
		_, err = (&sigv2.SigV2{Clock: s.Clock, Keys: testKeys}).Verify(ctx, req)
		var me *apisig.MismatchError
		if !errors.As(err, &me) || !strings.Contains(me.Provided, " ") {
			t.Fatalf("raw '+' in the query: got %v, want a mismatch whose provided signature shows a space", err)
		}
		return
	}
	t.Fatal("no signature with '+' in 200 tries")
}

func TestSetKnobErrors(t *testing.T) {
	s := &sigv2.SigV2{}
	for _, kv := range [][2]string{{"nope", "x"}, {"sub-resources", "some"}} {
		if err := s.SetKnob(kv[0], kv[1]); !errors.Is(err, apisig.ErrInvalidInput) {
			t.Errorf("SetKnob(%q, %q) = %v, want ErrInvalidInput", kv[0], kv[1], err)
		}
	}
	if len(s.Knobs()) == 0 {
		t.Fatal("no knobs")
	}
	for _, k := range s.Knobs() {
		if k.Doc == "" || len(k.Values) < 2 {
			t.Errorf("knob %s: no doc or fewer than two values", k.Name)
		}
	}
}

// TestSubResourceListsSorted: the lists are searched by binary search.
func TestSubResourceListsSorted(t *testing.T) {
	for _, tc := range []struct{ knob, in, out string }{
		{"listed", "replication", "encryption"},
		{"minio", "encryption", "replication"},
	} {
		s := &sigv2.SigV2{Clock: apisig.FixedClock(testTime)}
		if err := s.SetKnob("sub-resources", tc.knob); err != nil {
			t.Fatal(err)
		}
		tr, err := s.Explain(context.Background(), newRequest("GET", "h", "/b/", tc.in+"&"+tc.out+"=1", "")(), testCreds)
		if err != nil {
			t.Fatal(err)
		}
		sts, _ := tr.Find(apisig.StepStringToSign)
		if !strings.HasSuffix(sts, "/b/?"+tc.in) {
			t.Errorf("sub-resources=%s: string to sign ends %q, want /b/?%s only", tc.knob, sts[strings.LastIndexByte(sts, '\n')+1:], tc.in)
		}
	}
}

func TestSubResourceListsAreSorted(t *testing.T) {
	for _, l := range sigv2.SubResourceLists {
		if !slices.IsSorted(l) {
			t.Errorf("list not sorted: %v", l)
		}
	}
}
