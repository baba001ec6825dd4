#!/usr/bin/env bash
# Runs several Feedline nodes on this machine against one PostgreSQL and one Redis, like replicas
# behind a load balancer. Each node is its own Liberty server in target/liberty (ports 9081, 9082,
# ...); they share the store, the bus, and the local profile's token key, so a token minted on one
# node works on all.
#
#   scripts/cluster.sh start [N]   build if needed, start N nodes (default 2), wait until ready
#   scripts/cluster.sh stop        stop them (SIGTERM: each drains its streams first)
#
# Settings (environment): FEEDLINE_STORE_URL (default: PostgreSQL on 127.0.0.1:5432, database
# test), FEEDLINE_STORE_USER (postgres), FEEDLINE_BUS_REDIS_URL (redis://127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."
wlp=target/liberty/wlp
servers=$wlp/usr/servers
shared=target/cluster
count=${2:-2}

export FEEDLINE_STORE_URL=${FEEDLINE_STORE_URL:-jdbc:postgresql://127.0.0.1:5432/test}
export FEEDLINE_STORE_USER=${FEEDLINE_STORE_USER:-postgres}
export FEEDLINE_BUS_REDIS_URL=${FEEDLINE_BUS_REDIS_URL:-redis://127.0.0.1:6379}
export FEEDLINE_DATA_DIR=$PWD/$shared

start() {
  if [ ! -f target/feedline.war ] || [ ! -d "$servers/feedline/jdbc" ]; then
    mvn -q -DskipTests package liberty:create
  fi
  mkdir -p "$shared"
  for i in $(seq 1 "$count"); do
    name=node$i
    port=$((9080 + i))
    if [ ! -d "$servers/$name" ]; then
      "$wlp/bin/server" create "$name" >/dev/null
    fi
    cp liberty-config/server.xml "$servers/$name/"
    mkdir -p "$servers/$name/jdbc" "$servers/$name/dropins" "$servers/$name/configDropins/overrides"
    cp "$servers/feedline/jdbc/"*.jar "$servers/$name/jdbc/"
    cp target/feedline.war "$servers/$name/dropins/"
    printf '<server>\n  <variable name="http.port" value="%s"/>\n</server>\n' "$port" \
      > "$servers/$name/configDropins/overrides/node.xml"
    "$wlp/bin/server" start "$name" >/dev/null
    # One at a time: the first node makes the shared token key, the others read it.
    for _ in $(seq 1 90); do
      if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
        echo "$name ready on http://127.0.0.1:$port"
        continue 2
      fi
      sleep 1
    done
    echo "$name did not become ready; see $servers/$name/logs/messages.log" >&2
    exit 1
  done
}

stop() {
  for dir in "$servers"/node*; do
    [ -d "$dir" ] || continue
    name=$(basename "$dir")
    pid_file=$servers/.pid/$name.pid
    if [ -f "$pid_file" ]; then
      kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
      echo "$name: draining and stopping"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start [N] | stop" >&2; exit 2 ;;
esac
