#!/usr/bin/env bash
# Installs the Debian 12 packages wirecrawl builds, tests and benchmarks with
# (clang and its sanitizer and libFuzzer runtimes: the asan and fuzz presets;
# chromium, chromium-driver and python3-selenium: the web page's browser test;
# postgresql-15: the PostgreSQL backend's tests).
# Idempotent: packages already present are skipped. Runs as root or via sudo.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  libcurl4-openssl-dev libgumbo-dev libicu-dev libsqlite3-dev sqlite3 libspdlog-dev catch2
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libsystemd-dev libxxhash-dev
  libpugixml-dev libcld2-dev libpsl-dev zlib1g-dev libbenchmark-dev libcpp-httplib-dev
  libre2-dev libgoogle-perftools-dev
  clang clang-format libclang-rt-14-dev
  python3 python3-readability python3-scrapy
  chromium chromium-driver python3-selenium
  # HTTPS end-to-end tests: a CA made with openssl, nginx serving HTTP/2 on
  # loopback (tests/support/tls_test_site.h; run by the test as the current
  # user, never as the system service).
  openssl nginx
  # PostgreSQL backend (store/postgres/): libpq to build; the server for the
  # tests, which run their own initdb + postgres in a temporary directory on
  # a loopback port (tests/support/postgres_server.h), never the system
  # cluster this package sets up.
  libpq-dev postgresql-15
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
