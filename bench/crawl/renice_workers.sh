#!/usr/bin/env bash
# Diagnostic wrapper (bench/README.md, "Every core busy"): runs wirecrawl and,
# for `crawl`, lowers its page workers to nice 10 shortly after start-up,
# leaving the crawl thread and the fetcher at the caller's priority; shows
# whether the serial crawl thread is starved by its own workers.
#
#   WIRECRAWL=bench/crawl/renice_workers.sh WIRECRAWL_REAL=build/release/cli/wirecrawl \
#     CONCURRENCY=64 WORKERS="1 2 4" bench/crawl/run_crawl_bench.sh
#
# Threads are told apart by creation order (as in main at 6509af2): the main
# (crawl) thread first, then the pool's workers, then the fetcher last.
real=${WIRECRAWL_REAL:?set WIRECRAWL_REAL to the wirecrawl binary}
"$real" "$@" &
pid=$!
if [[ ${1:-} == crawl ]]; then
  sleep 0.3
  mapfile -t tids < <(ls "/proc/$pid/task" 2>/dev/null | sort -n)
  if ((${#tids[@]} > 2)); then
    for t in "${tids[@]:1:${#tids[@]}-2}"; do renice -n 10 -p "$t" >/dev/null; done
  fi
fi
wait "$pid"
