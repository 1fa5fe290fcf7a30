package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/apisig/apisig"
	"github.com/apisig/apisig/aws"
)

// The scripts in testdata/*.txtar run the apisig binary (this test binary, run as apisig)
// against in-process verifying servers started by the verifyserver command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"apisig": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"verifyserver": cmdVerifyServer},
		// [minio] holds when a real MinIO is running (scripts/minio.sh sets APISIG_MINIO_*),
		// whose address and keys the scripts then see.
		Condition: func(cond string) (bool, error) {
			if cond == "minio" {
				return os.Getenv("APISIG_MINIO_ENDPOINT") != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			for _, k := range []string{"APISIG_MINIO_ENDPOINT", "APISIG_MINIO_ACCESS_KEY", "APISIG_MINIO_SECRET_KEY", "APISIG_MINIO_REGION"} {
				env.Setenv(k, os.Getenv(k))
			}
			return nil
		},
	})
}

// testKeys are the AWS documentation's example key pair, which grants nothing.
var testKeys = apisig.StaticKeys{demoKeyID: demoSecret}

// cmdVerifyServer starts a server that verifies AWS SigV4 and sets $SERVER to its URL:
//
//	verifyserver [-region us-east-1] [-service s3] [-time 20130524T000000Z]
//
// A request that verifies gets 200 and a description of what arrived (method, path, the
// query without the signature, the body's size and hash, each multipart part); one that does
// not gets the verifier's 4xx answer. Path /status/NNN answers NNN; path /flaky answers 503
// with Retry-After: 0 twice, then 200.
func cmdVerifyServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! verifyserver")
	}
	fs := flag.NewFlagSet("verifyserver", flag.ContinueOnError)
	region := fs.String("region", "us-east-1", "")
	service := fs.String("service", "s3", "")
	at := fs.String("time", "", "")
	ts.Check(fs.Parse(args))
	v := &aws.SigV4{Region: *region, Service: *service, Keys: testKeys}
	if *at != "" {
		t, err := time.Parse("20060102T150405Z", *at)
		ts.Check(err)
		v.Clock = apisig.FixedClock(t)
	}
	var flaky atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, ok := strings.CutPrefix(r.URL.Path, "/status/"); ok {
			n, _ := strconv.Atoi(code)
			w.WriteHeader(n)
			fmt.Fprintf(w, "status %d\n", n)
			return
		}
		if r.URL.Path == "/flaky" && flaky.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		describe(w, r)
	})
	srv := httptest.NewServer(apisig.Middleware(apisig.MiddlewareOptions{Verifier: v})(h))
	ts.Setenv("SERVER", srv.URL)
	ts.Defer(srv.Close)
}

func describe(w http.ResponseWriter, r *http.Request) {
	v, _ := apisig.VerifiedFrom(r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "verified: %s %s by %s presigned=%v\n", r.Method, r.URL.EscapedPath(), v.AccessKeyID, v.Presigned)
	var q []string
	for kv := range strings.SplitSeq(r.URL.RawQuery, "&") {
		if kv != "" && !strings.HasPrefix(kv, "X-Amz-") {
			q = append(q, kv)
		}
	}
	if len(q) > 0 {
		fmt.Fprintf(w, "query: %s\n", strings.Join(q, "&"))
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		fmt.Fprintf(w, "content-type: %s\n", ct)
	}
	if mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				if err != io.EOF {
					fmt.Fprintf(w, "multipart error: %v\n", err)
				}
				return
			}
			data, _ := io.ReadAll(p)
			fmt.Fprintf(w, "part %q filename=%q type=%q: %q\n", p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data)
		}
	}
	data, _ := io.ReadAll(r.Body)
	if len(data) > 0 {
		fmt.Fprintf(w, "body: %d bytes, sha256 %x\n", len(data), sha256.Sum256(data))
		if len(data) <= 200 {
			fmt.Fprintf(w, "body: %q\n", data)
		}
	}
}
