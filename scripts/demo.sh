#!/usr/bin/env bash
# The main job, until the crawler lands: build wirecrawl, extract the bundled
# example pages (Arabic news CMS layouts), store them in an SQLite file and
# show the stories.  Usage: ./scripts/demo.sh [DB]   (default: demo.db)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-demo.db}
./scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target wirecrawl
bin=build/default/crawler/wirecrawl
echo "== extract (one JSON object per page; body shortened here)"
"$bin" extract examples/pages/*.html \
  | /usr/bin/python3 -c 'import json,sys
for l in sys.stdin:
    d=json.loads(l); d["body"]=d["body"][:120]+"…"; print(json.dumps(d, ensure_ascii=False))'
if "$bin" ingest --help >/dev/null 2>&1; then
  rm -f "$db" "$db-wal" "$db-shm"
  echo "== ingest into $db"
  "$bin" ingest --db "$db" examples/pages/*.html
  echo "== stories"
  "$bin" stories --db "$db"
fi
