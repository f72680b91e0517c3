#!/bin/bash
# bench/archive/run.sh [DIR] [SIZES...]: memory, start-up, size and search
# latency as the archive grows (bench/archive/README.md).
#
# Grows one database in DIR (default /tmp/wirecrawl-archive) through SIZES
# (default 10000 100000 1000000) stored articles with archive_fill, and at
# each size measures, with the Release build:
#   - insert cost: archive_fill's articles/s for the step;
#   - `crawl` start + stop: one start URL that fails at once (a closed port
#     on 127.0.0.1), wall time and peak RSS (GNU time), best of 3;
#   - `daemon` start-up: time until it logs "daemon: ready" (store open,
#     scheduler running) and its peak RSS until SIGTERM stops it;
#   - `search` latency, whole process, p50/p99 of 20 runs, for a common word
#     (vocabulary rank 1) and a rare one (rank 20001);
#   - bytes per article by part (`stats --json`).
# Loopback only. Needs `cmake --preset release && cmake --build --preset
# release --target wirecrawl archive_fill`.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${WIRECRAWL:-build/release/cli/wirecrawl}
FILL=${ARCHIVE_FILL:-build/release/bench/archive_fill}
[[ -x $BIN && -x $FILL ]] || { echo "build the release preset first (targets wirecrawl archive_fill)" >&2; exit 2; }
DIR=${1:-/tmp/wirecrawl-archive}
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10000 100000 1000000)
mkdir -p "$DIR"
DB=$DIR/archive.db
CONFIG=$DIR/daemon.toml
cat >"$CONFIG" <<EOF
[sources]
seeds = ["http://127.0.0.1:9/"]
[network]
allow = ["127.0.0.1/32"]
[paths]
database = "$DB"
EOF
COMMON=$($FILL --word 1)
RARE=$($FILL --word 20001)

stored() { $BIN stats --db "$DB" --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])'; }

percentiles() {  # stdin: one number per line -> "p50 p99"
  sort -n | awk '{v[NR]=$1} END {p50=v[int((NR+1)*0.50)]; i=int(NR*0.99+0.999); if (i>NR) i=NR; print p50, v[i]}'
}

measure() {
  local n=$1
  echo "== $n articles stored"
  # crawl: start, fail the one URL, stop.
  local best_s="" best_kb=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$DIR/crawl.time" $BIN crawl --db "$DB" --no-progress \
      --allow-network 127.0.0.1/32 http://127.0.0.1:9/ >/dev/null 2>&1 || true  # exit 1: nothing fetched
    local out
    out=$(tail -1 "$DIR/crawl.time")
    local s=${out% *} kb=${out#* }
    if [[ -z $best_s ]] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
  done
  echo "crawl start+stop: ${best_s} s, peak RSS $((best_kb / 1024)) MB"
  # daemon: until ready, then SIGTERM.
  local log=$DIR/daemon.log
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$DIR/daemon.rss" $BIN -v daemon --config "$CONFIG" 2>"$log" &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "daemon: ready" "$log" && break; sleep 0.01; done
  t1=$(date +%s.%N)
  sleep 1
  pkill -TERM -P "$pid" || true  # the daemon, child of time
  wait $pid || true
  echo "daemon to ready: $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s, peak RSS $(( $(tail -1 "$DIR/daemon.rss") / 1024 )) MB"
  # search, whole process.
  for word in "$COMMON" "$RARE"; do
    local hits
    hits=$($BIN search --db "$DB" --json --limit 20 "$word" | wc -l)
    local times=()
    for _ in $(seq 1 20); do
      local a b
      a=$(date +%s%N)
      $BIN search --db "$DB" --limit 20 "$word" >/dev/null
      b=$(date +%s%N)
      times+=($(((b - a) / 1000)))
    done
    read -r p50 p99 < <(printf '%s\n' "${times[@]}" | percentiles)
    echo "search '$word' ($hits hits shown): p50 $((p50 / 1000)) ms, p99 $((p99 / 1000)) ms"
  done
  # size by part.
  $BIN stats --db "$DB" --json | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
n = max(1, s["articles"])
parts = s.get("bytes_by_part", {})
print("database %.0f MB, %.0f bytes/article" % (s["database_bytes"] / 1e6, s["database_bytes"] / n))
print("  " + ", ".join("%s %.0f" % (k, v / n) for k, v in parts.items() if v))'
}

for target in "${SIZES[@]}"; do
  have=0
  [[ -f $DB ]] && have=$(stored)
  if (( target > have )); then
    echo "== filling $((target - have)) articles"
    $FILL "$DB" $((target - have))
  fi
  measure "$target"
done
