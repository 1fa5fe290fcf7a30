// Package minio proves apisig against a real S3 server: a MinIO process started by
// scripts/minio.sh (pinned pseudo-version, built with `go install`, run on 127.0.0.1 with its
// own temporary data directory), with apisig as the only client.
//
// The tests read the server from the environment, as scripts/minio.sh sets it:
//
//	APISIG_MINIO_ENDPOINT    http://127.0.0.1:PORT
//	APISIG_MINIO_ACCESS_KEY  root user
//	APISIG_MINIO_SECRET_KEY  root password
//	APISIG_MINIO_REGION      the site region (MINIO_SITE_REGION), e.g. us-east-1
//
// and skip, saying so, when APISIG_MINIO_ENDPOINT is unset, so `go test ./...` passes without
// a server. Run them with
//
//	scripts/minio.sh go test ./minio/...        (from conformance/)
//
// What is checked: header-signed (SigV4) PUT, GET, HEAD, DELETE and list with awkward object
// keys; presigned GET and PUT; SigV2 header and presigned requests; and that every wrong
// signature is rejected by MinIO and by apisig's own verifier with the same S3 error code.
// Where MinIO and AWS's published behaviour differ, the test says so and follows AWS.
//
// The helpers in server.go (Server, FromEnv, Do, ObjectURL) are shared by every test file of
// the package; MinIO is never linked, only spoken to over HTTP.
package minio
