#!/usr/bin/env bash
# Runs a real MinIO server for apisig's conformance tests (conformance/minio).
#
# It installs the pinned MinIO with `go install` into a cache directory (skipping the build when
# that binary is already there; a cold build takes ~5 min and ~1.5 GB of memory), starts it on
# 127.0.0.1 with its own temporary data directory, waits until a request SIGNED by apisig
# succeeds (MinIO answers 503 XMinioIAMNotInitialized for a moment after /minio/health/ready is
# 200), prints the endpoint, and stops the server and removes its data when it exits.
#
# Usage:
#   scripts/minio.sh install           build (or find) the pinned binary and print its path
#   scripts/minio.sh CMD [ARGS...]     start MinIO, run CMD (in the current directory) with the
#                                      APISIG_MINIO_* variables set, stop MinIO; exits with
#                                      CMD's status
#   scripts/minio.sh                   start MinIO, print the variables, serve until Ctrl-C
#
# Environment read: APISIG_CACHE (default ~/.cache/apisig), MINIO_VERSION (default the pin
# below), APISIG_MINIO_PORT (default: a free port from 19000).
# Environment set for CMD: APISIG_MINIO_ENDPOINT (http://127.0.0.1:PORT), APISIG_MINIO_ACCESS_KEY,
# APISIG_MINIO_SECRET_KEY, APISIG_MINIO_REGION.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
root=$PWD

# Every RELEASE.* tag of github.com/minio/minio is refused by the module proxy (403); this
# pseudo-version installs (see ../shared PEERS.md). It is used only as a separate test process,
# never linked into apisig.
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
cache="${APISIG_CACHE:-$HOME/.cache/apisig}/minio/$MINIO_VERSION"
bin="$cache/minio"

install_minio() {
  if [ -x "$bin" ]; then return; fi
  mkdir -p "$cache"
  echo "minio.sh: building minio@$MINIO_VERSION into $cache (cold build: ~5 min)" >&2
  (cd /tmp && GOFLAGS=-buildvcs=false GOBIN="$cache" go install "github.com/minio/minio@$MINIO_VERSION") >&2
}

if [ "${1:-}" = install ]; then
  install_minio
  echo "$bin"
  exit 0
fi

install_minio

port="${APISIG_MINIO_PORT:-}"
if [ -z "$port" ]; then
  for p in $(seq 19000 19100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 1000))") 2>/dev/null; then
      port=$p
      break
    fi
  done
  [ -n "$port" ] || { echo "minio.sh: no free port in 19000-19100" >&2; exit 1; }
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/apisig-minio.XXXXXX")
log="$data.log"
export APISIG_MINIO_ENDPOINT="http://127.0.0.1:$port"
export APISIG_MINIO_ACCESS_KEY="apisig-minio"
export APISIG_MINIO_SECRET_KEY="apisig-minio-secret/+key"
export APISIG_MINIO_REGION="us-east-1"

MINIO_ROOT_USER="$APISIG_MINIO_ACCESS_KEY" MINIO_ROOT_PASSWORD="$APISIG_MINIO_SECRET_KEY" \
  MINIO_SITE_REGION="$APISIG_MINIO_REGION" MINIO_BROWSER=off MINIO_UPDATE=off \
  "$bin" server "$data" --quiet --address "127.0.0.1:$port" --console-address "127.0.0.1:$((port + 1000))" \
  >"$log" 2>&1 &
pid=$!

stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$data" "$log"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Wait with a signed ListBuckets until MinIO's IAM is up: curl's SigV4 when curl is there (no
# build needed), else apisig's own (conformance/minio/cmd/minioready). The tests' TestMain waits
# the same way again, with apisig.
ready() {
  if command -v curl >/dev/null; then
    for _ in $(seq 600); do
      code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$APISIG_MINIO_REGION:s3" \
        --user "$APISIG_MINIO_ACCESS_KEY:$APISIG_MINIO_SECRET_KEY" -H "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD" \
        "$APISIG_MINIO_ENDPOINT/" || true)
      [ "$code" = 200 ] && return 0
      kill -0 "$pid" 2>/dev/null || return 1
      sleep 0.1
    done
    return 1
  fi
  (cd "$root/conformance" && go run ./minio/cmd/minioready -timeout 60s)
}
if ! ready; then
  echo "minio.sh: MinIO did not become ready; its log:" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
fi
echo "minio.sh: MinIO $MINIO_VERSION ready at $APISIG_MINIO_ENDPOINT (pid $pid, data $data)" >&2

if [ $# -gt 0 ]; then
  set +e
  (cd "$caller" && "$@")
  rc=$?
  set -e
  exit $rc
fi
cat <<EOF
APISIG_MINIO_ENDPOINT=$APISIG_MINIO_ENDPOINT
APISIG_MINIO_ACCESS_KEY=$APISIG_MINIO_ACCESS_KEY
APISIG_MINIO_SECRET_KEY=$APISIG_MINIO_SECRET_KEY
APISIG_MINIO_REGION=$APISIG_MINIO_REGION
EOF
echo "minio.sh: serving until interrupted" >&2
wait "$pid"
