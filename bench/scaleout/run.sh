#!/usr/bin/env bash
# Scale-out bench (issue 18): 1, 2 and 4 `wirecrawl crawl` processes on one
# PostgreSQL database crawl a latency-bound web (latency_site.py: HOSTS
# hosts on loopback, every answer after LATENCY s). Each process may have
# only CONCURRENCY transfers in flight, so one process alone is bound by
# latency, not CPU: the speed-up with more processes measures how well they
# share the frontier (host leases), not this 2-core machine.
#
# Usage: bench/scaleout/run.sh
#   WIRECRAWL=path   the binary (default: build the release preset)
#   HOSTS=48 ARTICLES=30 LATENCY=0.1 CONCURRENCY=4 PROCS="1 2 4"
#   INGEST_PAGES=600 pages saved for the cost-per-article comparison
#                    (`wirecrawl ingest -j 1` into SQLite and into PostgreSQL)
#   KEEP_TMP=1
#
# Prints per run: processes, wall s, pages fetched, pages/s, speed-up over 1
# process, articles stored, transactions and hosts-row updates (lease
# round-trips) per fetched page (pg_stat_database, pg_stat_user_tables);
# then the ingest cost per article on each backend.
set -euo pipefail
cd "$(dirname "$0")/../.."
hosts=${HOSTS:-48}
articles=${ARTICLES:-30}
latency=${LATENCY:-0.1}
conc=${CONCURRENCY:-4}
procs=${PROCS:-1 2 4}
ingest_pages=${INGEST_PAGES:-600}
pgbin=/usr/lib/postgresql/15/bin

if [[ -n ${WIRECRAWL:-} ]]; then
  bin=$WIRECRAWL
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target wirecrawl >/dev/null
  bin=$PWD/build/release/wirecrawl
fi

tmp=$(mktemp -d /tmp/wirecrawl-scaleout-XXXXXX)
chmod 755 "$tmp"  # the server user (nobody, under root) reaches its data directory through it
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $tmp/pg/data/postmaster.pid ]] && as_pg "$pgbin/pg_ctl" -D "$tmp/pg/data" -m fast stop >/dev/null 2>&1 || true
  [[ -n ${KEEP_TMP:-} ]] || rm -rf "$tmp"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: then it runs as nobody.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
mkdir -p "$tmp/pg"
[[ $(id -u) -eq 0 ]] && chown nobody:nogroup "$tmp/pg"
pgport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$tmp/pg/data" -U wirecrawl --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w -o "-p $pgport -k $tmp/pg -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
psql() { /usr/bin/psql -X -q -t -A "postgresql://wirecrawl@127.0.0.1:$pgport/${1}" -c "$2"; }

/usr/bin/python3 bench/scaleout/latency_site.py --latency "$latency" --articles "$articles" >"$tmp/site.port" &
pids+=($!)
for _ in $(seq 50); do [[ -s $tmp/site.port ]] && break; sleep 0.1; done
port=$(head -1 "$tmp/site.port")

connect=()
seeds=""
for ((h = 0; h < hosts; h++)); do
  connect+=(--connect-to "host$h.test:80:127.0.0.1:$port")
  seeds+="\"http://host$h.test/\", "
done
cat >"$tmp/crawl.toml" <<TOML
[sources]
seeds = [${seeds%, }]
[scope]
max_pages = 100000
[politeness]
min_delay = 0
connections_per_host = 1
global_concurrency = $conc
[network]
allow = ["127.0.0.1/32"]
[performance]
workers = 1
[cluster]
host_lease = "10s"
TOML

echo "scale-out bench: $hosts hosts x $((articles + 1)) pages, ${latency}s per answer, $conc transfers per process"
printf '%-9s %7s %7s %8s %8s %9s %10s %12s\n' processes wall_s pages pages/s speedup articles xacts/page hostupd/page
base=""
for n in $procs; do
  db=scale_$n
  psql postgres "CREATE DATABASE $db" >/dev/null
  uri="postgresql://wirecrawl@127.0.0.1:$pgport/$db"
  x0=$(psql postgres "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'")
  start=$(date +%s.%N)
  worker_pids=()
  for ((i = 0; i < n; i++)); do
    "$bin" crawl --json --no-progress -q --config "$tmp/crawl.toml" --db "$uri" "${connect[@]}" >"$tmp/out.$n.$i" 2>&1 &
    worker_pids+=($!)
  done
  for p in "${worker_pids[@]}"; do wait "$p" || echo "worker $p exited $?"; done
  end=$(date +%s.%N)
  sleep 0.6  # statistics reach the views after the backends exit
  pages=$(psql "$db" "SELECT count(*) FROM fetches")
  stored=$(psql "$db" "SELECT count(*) FROM articles")
  x1=$(psql postgres "SELECT xact_commit FROM pg_stat_database WHERE datname = '$db'")
  hostupd=$(psql "$db" "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'hosts'")
  wall=$(echo "$end - $start" | bc -l)
  rate=$(echo "$pages / $wall" | bc -l)
  [[ -z $base ]] && base=$rate
  printf '%-9s %7.1f %7d %8.1f %7.2fx %9d %10.2f %12.2f\n' "$n" "$wall" "$pages" "$rate" "$(echo "$rate / $base" | bc -l)" \
    "$stored" "$(echo "($x1 - $x0) / $pages" | bc -l)" "$(echo "$hostupd / $pages" | bc -l)"
done

# Cost per stored article: the same saved pages ingested by one process.
mkdir -p "$tmp/pages"
for ((i = 0; i < ingest_pages; i++)); do
  echo "$i host$((i % hosts)).test $((i / hosts % articles))"
done | xargs -P 16 -L 1 sh -c 'curl -s -H "Host: $1" "http://127.0.0.1:'"$port"'/news/$2.html" -o "'"$tmp"'/pages/p$0.html"'
psql postgres "CREATE DATABASE ingest_cost" >/dev/null
t_sqlite=$( { /usr/bin/time -f %e "$bin" ingest -q -j 1 --db "$tmp/ingest.db" "$tmp"/pages/*.html >/dev/null; } 2>&1 | tail -1)
t_pg=$( { /usr/bin/time -f %e "$bin" ingest -q -j 1 --db "postgresql://wirecrawl@127.0.0.1:$pgport/ingest_cost" "$tmp"/pages/*.html >/dev/null; } 2>&1 | tail -1)
n_sqlite=$(sqlite3 "$tmp/ingest.db" "SELECT count(*) FROM articles")
n_pg=$(psql ingest_cost "SELECT count(*) FROM articles")
echo "ingest of $ingest_pages saved pages, one process, -j 1 (whole command: extraction included):"
printf '  SQLite     %6.2f s  %5d articles  %6.2f ms/article\n' "$t_sqlite" "$n_sqlite" "$(echo "1000 * $t_sqlite / $n_sqlite" | bc -l)"
printf '  PostgreSQL %6.2f s  %5d articles  %6.2f ms/article  (%.2fx SQLite)\n' "$t_pg" "$n_pg" \
  "$(echo "1000 * $t_pg / $n_pg" | bc -l)" "$(echo "$t_pg / $t_sqlite" | bc -l)"
