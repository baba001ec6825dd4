#!/usr/bin/env bash
# The data-scale benchmark (docs/benchmarks.md): Feedline on PostgreSQL with a large data set,
# beside pgbench's ceiling for the same work in the same run.
#
#   scripts/scale-bench.sh [--posts N] [--reuse] [--pgbench-seconds N] [ScaleLoad options]
#
# 1. Makes the database $FEEDLINE_SCALE_DB (feedline_scale_N) on the PostgreSQL that PGHOST, PGPORT
#    and PGUSER name (127.0.0.1, 5432, postgres): starts the packaged node once so Flyway makes the
#    schema, then seeds it inside PostgreSQL with scripts/scale-seed.sql (generate_series: N posts,
#    default 1,000,000). --reuse keeps a database already seeded with N posts (and whatever
#    earlier runs posted) instead.
# 2. Starts the node on the local profile against it on 127.0.0.1:$FEEDLINE_BENCH_PORT (9280),
#    posting limit raised, and runs ScaleLoad (src/load/java): posts/s and likes/s with 16
#    writers, home pages per kind of person one at a time and 8 at a time, other pages, unread
#    counts.
# 3. Stops the node and runs pgbench, 16 clients, with a transaction shaped like a post (insert the
#    post, bump the one-row event counter, insert the event, commit: a round trip each), the same
#    with the bump, the event and the commit in one round trip (as Feedline sends them), and the
#    same without the counter, then prints Feedline's posts/s beside them. pgbench's rows are
#    deleted again.
# Output goes to target/scale-bench/ (one file per run) and to the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."

posts=1000000
reuse=false
pgbench_seconds=20
load_options=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --posts) posts=$2; shift 2 ;;
    --reuse) reuse=true; shift ;;
    --pgbench-seconds) pgbench_seconds=$2; shift 2 ;;
    --allow-remote | --show-slowest) load_options+=("$1"); shift ;;
    *) load_options+=("$1" "$2"); shift 2 ;;
  esac
done
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db=${FEEDLINE_SCALE_DB:-feedline_scale_$posts}
port=${FEEDLINE_BENCH_PORT:-9280}
server=feedline-scale
wlp=target/liberty/wlp
out=target/scale-bench
mkdir -p "$out"
log="$out/posts-$posts-$(date -u +%Y%m%dT%H%M%SZ).txt"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

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
start_node() {
  rm -rf "$wlp/usr/servers/$server/logs"
  HTTP_PORT=$port FEEDLINE_HTTP_HOST=127.0.0.1 \
    JVM_ARGS="${FEEDLINE_BENCH_JVM_ARGS:--Xmx1400m}" \
    FEEDLINE_STORE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" FEEDLINE_STORE_USER="$PGUSER" \
    FEEDLINE_LIMITS_POSTS_PER_MINUTE=100000000 \
    "$wlp/bin/server" start $server >/dev/null
  running=true
  for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && return
    sleep 1
  done
  echo "The node did not get ready; see $wlp/usr/servers/$server/logs" >&2
  exit 1
}

