#!/usr/bin/env bash
# Sets up, builds and runs the tests of one preset: ./scripts/test.sh [default|asan|tsan]
#   default: RelWithDebInfo; every test (bench/ is built too).
#   asan:    clang, ASan+UBSan; every test. The same build holds the libFuzzer
#            targets (tests/fuzz/ci.sh runs them), so CI compiles the tree once for both.
#   tsan:    ThreadSanitizer; only the tests that run threads (the test preset's
#            filter), and only the executables those need (the build preset's targets).
# With CI set, warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
./scripts/install-deps.sh

# ccache (CMakeLists.txt uses it when installed; its cache outlives the tree
# in ~/.cache/ccache): paths under the tree are hashed relative to it, and the
# build directory is left out of the hash, so that a fresh clone somewhere
# else (CI) reuses what an earlier one compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

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
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset"
