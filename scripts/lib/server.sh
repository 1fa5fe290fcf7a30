# shellcheck shell=bash
# Shared functions of scripts/minio.sh and scripts/versitygw.sh, which run a pinned S3 server
# for apisig's conformance tests: install it once with `go install`, find a free port, start it
# in the background and stop it (removing its data) on exit, wait until it answers a signed
# request, then run a command against it or serve until interrupted.
#
# Sourced, not run. The caller sets server_name (the script's name, for messages) first; the
# functions set server_pid, server_dir and server_log.

# server_install BIN LABEL PACKAGE@VERSION [NOTE]: go-installs PACKAGE@VERSION into BIN's
# directory unless BIN is already there. LABEL and NOTE are for the message.
server_install() {
  local bin=$1 label=$2 pkg=$3 note=${4:-} dir
  if [ -x "$bin" ]; then return 0; fi
  dir=$(dirname "$bin")
  mkdir -p "$dir"
  echo "$server_name: building $label into $dir${note:+ ($note)}" >&2
  (cd /tmp && GOFLAGS=-buildvcs=false GOBIN="$dir" go install "$pkg") >&2
}

# server_port_open PORT: whether something listens on 127.0.0.1:PORT.
server_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# server_free_port FIRST LAST [ALSO]: prints the first port in FIRST..LAST on which nothing
# listens (nor on port+ALSO, when the server needs a second port there).
server_free_port() {
  local first=$1 last=$2 also=${3:-} p
  for p in $(seq "$first" "$last"); do
    server_port_open "$p" && continue
    if [ -n "$also" ] && server_port_open "$((p + also))"; then continue; fi
    echo "$p"
    return 0
  done
  echo "$server_name: no free port in $first-$last" >&2
  return 1
}

# server_start DIR LOG CMD [ARGS...]: runs CMD in the background with its output in LOG, and
# sets the traps that stop it and remove DIR and LOG when the script exits. Use `env VAR=value
# BIN ...` to give CMD its environment, so that server_pid is the server's own.
server_start() {
  server_dir=$1 server_log=$2
  shift 2
  "$@" >"$server_log" 2>&1 &
  server_pid=$!
  trap server_stop EXIT
  trap 'exit 130' INT TERM
}

# server_stop stops the server (TERM, then KILL after 5 s) and removes its data and log.
server_stop() {
  if [ -n "${server_pid:-}" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "${server_dir:?}" "${server_log:?}"
}

# server_curl_ready ENDPOINT REGION ACCESS SECRET CONTENT_SHA256 TRIES: sends a ListBuckets
# signed by curl's SigV4 every 0.1 s until it answers 200 (status 0), or the server exits or
# TRIES run out (status 1).
server_curl_ready() {
  local endpoint=$1 region=$2 access=$3 secret=$4 sha=$5 tries=$6 code
  for _ in $(seq "$tries"); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$region:s3" \
      --user "$access:$secret" -H "X-Amz-Content-Sha256: $sha" "$endpoint/" || true)
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# server_port_ready PORT TRIES: waits every 0.1 s until the server listens on PORT (status 0),
# or exits or TRIES run out (status 1).
server_port_ready() {
  local port=$1 tries=$2
  for _ in $(seq "$tries"); do
    kill -0 "$server_pid" 2>/dev/null || return 1
    server_port_open "$port" && return 0
    sleep 0.1
  done
  return 1
}

# server_wait LABEL CMD [ARGS...]: runs the readiness check CMD; when it fails, prints the
# tail of the server's log and exits 1.
server_wait() {
  local label=$1
  shift
  if ! "$@"; then
    echo "$server_name: $label did not become ready; its log:" >&2
    tail -n 40 "$server_log" >&2 || true
    exit 1
  fi
}

# server_run_or_serve CALLER VAR... -- [CMD [ARGS...]]: with a CMD, runs it in the directory
# CALLER and exits with its status (stopping the server); without, prints VAR=value for each
# VAR and serves until interrupted or the server exits.
server_run_or_serve() {
  local caller=$1 vars=() v rc
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    vars+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  if [ $# -gt 0 ]; then
    set +e
    (cd "$caller" && "$@")
    rc=$?
    set -e
    exit $rc
  fi
  for v in "${vars[@]}"; do echo "$v=${!v}"; done
  echo "$server_name: serving until interrupted" >&2
  # wait returns at once when INT/TERM arrive, so the traps run without delay.
  wait "$server_pid"
}
