#!/usr/bin/env bash
# The Web Push benchmark (docs/benchmarks.md): the packaged node on its local profile against
# PostgreSQL (PGHOST, PGPORT, PGUSER: 127.0.0.1, 5432, postgres; a fresh database feedline_push)
# sends pushes to a receiver on 127.0.0.1 that PushLoad (src/load/java) runs: 10,000 subscriptions,
# one notification for each person (20 devices each), pushes per second from the first to the last;
# then the same with one more device whose push service never answers.
#
#   scripts/push-bench.sh [--subscriptions N]
#
# Output goes to target/push-bench/ and to the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."

subscriptions=10000
while [[ $# -gt 0 ]]; do
  case $1 in
    --subscriptions) subscriptions=$2; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db=feedline_push
port=${FEEDLINE_BENCH_PORT:-9280}
server=feedline-push
wlp=target/liberty/wlp
out=target/push-bench
mkdir -p "$out"
log="$out/push-$(date -u +%Y%m%dT%H%M%SZ).txt"

mvn -q -B -DskipTests package liberty:create liberty:install-feature liberty:deploy \
  -Dliberty.server=$server

running=false
stop_node() {
  if $running; then
    "$wlp/bin/server" stop $server >/dev/null || true
    running=false
  fi
}
trap stop_node EXIT

psql -X -q -d postgres -c "drop database if exists $db" -c "create database $db"
rm -rf "$wlp/usr/servers/$server/logs" "$wlp/usr/servers/$server/data"
HTTP_PORT=$port FEEDLINE_HTTP_HOST=127.0.0.1 JVM_ARGS="-Xmx1400m" \
  FEEDLINE_STORE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" FEEDLINE_STORE_USER="$PGUSER" \
  "$wlp/bin/server" start $server >/dev/null
running=true
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break
  sleep 1
done
{
  echo "# Web Push benchmark, $subscriptions subscriptions, $(date -u +%FT%TZ)"
  echo "# machine: $(nproc) cores; $(uptime)"
  for silent in 0 1; do
    java src/load/java/dev/feedline/load/PushLoad.java --url "http://127.0.0.1:$port/" \
      --subscriptions "$subscriptions" --silent $silent
  done
  curl -s "http://127.0.0.1:$port/metrics" | grep -E '^feedline_push' || true
} 2>&1 | tee "$log"
