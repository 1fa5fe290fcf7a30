package conformance

// Side-by-side benchmarks: apisig's aws.SigV4, aws-sdk-go-v2's v4.Signer (one Signer, reused),
// minio-go's pkg/signer and the crypto floor, on three requests. Results and the command that
// produced them: BENCHMARKS.md. Compare only rows of one run, as ratios.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
	awsv2 "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	miniosigner "github.com/minio/minio-go/v7/pkg/signer"
)

var (
	benchTime   = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	benchRegion = "us-east-1"
	benchAKID   = "AKIAIOSFODNN7EXAMPLE"
	benchSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	benchBody   = func() []byte {
		// A 1 KiB DynamoDB PutItem body.
		var b bytes.Buffer
		b.WriteString(`{"TableName":"Music","Item":{"Artist":{"S":"No One You Know"},"SongTitle":{"S":"Call Me Today"},"Notes":{"S":"`)
		for b.Len() < 1024-4 {
			b.WriteByte('x')
		}
		b.WriteString(`"}}}`)
		return b.Bytes()
	}()
)

// benchScenario is one request to sign, made fresh for each signer.
type benchScenario struct {
	name    string
	service string
	presign bool
	// payload is the hash given to the SDKs; the request carries it as X-Amz-Content-Sha256.
	payload string
	newReq  func() *http.Request
}

func benchScenarios() []benchScenario {
	bodyHash := sha256.Sum256(benchBody)
	return []benchScenario{
		{
			name: "S3GetRange", service: "s3", payload: unsignedPayload,
			newReq: func() *http.Request {
				r, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/photos/2006/February/sample.jpg", nil)
				r.Header.Set("Range", "bytes=0-1048575")
				r.Header.Set("X-Amz-Content-Sha256", unsignedPayload)
				return r
			},
		},
		{
			name: "S3Presign", service: "s3", presign: true, payload: unsignedPayload,
			newReq: func() *http.Request {
				r, _ := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/photos/2006/February/sample.jpg", nil)
				return r
			},
		},
		{
			name: "DynamoDBPost1KiB", service: "dynamodb", payload: hex.EncodeToString(bodyHash[:]),
			newReq: func() *http.Request {
				r, _ := http.NewRequest("POST", "https://dynamodb.us-east-1.amazonaws.com/", bytes.NewReader(benchBody))
				r.Header.Set("Content-Type", "application/x-amz-json-1.0")
				r.Header.Set("X-Amz-Target", "DynamoDB_20120810.PutItem")
				r.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(bodyHash[:]))
				return r
			},
		},
	}
}

