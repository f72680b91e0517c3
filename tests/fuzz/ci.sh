#!/usr/bin/env bash
# CI for the fuzz targets: build them (the `asan` preset: clang, ASan+UBSan,
# the same build as `./scripts/test.sh asan`, so after that nothing is
# compiled again), replay every kept crasher (tests/fuzz/regressions/<target>/),
# then fuzz each target for a short time:
#   tests/fuzz/ci.sh                    (FUZZ_SECONDS=30 per target by default)
#   FUZZ_SECONDS=60 tests/fuzz/ci.sh
#   FUZZ_PRESET=fuzz tests/fuzz/ci.sh   (the optimised fuzz-only build instead)
# The short runs start from a corpus assembled afresh from the test data and
# the seeds (make_corpus.sh), so every run does the same bounded work, and run
# FUZZ_JOBS targets at a time (default: one per core).
# Exits non-zero if the build fails, a regression input crashes again, or a
# short run finds a crash, leak or timeout (its input is then in
# build/<preset>/artifacts/<target>/, the log in build/<preset>/logs/<target>.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-30}
preset=${FUZZ_PRESET:-asan}
jobs=${FUZZ_JOBS:-$(nproc)}
build=$root/build/$preset
targets=(extract robots discovery url config normalize)

# The project's libraries, clang and libFuzzer (scripts/install-deps.sh).
./scripts/install-deps.sh
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# asan and tsan were gcc builds before they moved to clang: a build directory
# configured with the other compiler cannot be reconfigured in place, so it
# starts afresh.
if [[ $preset != default && $preset != release && -f build/$preset/CMakeCache.txt ]] &&
   ! grep -q '^CMAKE_CXX_COMPILER:.*clang++' "build/$preset/CMakeCache.txt"; then
  rm -rf "build/$preset/CMakeCache.txt" "build/$preset/CMakeFiles"
fi

werror=OFF
[[ -n ${CI:-} ]] && werror=ON
cmake --preset "$preset" -DWIRECRAWL_WERROR=$werror >/dev/null
cmake --build --preset "$preset" --target fuzz -j "$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

rm -rf "$build/artifacts"  # only this run's crashers are reported

# Regressions first: each file is run once (no mutation).
failed=0
for t in "${targets[@]}"; do
  dir=$here/regressions/$t
  [[ -d $dir ]] || continue
  mapfile -t inputs < <(find "$dir" -type f | sort)
  [[ ${#inputs[@]} -gt 0 ]] || continue
  if "$build/tests/fuzz/${t}_fuzz" -rss_limit_mb=2048 -timeout=10 "${inputs[@]}" \
       >"$build/regressions-$t.log" 2>&1; then
    echo "regressions $t: ${#inputs[@]} inputs ok"
  else
    echo "regressions $t: FAILED ($build/regressions-$t.log)"
    tail -n 30 "$build/regressions-$t.log"
    failed=1
  fi
done

# The short runs: run.sh per group of targets, FUZZ_JOBS groups at once, each
# target alone on its core for FUZZ_SECONDS.
rm -rf "$build/corpus"
"$here/make_corpus.sh" "$build/corpus" >/dev/null
groups=()
for i in "${!targets[@]}"; do
  groups[i % jobs]+="${targets[i]} "
done
pids=()
for g in "${!groups[@]}"; do
  # shellcheck disable=SC2086  # the group is a list of words
  FUZZ_BUILD_DIR=$build "$here/run.sh" ${groups[g]} --seconds "$seconds" >"$build/fuzz-ci-$g.out" 2>&1 &
  pids+=($!)
done
for g in "${!pids[@]}"; do
  wait "${pids[g]}" || failed=1
  if [[ $g -eq 0 ]]; then cat "$build/fuzz-ci-$g.out"; else tail -n +2 "$build/fuzz-ci-$g.out"; fi
done
if [[ $failed -ne 0 ]]; then
  for t in "${targets[@]}"; do
    if compgen -G "$build/artifacts/$t/*" >/dev/null; then
      echo "== $t: $(ls "$build/artifacts/$t/")"
      grep -m1 -B2 -A25 -E '^==[0-9]+==ERROR|runtime error' "$build/logs/$t.log" || tail -n 30 "$build/logs/$t.log"
    fi
  done
fi
exit $failed
