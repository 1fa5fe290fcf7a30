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
server_name=versitygw.sh
# shellcheck source=lib/server.sh
. "$PWD/scripts/lib/server.sh"

VERSITYGW_VERSION="${VERSITYGW_VERSION:-v1.8.0}"
bin="${APISIG_CACHE:-$HOME/.cache/apisig}/versitygw/$VERSITYGW_VERSION/versitygw"

server_install "$bin" "versitygw@$VERSITYGW_VERSION" "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
if [ "${1:-}" = install ]; then
  echo "$bin"
  exit 0
fi

port="${APISIG_VERSITYGW_PORT:-}"
[ -n "$port" ] || port=$(server_free_port 17070 17170)

dir=$(mktemp -d "${TMPDIR:-/tmp}/apisig-versitygw.XXXXXX")
export APISIG_VERSITYGW_ENDPOINT="http://127.0.0.1:$port"
# The ROOT keys of ../shared PEERS.md.
export APISIG_VERSITYGW_ACCESS_KEY="vgwadmin"
export APISIG_VERSITYGW_SECRET_KEY="vgwsecret1234"
export APISIG_VERSITYGW_REGION="us-east-1"

server_start "$dir" "$dir.log" env ROOT_ACCESS_KEY="$APISIG_VERSITYGW_ACCESS_KEY" ROOT_SECRET_KEY="$APISIG_VERSITYGW_SECRET_KEY" \
  "$bin" --port "127.0.0.1:$port" --region "$APISIG_VERSITYGW_REGION" --quiet posix "$dir"

# Wait with a signed ListBuckets (curl's SigV4; versitygw wants x-amz-content-sha256 on every
# request). Without curl, wait for the port; the tests' TestMain waits again with apisig.
ready() {
  if command -v curl >/dev/null; then
    server_curl_ready "$APISIG_VERSITYGW_ENDPOINT" "$APISIG_VERSITYGW_REGION" "$APISIG_VERSITYGW_ACCESS_KEY" \
      "$APISIG_VERSITYGW_SECRET_KEY" e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 300
    return
  fi
  server_port_ready "$port" 300
}
server_wait versitygw ready
echo "versitygw.sh: versitygw $VERSITYGW_VERSION ready at $APISIG_VERSITYGW_ENDPOINT (pid $server_pid, dir $dir)" >&2

server_run_or_serve "$caller" APISIG_VERSITYGW_ENDPOINT APISIG_VERSITYGW_ACCESS_KEY APISIG_VERSITYGW_SECRET_KEY \
  APISIG_VERSITYGW_REGION -- "$@"
