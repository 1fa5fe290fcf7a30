// Command minioready waits until the MinIO server named by APISIG_MINIO_ENDPOINT (and the
// credentials in APISIG_MINIO_ACCESS_KEY / APISIG_MINIO_SECRET_KEY) answers a SigV4-signed
// ListBuckets with 200. scripts/minio.sh runs it after starting the server.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/apisig/apisig/conformance/minio"
)

func main() {
	timeout := flag.Duration("timeout", time.Minute, "how long to wait")
	flag.Parse()
	srv, err := minio.FromEnv()
	if err == nil && srv == nil {
		err = fmt.Errorf("%s is not set", minio.EnvEndpoint)
	}
	if err == nil {
		err = srv.WaitReady(context.Background(), *timeout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "minioready:", err)
		os.Exit(1)
	}
}
