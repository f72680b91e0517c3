#!/usr/bin/env bash
# Release build, then gumbo parse-only, wirecrawl extract and readability-lxml
# over the same pages in one run, single thread. Prints pages/s and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release --target extract_bench >/dev/null
out=$(mktemp)
taskset -c 0 build/release/bench/extract_bench --benchmark_format=json >"$out"
peer=$(taskset -c 0 /usr/bin/python3 bench/peers/readability_bench.py "$@")
/usr/bin/python3 - "$out" "$peer" <<'PY'
import json, re, sys
runs = {b["name"]: b["items_per_second"] for b in json.load(open(sys.argv[1]))["benchmarks"]}
peer = float(re.search(r"pages/s: ([0-9.]+)", sys.argv[2]).group(1))
g, gd, x = runs["BM_GumboParseOnly/min_time:3.000"], runs["BM_GumboParseOnlyDefaultOptions/min_time:3.000"], runs["BM_Extract/min_time:3.000"]
print(f"gumbo parse-only (max_errors=0):   {g:8.1f} pages/s")
print(f"gumbo parse-only (default options): {gd:8.1f} pages/s")
print(f"wirecrawl extract:                  {x:8.1f} pages/s  = {x/g:.2f} x gumbo parse-only, {x/gd:.2f} x gumbo default")
print(f"readability-lxml:                   {peer:8.1f} pages/s  -> wirecrawl is {x/peer:.1f} x readability-lxml")
PY
rm -f "$out"
