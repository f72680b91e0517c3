#!/bin/sh
# Installs a build into a scratch prefix and checks that the files the
# package ships are where Debian and bash-completion look for them.
# Usage: check-install.sh BUILD_DIR SCRATCH_PREFIX
set -eu
build=$1
prefix=$2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
status=0
for f in bin/wirecrawl \
         share/doc/wirecrawl/wirecrawl.example.toml \
         share/doc/wirecrawl/copyright \
         share/bash-completion/completions/wirecrawl \
         etc/wirecrawl/wirecrawl.toml; do
  if [ ! -s "$prefix/$f" ]; then
    echo "missing: $f" >&2
    status=1
  fi
done
if ! ls "$prefix"/share/man/man1/wirecrawl.1* >/dev/null 2>&1; then
  echo "missing: share/man/man1/wirecrawl.1[.gz]" >&2
  status=1
fi
# The installed completion is the one the installed binary generates.
if [ -s "$prefix/share/bash-completion/completions/wirecrawl" ]; then
  "$prefix/bin/wirecrawl" completion bash | cmp -s - "$prefix/share/bash-completion/completions/wirecrawl" ||
    { echo "the installed completion is not the binary's" >&2; status=1; }
fi
rm -rf "$prefix"
exit $status