seeded=$(psql -d postgres -Atc "select shobj_description(oid, 'pg_database') from pg_database
  where datname = '$db'")
if $reuse && [[ $seeded == "scale-seed posts=$posts" ]]; then
  echo "Reusing $db, seeded with $posts posts"
else
  psql -d postgres -c "drop database if exists $db" -c "create database $db"
  start_node # Flyway makes the schema
  stop_node
  echo "Seeding $posts posts..."
  start=$(date +%s)
  psql -d "$db" -v posts="$posts" -v history=100000 -f scripts/scale-seed.sql >/dev/null
  psql -d "$db" -c "comment on database $db is 'scale-seed posts=$posts'"
  echo "Seeded in $(($(date +%s) - start)) s"
fi

{
  echo "# Data-scale benchmark, $posts seeded posts, $(date -u +%FT%TZ)"
  echo "# machine: $(nproc) cores; $(uptime)"
  echo "# $(psql -d "$db" -Atc "select version()")"
  psql -d "$db" -Atc "select '# database ' || pg_size_pretty(pg_database_size(current_database()))
    || ', posts ' || (select count(*) from posts) || ', follows ' || (select count(*) from follows)
    || ', post_tags ' || (select count(*) from post_tags) || ', events '
    || (select count(*) from events)"
} | tee "$log"

start_node
java src/load/java/dev/feedline/load/ScaleLoad.java --url "http://127.0.0.1:$port/" \
  --posts "$posts" "${load_options[@]}" | tee -a "$log"
stop_node

# pgbench's ceiling: the database alone doing a post's writes, 16 clients, no node running.
tmp=$(mktemp -d)
trap 'stop_node; rm -rf "$tmp"' EXIT
cat >"$tmp/counter.sql" <<'EOF'
begin;
insert into posts (author, text, tags, explicit_tags, created_at, likes)
  values ('pgbench', 'pgbench post', '', '', now(), 0) returning id as post_id \gset
update event_counter set last_id = last_id + 1 where id = 1 returning last_id as event_id \gset
insert into events (id, type, post_id, actor, tags, data, created_at)
  values (:event_id, 'post.created', :post_id, 'pgbench', '', '{}', now());
end;
EOF
# The counter as Feedline now uses it: bump, event and commit in one round trip (a pipeline).
cat >"$tmp/counter-one-trip.sql" <<'EOF'
begin;
insert into posts (author, text, tags, explicit_tags, created_at, likes)
  values ('pgbench', 'pgbench post', '', '', now(), 0) returning id as post_id \gset
\startpipeline
with c as (update event_counter set last_id = last_id + 1 where id = 1 returning last_id)
  insert into events (id, type, post_id, actor, tags, data, created_at)
  select last_id, 'post.created', :post_id, 'pgbench', '', '{}', now() from c;
end;
\endpipeline
EOF
sed -e '/event_counter/d' -e '/pipeline/d' \
  -e "s/values (:event_id,/values (nextval('scale_bench_events'),/" \
  "$tmp/counter.sql" >"$tmp/no-counter.sql"
psql -d "$db" -c "create sequence if not exists scale_bench_events start 1000000000000000"
tps() {
  pgbench -n -M extended -c 16 -j 2 -T "$pgbench_seconds" -f "$1" "$db" 2>&1 |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}
with_counter=$(tps "$tmp/counter.sql")
one_trip=$(tps "$tmp/counter-one-trip.sql")
without_counter=$(tps "$tmp/no-counter.sql")
# Vacuumed at once, so that a run with --reuse does not wade through their dead index entries.
psql -d "$db" -c "delete from events where actor = 'pgbench'" \
  -c "delete from posts where author = 'pgbench'" -c "drop sequence scale_bench_events" \
  -c "vacuum analyze posts, events"
feedline=$(sed -n 's/^posts\/s *\([0-9.]*\).*/\1/p' "$log")
{
  printf '%-28s %9.1f  (16 clients, %s s)\n' "pgbench counter tps" "$with_counter" "$pgbench_seconds"
  printf '%-28s %9.1f  (16 clients, %s s)\n' "pgbench counter 1-trip tps" "$one_trip" \
    "$pgbench_seconds"
  printf '%-28s %9.1f  (16 clients, %s s)\n' "pgbench no-counter tps" "$without_counter" \
    "$pgbench_seconds"
  awk -v f="$feedline" -v p="$with_counter" -v o="$one_trip" -v q="$without_counter" 'BEGIN {
    printf "Feedline posts/s is %.0f%% of pgbench with the counter, %.0f%% of it in one trip,",
      100 * f / p, 100 * f / o
    printf " %.0f%% of it without the counter\n", 100 * f / q }'
} | tee -a "$log"
echo "Written to $log"
