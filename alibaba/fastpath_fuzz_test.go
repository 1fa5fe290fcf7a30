package alibaba_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/alibaba"
)

// tunedSigner is a signer with an Explain and dialect knobs.
type tunedSigner interface {
	apisig.Signer
	apisig.Tunable
}

// FuzzSignMatchesExplain checks that Sign, which takes the fast paths (one-pass string to sign,
// checks after computing, the V3 canonical query from the raw query), signs exactly as Explain,
// which builds every stage: the same request out, or the same error, for any raw query, form
// body, header and knob setting.
func FuzzSignMatchesExplain(f *testing.F) {
	for _, q := range []string{"", "Action=DescribeInstances&Version=2014-05-26&InstanceName=web%20server*&Tag.1.Value=prod~1",
		"a+b=c+d&%E4%BD%A0=%E5%A5%BD", "x=%zz", "k=\xff", "=v", "a=1&a=1", "a&b=&c=%2B", "Timestamp=x&Signature=y&AccessKeyId=z"} {
		f.Add(q, "", "x", uint64(0))
		f.Add(q, "Format=XML&q=%20", "y", uint64(0x5a5a5a5a))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, rawQuery, form, header string, knobs uint64) {
		newReq := func() *http.Request {
			req, err := http.NewRequest("POST", "https://ecs.aliyuncs.com/p/a%20th", strings.NewReader(form))
			if err != nil {
				t.Skip()
			}
			req.URL.RawQuery = rawQuery
			if form != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.Header["x-acs-action"] = []string{header}
			req.Header["X-Acs-Date"] = []string{"stale"}
			return req
		}
		clock, nonce := apisig.FixedClock(testTime), fixedNonce("n")
		for _, s := range []tunedSigner{
			&alibaba.RPC{Clock: clock, Nonce: nonce}, &alibaba.ACS3{Clock: clock, Nonce: nonce},
			&alibaba.ROA{Clock: clock, Nonce: nonce}, &alibaba.OpenSearch{Clock: clock, Nonce: nonce},
		} {
			bits := knobs
			for _, k := range s.Knobs() {
				if err := s.SetKnob(k.Name, k.Values[bits%uint64(len(k.Values))]); err != nil {
					t.Fatal(err)
				}
				bits /= uint64(len(k.Values))
			}
			a, b := newReq(), newReq()
			errA := s.Sign(ctx, a, stsCreds)
			_, errB := s.Explain(ctx, b, stsCreds)
			switch {
			case (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error():
				t.Fatalf("%T: Sign error %v, Explain error %v", s, errA, errB)
			case errA == nil && (a.URL.String() != b.URL.String() || !sameHeaders(a.Header, b.Header)):
				t.Fatalf("%T: Sign gives %s %v, Explain %s %v", s, a.URL, a.Header, b.URL, b.Header)
			}
		}
	})
}

func sameHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\x00") != strings.Join(b[k], "\x00") {
			return false
		}
	}
	return true
}
