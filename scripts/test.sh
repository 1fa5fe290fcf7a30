#!/usr/bin/env bash
# Runs every check and test of apisig: formatting, vet, staticcheck, the root module's tests
# (with the race detector), the main job end to end, and the conformance module's differential
# tests against the official SDKs. It installs what it needs through the Go module proxy.
# Usage: scripts/test.sh            (everything)
#        QUICK=1 scripts/test.sh    (skip the race detector, the conformance module and MinIO)
#        NO_MINIO=1 scripts/test.sh (skip only the MinIO server tests)
#        NO_VERSITYGW=1 scripts/test.sh (skip only the versitygw server tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
GOFLAGS="${GOFLAGS:-} -buildvcs=false"; export GOFLAGS

step() { printf '\n== %s\n' "$*"; }

step "tools"
if ! command -v staticcheck >/dev/null || ! staticcheck -version | grep -q '0.8.2'; then
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi

# curl is the oracle for the CLI's curl-compatible request building; install it where we can.
if ! command -v curl >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq curl >/dev/null) || echo "curl not installed: the curl-oracle tests will skip"
fi

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

step "go vet + staticcheck (root module)"
go vet ./...
staticcheck ./...

step "go test (root module)"
if [ -n "${QUICK:-}" ]; then go test ./...; else
  go test -race ./...
  # Allocation guards skip under -race (its instrumentation allocates): run them plainly.
  go test -count=1 -run 'Alloc' ./...
fi

step "main job: apisig demo"
go run ./cmd/apisig demo >/tmp/apisig-demo.out 2>&1 || { cat /tmp/apisig-demo.out; exit 1; }
tail -n 1 /tmp/apisig-demo.out

if [ -d conformance ] && [ -z "${QUICK:-}" ]; then
  step "conformance module: vet, differential tests, benchmarks (1 iteration each)"
  (cd conformance && go vet ./... && staticcheck ./... && go test ./... && go test -run '^$' -bench . -benchtime 1x ./... >/dev/null)
fi
if [ -d conformance/minio ] && [ -z "${QUICK:-}" ] && [ -z "${NO_MINIO:-}" ]; then
  # A real S3 server: scripts/minio.sh builds the pinned MinIO once (~5 min cold, cached after),
  # runs it on 127.0.0.1 with a temporary data dir, and stops it when the tests end.
  step "real S3 server: MinIO conformance (NO_MINIO=1 skips)"
  scripts/minio.sh sh -c 'go test -count=1 -run "TestScripts/minio" ./cmd/apisig && cd conformance && go test -count=1 ./minio/...'
fi
if [ -d conformance/versitygw ] && [ -z "${QUICK:-}" ] && [ -z "${NO_VERSITYGW:-}" ]; then
  # A second S3 server, whose SignatureDoesNotMatch carries its canonical request and string to
  # sign as AWS S3's does: the real-server proof of apisig diagnose. Built once (~2 min cold).
  step "real S3 server: versitygw diagnose proof (NO_VERSITYGW=1 skips)"
  (cd conformance && ../scripts/versitygw.sh go test -count=1 ./versitygw/...)
fi
step "all checks passed"
