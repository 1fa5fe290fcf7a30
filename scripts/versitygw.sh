#!/usr/bin/env bash
# Runs a real versitygw S3 gateway for apisig's diagnose proof (conformance/versitygw).
#
# versitygw answers SignatureDoesNotMatch with the canonical request and string to sign it
# computed (as AWS S3 does), which is what `apisig diagnose` diffs against. This script installs
# the pinned versitygw with `go install` into a cache directory (skipping the build when that
# binary is already there; a cold build takes ~2-10 min), starts it on 127.0.0.1 with its own
# temporary posix directory, waits until a SIGNED request succeeds, prints the endpoint, and
# stops the server and removes its directory when it exits.
#
# Usage:
#   scripts/versitygw.sh install           build (or find) the pinned binary and print its path
#   scripts/versitygw.sh CMD [ARGS...]     start versitygw, run CMD (in the current directory)
#                                          with the APISIG_VERSITYGW_* variables set, stop it;
#                                          exits with CMD's status
#   scripts/versitygw.sh                   start versitygw, print the variables, serve until
#                                          Ctrl-C
#
# Environment read: APISIG_CACHE (default ~/.cache/apisig), VERSITYGW_VERSION (default the pin
# below), APISIG_VERSITYGW_PORT (default: a free port from 17070).
# Environment set for CMD: APISIG_VERSITYGW_ENDPOINT (http://127.0.0.1:PORT),
# APISIG_VERSITYGW_ACCESS_KEY, APISIG_VERSITYGW_SECRET_KEY, APISIG_VERSITYGW_REGION.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."

VERSITYGW_VERSION="${VERSITYGW_VERSION:-v1.8.0}"
cache="${APISIG_CACHE:-$HOME/.cache/apisig}/versitygw/$VERSITYGW_VERSION"
bin="$cache/versitygw"

install_versitygw() {
  if [ -x "$bin" ]; then return; fi
  mkdir -p "$cache"
  echo "versitygw.sh: building versitygw@$VERSITYGW_VERSION into $cache" >&2
  (cd /tmp && GOFLAGS=-buildvcs=false GOBIN="$cache" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION") >&2
}

if [ "${1:-}" = install ]; then
  install_versitygw
  echo "$bin"
  exit 0
fi

install_versitygw

port="${APISIG_VERSITYGW_PORT:-}"
if [ -z "$port" ]; then
  for p in $(seq 17070 17170); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      port=$p
      break
    fi
  done
  [ -n "$port" ] || { echo "versitygw.sh: no free port in 17070-17170" >&2; exit 1; }
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/apisig-versitygw.XXXXXX")
log="$dir.log"
export APISIG_VERSITYGW_ENDPOINT="http://127.0.0.1:$port"
# The ROOT keys of ../shared PEERS.md.
export APISIG_VERSITYGW_ACCESS_KEY="vgwadmin"
export APISIG_VERSITYGW_SECRET_KEY="vgwsecret1234"
export APISIG_VERSITYGW_REGION="us-east-1"

ROOT_ACCESS_KEY="$APISIG_VERSITYGW_ACCESS_KEY" ROOT_SECRET_KEY="$APISIG_VERSITYGW_SECRET_KEY" \
  "$bin" --port "127.0.0.1:$port" --region "$APISIG_VERSITYGW_REGION" --quiet posix "$dir" >"$log" 2>&1 &
pid=$!

stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir" "$log"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Wait with a signed ListBuckets (curl's SigV4; versitygw wants x-amz-content-sha256 on every
# request). Without curl, wait for the port; the tests' TestMain waits again with apisig.
ready() {
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || return 1
    if command -v curl >/dev/null; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$APISIG_VERSITYGW_REGION:s3" \
        --user "$APISIG_VERSITYGW_ACCESS_KEY:$APISIG_VERSITYGW_SECRET_KEY" \
        -H "X-Amz-Content-Sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
        "$APISIG_VERSITYGW_ENDPOINT/" || true)
      [ "$code" = 200 ] && return 0
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}
if ! ready; then
  echo "versitygw.sh: versitygw did not become ready; its log:" >&2
  tail -n 40 "$log" >&2 || true
  exit 1
fi
echo "versitygw.sh: versitygw $VERSITYGW_VERSION ready at $APISIG_VERSITYGW_ENDPOINT (pid $pid, dir $dir)" >&2

if [ $# -gt 0 ]; then
  set +e
  (cd "$caller" && "$@")
  rc=$?
  set -e
  exit $rc
fi
cat <<EOF
APISIG_VERSITYGW_ENDPOINT=$APISIG_VERSITYGW_ENDPOINT
APISIG_VERSITYGW_ACCESS_KEY=$APISIG_VERSITYGW_ACCESS_KEY
APISIG_VERSITYGW_SECRET_KEY=$APISIG_VERSITYGW_SECRET_KEY
APISIG_VERSITYGW_REGION=$APISIG_VERSITYGW_REGION
EOF
echo "versitygw.sh: serving until interrupted" >&2
# Sleep in the background and wait, so that INT/TERM run the traps at once.
sleep infinity &
wait $!
