#!/bin/sh
# Exploratory fuzzing, time-boxed and kept out of the default CI: build every target with
# clang + libFuzzer + ASan/UBSan and run each for SECONDS (default 60). New inputs go to
# build-fuzz/findings/<target>/ (not the committed corpus); a crash leaves crash-* files there.
# Minimize a crash with:  build-fuzz/fuzz/fuzz_<x> -minimize_crash=1 -runs=10000 crash-file
# and commit the result to fuzz/corpus/<x>/ as a regression seed.
# Usage: scripts/fuzz-smoke.sh [SECONDS] [TARGET...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
build=${LIION_FUZZ_BUILD_DIR:-$here/build-fuzz}
cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DLIION_FUZZ=ON \
      -DLIION_BUILD_TESTS=OFF -DLIION_BUILD_EXAMPLES=OFF -DLIION_DOCS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"
targets=${*:-$(cd "$here/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
status=0
for t in $targets; do
  name=${t#fuzz_}
  find_dir="$build/findings/$name"
  mkdir -p "$find_dir"
  echo "== $t for ${secs}s"
  if ! (cd "$find_dir" && "$build/fuzz/$t" -max_total_time="$secs" -rss_limit_mb=2048 \
          -print_final_stats=1 . "$here/fuzz/corpus/$name"); then
    echo "$t: FAILED, see $find_dir"
    status=1
  fi
done
exit $status
