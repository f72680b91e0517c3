#!/usr/bin/env bash
# Daemon soak bench (issue 6): `wirecrawl daemon` for MINUTES (default 30)
# against a loopback site that publishes an article every 5 s. Samples the
# daemon's RSS every minute and reports RSS at the start and the end, and the
# publish->ingest lag (median, p90) from `wirecrawl status` and the metrics
# endpoint. Only 127.0.0.1 is contacted.
#
# Usage: bench/soak/run_soak.sh [MINUTES]      (Release build: build/release)
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
bin=${WIRECRAWL:-build/release/cli/wirecrawl}
[[ -x $bin ]] || { cmake --preset release >/dev/null && cmake --build --preset release --target wirecrawl; }
work=$(mktemp -d /tmp/wirecrawl-soak-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# A daemon that has run for months has a large database: start from one.
# PREFILL articles (default 5,000, ~6 KB pages from bench/crawl/gen_site.py)
# are ingested first, so SQLite's page cache is past its warm-up.
prefill=${PREFILL:-5000}
if ((prefill > 0)); then
  /usr/bin/python3 bench/crawl/gen_site.py --articles "$prefill" "$work/prefill" >/dev/null
  find "$work/prefill/news" -name '*.html' -print0 | xargs -0 "$bin" ingest --db "$work/soak.db" >/dev/null
  echo "prefilled: $(sqlite3 "$work/soak.db" 'SELECT count(*) FROM articles') articles, $(( $(stat -c %s "$work/soak.db") / 1048576 )) MiB"
fi
/usr/bin/python3 bench/soak/publisher.py "$work/sites" --every 5 --duration $((minutes * 60 + 60)) &
pids+=($!)
sleep 1
/usr/bin/python3 examples/demo-site/serve.py --root "$work/sites" --port 0 --quiet >"$work/serve.out" &
pids+=($!)
for _ in $(seq 100); do grep -q '^serving on' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^serving on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
metrics_port=$((20000 + RANDOM % 20000))
cat >"$work/soak.toml" <<TOML
[sources]
seeds = ["http://soak-news.test/"]
feeds = ["http://soak-news.test/feed.rss"]
[politeness]
min_delay = 0.2
[fetch]
connect_to = ["soak-news.test:80:127.0.0.1:$port"]
[network]
allow = ["127.0.0.1/32"]
[paths]
database = "$work/soak.db"
[daemon]
source_refresh_min = 2
source_refresh_max = 60
article_revisits = ["2m", "10m"]
metrics = true
metrics_listen = "127.0.0.1:$metrics_port"
log_level = "warn"
TOML
"$bin" daemon --config "$work/soak.toml" 2>"$work/daemon.log" &
daemon=$!
pids+=($daemon)
echo "minute rss_kib articles db_kib"
for m in $(seq 1 "$minutes"); do
  sleep 60
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
  articles=$(sqlite3 "$work/soak.db" 'SELECT count(*) FROM articles' 2>/dev/null || echo '?')
  echo "$m $rss $articles $(( $(stat -c %s "$work/soak.db") / 1024 ))"
done | tee "$work/rss.txt"
curl -s "http://127.0.0.1:$metrics_port/metrics" | grep -E '^wirecrawl_(articles|stories|duplicates|publish_to_ingest_seconds_(sum|count)|fetches_total)' || true
kill -TERM "$daemon"; wait "$daemon" || true
"$bin" status --db "$work/soak.db" --since "${minutes}m"
first=$(awk 'NR==1 {print $2}' "$work/rss.txt"); last=$(awk 'END {print $2}' "$work/rss.txt")
echo "RSS at minute 1: $first KiB; at minute $minutes: $last KiB; end/start = $(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.3f", b / a}')"
