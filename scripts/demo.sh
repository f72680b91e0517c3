#!/usr/bin/env bash
# The main job: build wirecrawl, serve the demo news web (examples/demo-site/:
# four made-up Arabic and English sites) on a free loopback port, crawl it into
# an SQLite file, show the stories (wire copies grouped across sites), then
# stop the server.
#
# Usage: ./scripts/demo.sh [DB]     (default: demo.db, replaced)
#   WIRECRAWL=path/to/wirecrawl  use that binary, skip install and build
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-demo.db}
site=examples/demo-site
hosts=(alpha-news.test beta-daily.test gamma-times.test delta-post.test)

if [[ -n ${WIRECRAWL:-} ]]; then
  bin=$WIRECRAWL
else
  ./scripts/install-deps.sh
  cmake --preset default >/dev/null
  cmake --build --preset default --target wirecrawl
  bin=build/default/cli/wirecrawl
fi

work=$(mktemp -d)
server=
stop_server() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# serve.py prints "serving on 127.0.0.1:PORT" first; port 0 = any free port.
/usr/bin/python3 "$site/serve.py" --port 0 --quiet --log "$work/requests.log" >"$work/serve.out" &
server=$!
for _ in $(seq 100); do
  grep -q '^serving on ' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "demo: serve.py did not start" >&2; exit 1; }
  sleep 0.05
done
port=$(sed -n 's/^serving on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/serve.out")
[[ -n $port ]] || { echo "demo: no port from serve.py" >&2; exit 1; }
echo "== demo web served on 127.0.0.1:$port (${hosts[*]})"

pins=()
for h in "${hosts[@]}"; do pins+=(--connect-to "$h:80:127.0.0.1:$port"); done
rm -f "$db" "$db-wal" "$db-shm"
echo "== wirecrawl crawl --config $site/demo.toml --db $db ${pins[*]}"
status=0
"$bin" crawl --config "$site/demo.toml" --db "$db" "${pins[@]}" || status=$?
# 1: a source of the config failed for good, the rest was crawled (the demo's
# 404s are on discovered links, which are not failures: it exits 0).
((status <= 1)) || { echo "demo: wirecrawl crawl failed (exit $status)" >&2; exit "$status"; }

echo "== stories carried by more than one site"
"$bin" stories --db "$db" --min-sites 2
echo "== all stories"
"$bin" stories --db "$db"

echo "== what the server saw, against $site/expected.json"
"$bin" export --db "$db" --format jsonl >"$work/articles.jsonl"
/usr/bin/python3 - "$site/expected.json" "$work/requests.log" "$work/articles.jsonl" <<'PY'
import collections, json, sys
expected = json.load(open(sys.argv[1], encoding="utf-8"))
log = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
stored = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8") if l.startswith("{")]
by_host = collections.Counter(r["host"] for r in log)
statuses = collections.Counter(r["status"] for r in log)
print(f"requests: {len(log)}  by host: {dict(by_host)}  by status: {dict(sorted(statuses.items()))}")
private = [r for r in log if any(f"http://{r['host']}{r['path']}".startswith(p) for p in expected["never_fetch_urls"])]
print("robots.txt: " + ("no request under a disallowed path" if not private
                        else f"DISALLOWED PATHS FETCHED: {[r['host'] + r['path'] for r in private]}"))
per_host = collections.defaultdict(list)
for r in log:
    per_host[r["host"]].append(r)
gaps = {h: min((b["t"] - a["t"] for a, b in zip(rs, rs[1:]) if not 300 <= a["status"] < 400), default=0)
        for h, rs in per_host.items()}
print("shortest gap between two requests to a host (a redirect's next hop aside): "
      + ", ".join(f"{h} {g:.2f} s" for h, g in gaps.items())
      + f"; Crawl-delay: {expected['crawl_delay']}")
trap = collections.Counter(r["host"] for r in log if r["path"].startswith("/calendar/"))
print(f"calendar trap pages fetched: {dict(trap) or 0}")
urls = {a.get("canonical_url") or a.get("url") for a in stored} | {a.get("url") for a in stored}
missing = [a["url"] for a in expected["articles"] if a["url"] not in urls]
print(f"articles stored: {len(stored)} (expected {len(expected['articles'])}"
      + (f"; missing: {missing})" if missing else ", all present)"))
story_of = {}
for a in stored:
    story_of[a.get("url")] = story_of[a.get("canonical_url") or a.get("url")] = a.get("story")
for name, members in expected["stories"].items():
    ids = {story_of.get(u) for u in members}
    print(f"{name}: {len(members)} copies on {len(members)} sites -> "
          + ("one story" if len(ids) == 1 and None not in ids else f"stories {sorted(map(str, ids))}"))
counts = collections.Counter(story_of.get(a["url"]) for a in expected["articles"])
wrong = [a["url"] for a in expected["articles"]
         if a["story"] is None and story_of.get(a["url"]) is not None and counts[story_of[a["url"]]] > 1]
print("distinct articles on the same topics: " + ("each its own story" if not wrong else f"GROUPED: {wrong}"))
PY
