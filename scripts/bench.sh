#!/bin/sh
# Build in Release and run every benchmark in full. Figures are ratios against references
# measured in the same run; a bare time on these shared machines is not a result.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sh "$here/scripts/setup.sh"
build=${LIION_BUILD_DIR:-$here/build-bench}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLIION_DOCS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"
for b in "$build"/tests/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" "$@"
done
