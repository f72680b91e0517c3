#!/usr/bin/env bash
# Runs fuzz targets one after the other, each for a fixed time or a fixed
# number of executions (whichever comes first):
#   tests/fuzz/run.sh TARGET... [--seconds N] [--runs N]
#   tests/fuzz/run.sh all --seconds 600
#   tests/fuzz/run.sh url --seconds 86400 --runs 10000000   # the 10 M-exec goal
# TARGET is extract, robots, discovery, url, config or normalize (the
# `_fuzz` suffix may be given). Needs a fuzz build (cmake --preset fuzz &&
# cmake --build --preset fuzz). The corpus of each target is
# build/fuzz/corpus/<target> (created by make_corpus.sh when missing; the
# fuzzer adds what it finds there), with tests/fuzz/seeds/<target> and
# tests/fuzz/regressions/<target> read as extra seeds, and
# tests/fuzz/dicts/<target>.dict as its dictionary when there is one. Crashes, leaks and
# timeouts are written to build/fuzz/artifacts/<target>/, the full log to
# build/fuzz/logs/<target>.log. Prints one line per target: time, execs,
# exec/s, peak RSS, and the result; exits 1 if any target failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build/fuzz}
all=(extract robots discovery url config normalize)

seconds=60
runs=-1  # libFuzzer: unlimited
targets=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --runs) runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    all) targets+=("${all[@]}"); shift ;;
    *) targets+=("${1%_fuzz}"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || { echo "usage: $0 TARGET... [--seconds N]  (targets: ${all[*]} or all)" >&2; exit 2; }

[[ -d $build/corpus ]] || "$here/make_corpus.sh" "$build/corpus" >/dev/null
mkdir -p "$build/logs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
printf '%-10s %8s %12s %9s %8s  %s\n' target seconds execs exec/s rss_mb result
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/${t}_fuzz
  [[ -x $bin ]] || { echo "$t: no $bin (build the fuzz preset first)" >&2; failed=1; continue; }
  corpus=$build/corpus/$t
  mkdir -p "$corpus" "$build/artifacts/$t"
  extra=()
  for d in "$here/seeds/$t" "$here/regressions/$t"; do
    [[ -d $d ]] && extra+=("$d")
  done
  dict=()
  [[ -f $here/dicts/$t.dict ]] && dict=(-dict="$here/dicts/$t.dict")
  log=$build/logs/$t.log
  start=$(date +%s)
  set +e
  "$bin" "$corpus" "${extra[@]}" -max_total_time="$seconds" -runs="$runs" -rss_limit_mb=2048 -timeout=10 "${dict[@]}" \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n1)
  if [[ $rc -eq 0 ]]; then
    result=ok
  else
    result="FAILED (exit $rc): $(grep -m1 -E '^==[0-9]+==ERROR|SUMMARY|^ALARM|runtime error|deadly signal' "$log" || true)"
    failed=1
  fi
  printf '%-10s %8s %12s %9s %8s  %s\n' "$t" "$elapsed" "${execs:-?}" "${rate:-?}" "${rss:-?}" "$result"
done
exit $failed