func BenchmarkSigV4(b *testing.B) {
	ctx := context.Background()
	creds := apisig.Credentials{AccessKeyID: benchAKID, Secret: apisig.NewSecret(benchSecret)}
	v2creds := awsv2.Credentials{AccessKeyID: benchAKID, SecretAccessKey: benchSecret}
	for _, sc := range benchScenarios() {
		b.Run(sc.name+"/apisig", func(b *testing.B) {
			s := &aws.SigV4{Region: benchRegion, Service: sc.service, Clock: apisig.FixedClock(benchTime)}
			req := sc.newReq()
			b.ReportAllocs()
			for b.Loop() {
				if sc.presign {
					if _, err := s.Presign(ctx, req, creds, 15*time.Minute); err != nil {
						b.Fatal(err)
					}
				} else if err := s.Sign(ctx, req, creds); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sc.name+"/aws-sdk-go-v2", func(b *testing.B) {
			s := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = sc.service == "s3" })
			req := sc.newReq()
			if sc.presign {
				req.URL.RawQuery = expiresParam(req.URL.RawQuery, 15*time.Minute)
			}
			b.ReportAllocs()
			for b.Loop() {
				if sc.presign {
					if _, _, err := s.PresignHTTP(ctx, v2creds, req, sc.payload, sc.service, benchRegion, benchTime); err != nil {
						b.Fatal(err)
					}
				} else if err := s.SignHTTP(ctx, v2creds, req, sc.payload, sc.service, benchRegion, benchTime); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sc.name+"/minio-go", func(b *testing.B) {
			req := sc.newReq()
			b.ReportAllocs()
			for b.Loop() {
				switch {
				case sc.presign:
					// PreSignV4 rewrites req.URL.RawQuery through the shared *url.URL, so each
					// iteration needs its own URL (one small allocation that belongs to its API).
					r := *req
					u := *req.URL
					r.URL = &u
					miniosigner.PreSignV4(r, benchAKID, benchSecret, "", benchRegion, 900)
				case sc.service == "s3":
					miniosigner.SignV4(*req, benchAKID, benchSecret, "", benchRegion)
				default:
					miniosigner.SignV4WithServiceType(*req, benchAKID, benchSecret, "", benchRegion, sc.service)
				}
			}
		})
		b.Run(sc.name+"/floor", func(b *testing.B) {
			// The crypto floor: SHA-256 of apisig's canonical request for this scenario, the
			// string to sign around it, and one HMAC-SHA256 with a cached, pre-keyed signing key.
			cr, sts := benchCanonical(b, sc)
			scope := strings.Split(sts, "\n")[2]
			key := deriveSigningKey(benchSecret, scope)
			mac := hmac.New(sha256.New, key)
			h := sha256.New()
			var sum [sha256.Size]byte
			var sig [2 * sha256.Size]byte
			buf := make([]byte, 0, 256)
			crb := []byte(cr)
			b.ReportAllocs()
			for b.Loop() {
				h.Reset()
				h.Write(crb)
				d := h.Sum(sum[:0])
				buf = append(buf[:0], "AWS4-HMAC-SHA256\n"...)
				buf = append(buf, "20261123T120000Z\n"...)
				buf = append(buf, scope...)
				buf = append(buf, '\n')
				buf = hex.AppendEncode(buf, d)
				mac.Reset()
				mac.Write(buf)
				hex.Encode(sig[:], mac.Sum(sum[:0]))
			}
		})
	}
	b.Run("DynamoDBPost1KiB/apisig-hashes-body", func(b *testing.B) {
		// apisig reading and hashing the 1 KiB body itself through GetBody (no
		// X-Amz-Content-Sha256 header): the cost of not passing the hash in.
		s := &aws.SigV4{Region: benchRegion, Service: "dynamodb", Clock: apisig.FixedClock(benchTime)}
		req, _ := http.NewRequest("POST", "https://dynamodb.us-east-1.amazonaws.com/", bytes.NewReader(benchBody))
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", "DynamoDB_20120810.PutItem")
		b.ReportAllocs()
		for b.Loop() {
			if err := s.Sign(ctx, req, creds); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchTrace returns apisig's trace for a scenario.
func benchTrace(tb testing.TB, sc benchScenario) *apisig.Trace {
	tb.Helper()
	s := &aws.SigV4{Region: benchRegion, Service: sc.service, Clock: apisig.FixedClock(benchTime)}
	creds := apisig.Credentials{AccessKeyID: benchAKID, Secret: apisig.NewSecret(benchSecret)}
	var tr *apisig.Trace
	var err error
	if sc.presign {
		_, tr, err = s.ExplainPresign(context.Background(), sc.newReq(), creds, 15*time.Minute)
	} else {
		tr, err = s.Explain(context.Background(), sc.newReq(), creds)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}

// benchCanonical returns apisig's canonical request and string to sign for a scenario.
func benchCanonical(b *testing.B, sc benchScenario) (string, string) {
	tr := benchTrace(b, sc)
	cr, ok1 := tr.Find(apisig.StepCanonicalRequest)
	sts, ok2 := tr.Find(apisig.StepStringToSign)
	if !ok1 || !ok2 {
		b.Fatal("trace without canonical request or string to sign")
	}
	return cr, sts
}

// deriveSigningKey is the SigV4 key chain, computed once outside the timed loop.
func deriveSigningKey(secret, scope string) []byte {
	parts := strings.Split(scope, "/") // date/region/service/aws4_request
	k := []byte("AWS4" + secret)
	for _, p := range parts {
		m := hmac.New(sha256.New, k)
		io.WriteString(m, p)
		k = m.Sum(nil)
	}
	return k
}

// TestBenchFloorMatches checks that the floor computes the real signature: HMAC with the
// derived key over the string to sign equals apisig's signature for every scenario.
func TestBenchFloorMatches(t *testing.T) {
	for _, sc := range benchScenarios() {
		tr := benchTrace(t, sc)
		cr, _ := tr.Find(apisig.StepCanonicalRequest)
		sts, _ := tr.Find(apisig.StepStringToSign)
		want, _ := tr.Find(apisig.StepSignature)
		d := sha256.Sum256([]byte(cr))
		lines := strings.Split(sts, "\n")
		if lines[3] != hex.EncodeToString(d[:]) {
			t.Errorf("%s: string to sign does not carry SHA-256 of the canonical request", sc.name)
		}
		mac := hmac.New(sha256.New, deriveSigningKey(benchSecret, lines[2]))
		mac.Write([]byte(sts))
		if got := hex.EncodeToString(mac.Sum(nil)); got != want {
			t.Errorf("%s: floor signature = %s; want %s", sc.name, got, want)
		}
		t.Logf("%s: canonical request %d bytes, string to sign %d bytes", sc.name, len(cr), len(sts))
	}
}
