#!/usr/bin/env bash
# Checks that every tracked C++ file (git ls-files '*.cpp' '*.h') is formatted
# as .clang-format says, with Debian 12's clang-format 14 (scripts/install-deps.sh
# installs it). CI runs it first.
#   scripts/check-format.sh          check: exit 1 and name the files that differ
#   scripts/check-format.sh --fix    reformat those files in place
# WIRECRAWL_SKIP_FORMAT=1 skips the check (a branch not yet reformatted).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n ${WIRECRAWL_SKIP_FORMAT:-} ]]; then
  echo "check-format: skipped (WIRECRAWL_SKIP_FORMAT is set)"
  exit 0
fi
clang_format=${CLANG_FORMAT:-}
if [[ -z $clang_format ]]; then
  for c in clang-format-14 clang-format; do
    command -v "$c" >/dev/null && { clang_format=$c; break; }
  done
fi
[[ -n $clang_format ]] || { echo "check-format: no clang-format (scripts/install-deps.sh installs it)" >&2; exit 2; }

mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ ${1:-} == --fix ]]; then
  "$clang_format" -i "${files[@]}"
  echo "check-format: ${#files[@]} files formatted with $($clang_format --version)"
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if "$clang_format" --dry-run --Werror "${files[@]}" 2>"$log"; then
  echo "check-format: ${#files[@]} files formatted as .clang-format says"
  exit 0
fi
mapfile -t bad < <(sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' "$log" | uniq)
head -n 40 "$log"
echo "check-format: ${#bad[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
printf '  %s\n' "${bad[@]}" >&2
echo "check-format: run scripts/check-format.sh --fix (clang-format 14) and commit" >&2
exit 1
