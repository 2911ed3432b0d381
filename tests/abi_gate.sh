#!/bin/sh
# ABI gate: compare the freshly built libliion.so with the committed baseline.
# abidiff exit codes (libabigail 2.2, measured): 0 identical; 4 an ABI change (renumbered
# enum, changed parameter type, ...); 12 incompatible (removed function). Added symbols are
# allowed between releases (--no-added-syms), anything else fails: any non-zero exit fails.
# Usage: abi_gate.sh BASELINE.abi LIBRARY.so PUBLIC_HEADERS_DIR [SUPPRESSIONS]
set -u
baseline=$1 lib=$2 headers=$3 supp=${4:-}
if [ ! -f "$baseline" ]; then
  echo "abi gate: no baseline $baseline (make one with scripts/abi-update.sh when cutting a release)"
  exit 1
fi
set -- --no-added-syms --headers-dir2 "$headers"
[ -n "$supp" ] && [ -f "$supp" ] && set -- "$@" --suppressions "$supp"
abidiff "$@" "$baseline" "$lib"
rc=$?
if [ $rc -ne 0 ]; then
  echo "abi gate FAILED: abidiff exit $rc against $baseline (4 = ABI change, 8/12 = incompatible)."
  echo "An intended break needs a minor bump, a CHANGELOG 'BREAKING' line and scripts/abi-update.sh."
  exit 1
fi
echo "abi gate OK: no changes against $(basename "$baseline") other than added symbols"
