#!/bin/sh
# Checks unit files offline, as systemd would load them (no running systemd
# needed: this works in containers and CI sandboxes).
#
#   check-units.sh UNIT_DIR [MAX_EXPOSURE [MAN_PAGE]]
#
# - `systemd-analyze verify` must succeed and print nothing about these units:
#   it reports unknown keys and unparsable values only as warnings, with exit
#   status 0.
# - `systemd-analyze security --offline=true` must rate each service's
#   exposure at most MAX_EXPOSURE (default 2.0), where this systemd has
#   --offline (v250 and later; else that part is skipped with a note).
#
# UNIT_DIR holds the units, whose ExecStart= binaries must exist. Templates
# (NAME@.service, NAME@.timer) are checked as the instance NAME@check.
# MAN_PAGE, if given, is what Documentation=man:...(1) resolves to; without
# it, or without man(1), man pages are not checked.
#
# Exit status: 0 ok, 1 a check failed, 2 usage, 77 systemd-analyze missing
# (ctest's SKIP_RETURN_CODE).
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 UNIT_DIR [MAX_EXPOSURE [MAN_PAGE]]" >&2
  exit 2
fi
unit_dir=$1
max_exposure=${2:-2.0}
man_page=${3:-}

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIP: systemd-analyze not found (install the systemd package to check the units)"
  exit 77
fi
systemd-analyze --version | head -n 1

work=$(mktemp -d "${TMPDIR:-/tmp}/wirecrawl-units.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

units=""
for path in "$unit_dir"/*.service "$unit_dir"/*.timer; do
  [ -e "$path" ] || continue
  name=$(basename "$path")
  case $name in
    *@.*) name=$(echo "$name" | sed 's/@\./@check./') ;;
  esac
  cp "$path" "$work/$name"
  units="$units $work/$name"
done
if [ -z "$units" ]; then
  echo "FAIL: no .service or .timer files in $unit_dir"
  exit 1
fi

man_option=--man=no
if [ -n "$man_page" ] && command -v man >/dev/null 2>&1; then
  mkdir -p "$work/man/man1"
  cp "$man_page" "$work/man/man1/"
  MANPATH=$work/man
  export MANPATH
  man_option=--man=yes
fi

status=0

# Lines about our units name their file or unit; anything else comes from the
# host's units (targets we order after) and is shown but not held against us.
for u in $units; do
  echo "$u"
  basename "$u"
done >"$work/names"
# shellcheck disable=SC2086 # $units is a list of paths without spaces
if ! out=$(cd "$work" && systemd-analyze verify "$man_option" $units 2>&1); then
  echo "FAIL: systemd-analyze verify $man_option exited with an error:"
  echo "$out"
  status=1
elif echo "$out" | grep -q -F -f "$work/names"; then
  echo "FAIL: systemd-analyze verify $man_option:"
  echo "$out"
  status=1
else
  [ -z "$out" ] || { echo "note: systemd-analyze verify about other units:"; echo "$out"; }
  echo "ok: systemd-analyze verify $man_option:$(for u in $units; do printf ' %s' "$(basename "$u")"; done)"
fi

if ! systemd-analyze security --help 2>/dev/null | grep -q -- --offline; then
  echo "note: this systemd-analyze has no 'security --offline': exposure not checked"
  exit $status
fi
for unit in $units; do
  case $unit in *.service) ;; *) continue ;; esac
  if ! report=$(cd "$work" && systemd-analyze security --offline=true --no-pager "$unit" 2>&1); then
    echo "FAIL: systemd-analyze security --offline=true $(basename "$unit"):"
    echo "$report"
    status=1
    continue
  fi
  exposure=$(echo "$report" | sed -n 's/.*Overall exposure level for .*: \([0-9][0-9.]*\).*/\1/p')
  if [ -z "$exposure" ]; then
    echo "FAIL: no overall exposure level for $(basename "$unit"):"
    echo "$report"
    status=1
  elif awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e + 0 <= m + 0) }'; then
    echo "ok: $(basename "$unit") exposure $exposure <= $max_exposure"
  else
    echo "FAIL: $(basename "$unit") exposure $exposure > $max_exposure; what counts against it:"
    echo "$report" | grep '✗' || echo "$report"
    status=1
  fi
done
exit $status
