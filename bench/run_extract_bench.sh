#!/usr/bin/env bash
# Release build, then gumbo parse-only, wirecrawl extract and readability-lxml
# over the same pages in one run, single thread. Prints pages/s and ratios.
#   EXTRACT_BENCH=path  use this extract_bench binary (default: build the release preset)
#   WIRECRAWL=path      also time the whole `wirecrawl extract -j 1` process over the
#                       pages (REPEAT times each, default 8), pages/s per CPU-second
#   SKIP_PEER=1         skip readability-lxml
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n ${EXTRACT_BENCH:-} ]]; then
  bench=$EXTRACT_BENCH
else
  cmake --preset release >/dev/null
  cmake --build --preset release --target extract_bench >/dev/null
  bench=build/release/bench/extract_bench
fi
out=$(mktemp)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 0 "$bench" --benchmark_format=json >"$out"
peer="pages/s: 0"
[[ -n ${SKIP_PEER:-} ]] || peer=$(taskset -c 0 /usr/bin/python3 bench/peers/readability_bench.py "$@")
whole=
if [[ -n ${WIRECRAWL:-} ]]; then
  pages_dir=${WIRECRAWL_BENCH_PAGES:-../shared/bench/extraction/dev/html}
  mapfile -t files < <(for _ in $(seq "${REPEAT:-8}"); do ls "$pages_dir"/*; done)
  t=$(mktemp)
  taskset -c 0 /usr/bin/time -f "%e %U %S" -o "$t" "$WIRECRAWL" extract -j 1 "${files[@]}" >/dev/null
  whole="${#files[@]} $(cat "$t")"
  rm -f "$t"
fi
/usr/bin/python3 - "$out" "$peer" "$whole" <<'PY'
import json, re, sys
runs = {b["name"]: b["items_per_second"] for b in json.load(open(sys.argv[1]))["benchmarks"]}
peer = float(re.search(r"pages/s: ([0-9.]+)", sys.argv[2]).group(1))
g, gd, x = runs["BM_GumboParseOnly/min_time:3.000"], runs["BM_GumboParseOnlyDefaultOptions/min_time:3.000"], runs["BM_Extract/min_time:3.000"]
print(f"gumbo parse-only (max_errors=0):   {g:8.1f} pages/s")
print(f"gumbo parse-only (default options): {gd:8.1f} pages/s")
print(f"wirecrawl extract:                  {x:8.1f} pages/s  = {x/g:.2f} x gumbo parse-only, {x/gd:.2f} x gumbo default")
if peer:
    print(f"readability-lxml:                   {peer:8.1f} pages/s  -> wirecrawl is {x/peer:.1f} x readability-lxml")
if sys.argv[3]:
    n, wall, user, system = sys.argv[3].split()
    n, cpu = int(n), float(user) + float(system)
    print(f"wirecrawl extract -j 1 (process):   {n / cpu:8.1f} pages per CPU-second ({n} pages, {float(wall):.2f} s wall, "
          f"{cpu:.2f} s CPU) = {n / cpu / g:.2f} x gumbo parse-only")
PY
rm -f "$out"
