package minio

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// srv is the server under test, nil when APISIG_MINIO_ENDPOINT is unset; bucket is this run's
// bucket, created by TestMain and removed afterwards.
var (
	srv    *Server
	bucket string
)

func TestMain(m *testing.M) {
	s, err := FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance/minio:", err)
		os.Exit(2)
	}
	if s == nil {
		fmt.Fprintf(os.Stderr, "conformance/minio: %s is not set: skipping the MinIO tests (run them with scripts/minio.sh go test ./minio/...)\n", EnvEndpoint)
		os.Exit(m.Run())
	}
	srv = s
	ctx := context.Background()
	if err := srv.WaitReady(ctx, 60*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "conformance/minio:", err)
		os.Exit(2)
	}
	bucket = "apisig-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := srv.CreateBucket(ctx, bucket); err != nil {
		fmt.Fprintln(os.Stderr, "conformance/minio:", err)
		os.Exit(2)
	}
	code := m.Run()
	if err := srv.RemoveBucket(ctx, bucket); err != nil {
		fmt.Fprintln(os.Stderr, "conformance/minio: cleaning up:", err)
	}
	os.Exit(code)
}

// server returns the server under test, skipping the test when there is none.
func server(t testing.TB) *Server {
	t.Helper()
	if srv == nil {
		t.Skipf("%s is not set: no MinIO to test against (scripts/minio.sh starts one)", EnvEndpoint)
	}
	return srv
}
