#!/usr/bin/env bash
# The side-by-side benchmark (docs/benchmarks.md): Feedline over WebSocket and SSE, Node ws and
# Socket.IO, one after another on this machine, loaded by one generator
# (src/bench/js/side-by-side.mjs); it writes the table and the plot.
#
#   scripts/side-by-side.sh [--java JAVA_HOME]... [--keep] [generator options]
#
# It builds the node, starts it on the local profile on 127.0.0.1:$FEEDLINE_BENCH_PORT (9280) with
# the protective per-address and per-user limits raised for one generator and fresh data, runs the
# generator, and stops the node. With several --java the node runs once on each (Feedline's systems
# only after the first); the peers run once. Generator options (see its --help) follow, e.g.
#   scripts/side-by-side.sh --connections 2000 --seconds 5
# Results go to target/side-by-side/ unless --out says otherwise. The node's JVM options come from
# FEEDLINE_BENCH_JVM_ARGS (default -Xmx1400m, the heap the image gets under its 2 GiB limit).
set -euo pipefail
cd "$(dirname "$0")/.."

javas=()
keep=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --java) javas+=("$2"); shift 2 ;;
    --keep) keep=true; shift ;;
    *) break ;;
  esac
done
if [[ ${#javas[@]} -eq 0 ]]; then
  javas=("${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}")
fi
port=${FEEDLINE_BENCH_PORT:-9280}
server=feedline-bench
wlp=target/liberty/wlp
out=target/side-by-side
for ((i = 1; i <= $#; i++)); do
  [[ ${!i} == --out ]] && { j=$((i + 1)); out=${!j}; }
done

(cd src/bench/js && npm ci --no-audit --no-fund --silent)
mvn -q -B -DskipTests package liberty:create liberty:install-feature liberty:deploy -Dliberty.server=$server
$keep || rm -f "$out/results.json"

pid=
stop_node() {
  if [[ -n $pid ]]; then
    "$wlp/bin/server" stop $server >/dev/null || true
    pid=
  fi
}
trap stop_node EXIT

first=true
for java in "${javas[@]}"; do
  rm -rf "$wlp/usr/servers/$server/data" "$wlp/usr/servers/$server/logs"
  JAVA_HOME=$java HTTP_PORT=$port FEEDLINE_HTTP_HOST=127.0.0.1 \
    JVM_ARGS="${FEEDLINE_BENCH_JVM_ARGS:--Xmx1400m}" \
    FEEDLINE_LIMITS_POSTS_PER_MINUTE=100000000 \
    FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS=100000000 \
    FEEDLINE_STREAM_MAX_CONNECTIONS=20000 \
    "$wlp/bin/server" start $server >/dev/null
  pid=$(pgrep -f "ws-server.jar $server" | head -1)
  for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "The node did not get ready" >&2; exit 1; }
  systems=feedline-ws,feedline-sse
  $first && systems=$systems,ws,socketio
  node src/bench/js/side-by-side.mjs --systems "$systems" --feedline "http://127.0.0.1:$port" \
    --feedline-pid "$pid" --out "$out" "$@"
  stop_node
  first=false
done
