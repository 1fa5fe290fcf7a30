package tencentcos

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/tencent/cos"
	sdk "github.com/tencentyun/cos-go-sdk-v5"
)

var benchStart = time.Unix(1557989151, 0)

// benchRequests are the requests of BENCHMARKS.md: the signature page's two examples.
var benchRequests = []struct {
	name string
	new  func() *http.Request
}{
	{"GetResponseParams", func() *http.Request {
		req, _ := http.NewRequest("GET", "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject?response-content-type=application%2Foctet-stream&response-cache-control=max-age%3D600", nil)
		req.Header.Set("Range", "bytes=0-1048575")
		return req
	}},
	{"PutHeaders", func() *http.Request {
		req, _ := http.NewRequest("PUT", "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)", nil)
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Content-Length", "13")
		req.Header.Set("Content-Md5", "mQ/fVh815F3k6TAUm8m0eg==")
		req.Header.Set("X-Cos-Acl", "private")
		req.Header.Set("X-Cos-Grant-Read", `uin="100000000011"`)
		return req
	}},
}

const (
	benchAK = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
	benchSK = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz"
)

// BenchmarkCOS signs each request with apisig, with the SDK's AddAuthorizationHeader, and
// measures the crypto floor: SHA-1 of the request's HttpString and HMAC-SHA1 of its
// StringToSign with a pre-keyed HMAC.
func BenchmarkCOS(b *testing.B) {
	ctx := context.Background()
	at := &sdk.AuthTime{SignStartTime: benchStart, SignEndTime: benchStart.Add(time.Hour), KeyStartTime: benchStart, KeyEndTime: benchStart.Add(time.Hour)}
	creds := apisig.Credentials{AccessKeyID: benchAK, Secret: apisig.NewSecret(benchSK)}
	for _, r := range benchRequests {
		b.Run(r.name+"/apisig", func(b *testing.B) {
			s := &cos.Signer{Clock: apisig.FixedClock(benchStart)}
			req := r.new()
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Sign(ctx, req, creds); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(r.name+"/sdk", func(b *testing.B) {
			req := r.new()
			b.ReportAllocs()
			for b.Loop() {
				sdk.AddAuthorizationHeader(benchAK, benchSK, "", req, at)
			}
		})
		b.Run(r.name+"/floor", func(b *testing.B) {
			s := &cos.Signer{Clock: apisig.FixedClock(benchStart)}
			tr, err := s.Explain(ctx, r.new(), creds)
			if err != nil {
				b.Fatal(err)
			}
			httpString, _ := tr.Lookup("HttpString")
			sts, _ := tr.Lookup("StringToSign")
			key, _ := tr.Step(apisig.StepKey)
			mac := hmac.New(sha1.New, []byte(key.Reveal()))
			h := sha1.New()
			hs, st := []byte(httpString), []byte(sts)
			var sum [sha1.Size]byte
			var out [2 * sha1.Size]byte
			b.ReportAllocs()
			for b.Loop() {
				h.Reset()
				h.Write(hs)
				hex.Encode(out[:], h.Sum(sum[:0]))
				mac.Reset()
				mac.Write(st)
				hex.Encode(out[:], mac.Sum(sum[:0]))
			}
		})
	}
	b.Run("PresignGet/apisig", func(b *testing.B) {
		s := &cos.Signer{Clock: apisig.FixedClock(benchStart)}
		req := benchRequests[0].new()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Presign(ctx, req, creds, time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPairedSpeed measures apisig against the SDK in alternating short blocks and reports the
// median of the per-block ratios: on a loaded machine, where whole benchmarks drift by 2-3x
// between runs, a block of each signer run back to back sees the same load. It runs only when
// APISIG_SPEED is set (results in BENCHMARKS.md).
func TestPairedSpeed(t *testing.T) {
	if os.Getenv("APISIG_SPEED") == "" {
		t.Skip("set APISIG_SPEED=1 to measure")
	}
	ctx := context.Background()
	at := &sdk.AuthTime{SignStartTime: benchStart, SignEndTime: benchStart.Add(time.Hour), KeyStartTime: benchStart, KeyEndTime: benchStart.Add(time.Hour)}
	creds := apisig.Credentials{AccessKeyID: benchAK, Secret: apisig.NewSecret(benchSK)}
	const rounds, ops = 101, 400
	for _, r := range benchRequests {
		s := &cos.Signer{Clock: apisig.FixedClock(benchStart)}
		a, b := r.new(), r.new()
		var ratios, ours, theirs []float64
		for range rounds {
			t0 := time.Now()
			for range ops {
				if err := s.Sign(ctx, a, creds); err != nil {
					t.Fatal(err)
				}
			}
			t1 := time.Now()
			for range ops {
				sdk.AddAuthorizationHeader(benchAK, benchSK, "", b, at)
			}
			t2 := time.Now()
			da, db := t1.Sub(t0).Seconds()/ops, t2.Sub(t1).Seconds()/ops
			ours, theirs, ratios = append(ours, da), append(theirs, db), append(ratios, db/da)
		}
		med := func(xs []float64) float64 { slices.Sort(xs); return xs[len(xs)/2] }
		t.Logf("%s: apisig %.0f ns/op, sdk %.0f ns/op, median paired ratio %.1fx", r.name, med(ours)*1e9, med(theirs)*1e9, med(ratios))
	}
}
