#!/usr/bin/env bash
# Sets up and runs the test suite: ./scripts/test.sh [default|asan]
# default: RelWithDebInfo build; asan: the same tests under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
./scripts/install-deps.sh
werror=OFF
[[ -n ${CI:-} ]] && werror=ON
cmake --preset "$preset" -DWIRECRAWL_WERROR=$werror >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset"
