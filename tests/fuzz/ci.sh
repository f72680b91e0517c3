#!/usr/bin/env bash
# CI for the fuzz targets: configure and build the `fuzz` preset, replay every
# kept crasher (tests/fuzz/regressions/<target>/), then fuzz each target for a
# short time:
#   tests/fuzz/ci.sh               (FUZZ_SECONDS=30 per target by default)
#   FUZZ_SECONDS=60 tests/fuzz/ci.sh
# Exits non-zero if the build fails, a regression input crashes again, or a
# short run finds a crash, leak or timeout (its input is then in
# build/fuzz/artifacts/<target>/, the log in build/fuzz/logs/<target>.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-30}
targets=(extract robots discovery url config normalize)

# The project's libraries, then clang and libFuzzer (not in install-deps.sh:
# only this build needs them).
./scripts/install-deps.sh
if ! command -v clang++ >/dev/null ||
   ! compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null; then
  sudo=
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get install -y --no-install-recommends clang libclang-rt-14-dev
fi

werror=OFF
[[ -n ${CI:-} ]] && werror=ON
cmake --preset fuzz -DWIRECRAWL_WERROR=$werror >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

rm -rf build/fuzz/artifacts  # only this run's crashers are reported

# Regressions first: each file is run once (no mutation).
failed=0
for t in "${targets[@]}"; do
  dir=$here/regressions/$t
  [[ -d $dir ]] || continue
  mapfile -t inputs < <(find "$dir" -type f | sort)
  [[ ${#inputs[@]} -gt 0 ]] || continue
  if "build/fuzz/tests/fuzz/${t}_fuzz" -rss_limit_mb=2048 -timeout=10 "${inputs[@]}" \
       >"build/fuzz/regressions-$t.log" 2>&1; then
    echo "regressions $t: ${#inputs[@]} inputs ok"
  else
    echo "regressions $t: FAILED (build/fuzz/regressions-$t.log)"
    tail -n 30 "build/fuzz/regressions-$t.log"
    failed=1
  fi
done

# The short runs (run.sh assembles the corpus from the test data when
# build/fuzz/corpus is missing, and keeps what earlier runs found otherwise).
if ! "$here/run.sh" "${targets[@]}" --seconds "$seconds"; then
  failed=1
  for t in "${targets[@]}"; do
    if compgen -G "build/fuzz/artifacts/$t/*" >/dev/null; then
      echo "== $t: $(ls build/fuzz/artifacts/$t/)"
      grep -m1 -B2 -A25 -E '^==[0-9]+==ERROR|runtime error' "build/fuzz/logs/$t.log" || tail -n 30 "build/fuzz/logs/$t.log"
    fi
  done
fi
exit $failed
