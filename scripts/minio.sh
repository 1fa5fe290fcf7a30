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
server_name=minio.sh
# shellcheck source=lib/server.sh
. "$root/scripts/lib/server.sh"

# Every RELEASE.* tag of github.com/minio/minio is refused by the module proxy (403); this
# pseudo-version installs (see ../shared PEERS.md). It is used only as a separate test process,
# never linked into apisig.
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
bin="${APISIG_CACHE:-$HOME/.cache/apisig}/minio/$MINIO_VERSION/minio"

server_install "$bin" "minio@$MINIO_VERSION" "github.com/minio/minio@$MINIO_VERSION" "cold build: ~5 min"
if [ "${1:-}" = install ]; then
  echo "$bin"
  exit 0
fi

# MinIO also listens on port+1000 for its console.
port="${APISIG_MINIO_PORT:-}"
[ -n "$port" ] || port=$(server_free_port 19000 19100 1000)

data=$(mktemp -d "${TMPDIR:-/tmp}/apisig-minio.XXXXXX")
export APISIG_MINIO_ENDPOINT="http://127.0.0.1:$port"
export APISIG_MINIO_ACCESS_KEY="apisig-minio"
export APISIG_MINIO_SECRET_KEY="apisig-minio-secret/+key"
export APISIG_MINIO_REGION="us-east-1"

server_start "$data" "$data.log" env MINIO_ROOT_USER="$APISIG_MINIO_ACCESS_KEY" MINIO_ROOT_PASSWORD="$APISIG_MINIO_SECRET_KEY" \
  MINIO_SITE_REGION="$APISIG_MINIO_REGION" MINIO_BROWSER=off MINIO_UPDATE=off \
  "$bin" server "$data" --quiet --address "127.0.0.1:$port" --console-address "127.0.0.1:$((port + 1000))"

# Wait with a signed ListBuckets until MinIO's IAM is up: curl's SigV4 when curl is there (no
# build needed), else apisig's own (conformance/minio/cmd/minioready). The tests' TestMain waits
# the same way again, with apisig.
ready() {
  if command -v curl >/dev/null; then
    server_curl_ready "$APISIG_MINIO_ENDPOINT" "$APISIG_MINIO_REGION" "$APISIG_MINIO_ACCESS_KEY" "$APISIG_MINIO_SECRET_KEY" \
      UNSIGNED-PAYLOAD 600
    return
  fi
  (cd "$root/conformance" && go run ./minio/cmd/minioready -timeout 60s)
}
server_wait MinIO ready
echo "minio.sh: MinIO $MINIO_VERSION ready at $APISIG_MINIO_ENDPOINT (pid $server_pid, data $data)" >&2

server_run_or_serve "$caller" APISIG_MINIO_ENDPOINT APISIG_MINIO_ACCESS_KEY APISIG_MINIO_SECRET_KEY APISIG_MINIO_REGION -- "$@"
