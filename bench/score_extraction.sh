#!/usr/bin/env bash
# Scores `wirecrawl extract` on the article-extraction benchmark in ../shared.
# Usage: bench/score_extraction.sh [BINARY] [SPLIT_DIR] [-v]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/release/cli/wirecrawl}
split=${2:-$here/../shared/bench/extraction/dev}
shift $(( $# > 2 ? 2 : $# )) || true
pred=$(mktemp -d)
trap 'rm -rf "$pred"' EXIT
gt="$split/ground-truth.json"
for f in "$split"/html/*.html.gz; do
  id=$(basename "$f" .html.gz)
  url=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]].get("url",""))' "$gt" "$id" 2>/dev/null || true)
  "$bin" extract --url "$url" "$f" 2>/dev/null \
    | /usr/bin/python3 -c 'import json,sys; l=sys.stdin.readline(); print(json.dumps({"articleBody": json.loads(l)["body"] if l else ""}))' \
    > "$pred/$id.json" || echo '{"articleBody": ""}' > "$pred/$id.json"
done
/usr/bin/python3 "$(dirname "$split")/score.py" "$pred" "$split" "$@"
