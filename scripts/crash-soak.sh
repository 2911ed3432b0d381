#!/bin/sh
# Long crash-consistency soak of the durable store (kept out of the default CI, which runs 500
# iterations, and 200 with each unit in an atomic group): a writer process is killed with
# SIGKILL at random points while it appends, commits and compacts (snapshot + journal
# replacement); after each kill the store reopens and every acknowledged commit must be there,
# with nothing half-written visible. ITERATIONS applies to both variants.
# Usage: scripts/crash-soak.sh [ITERATIONS] [BUILD_DIR] [SECONDS]
#        (defaults 5000, build-soak, no time limit; with SECONDS the run stops after that long
#        and reports how many iterations it did)
# The build directory is configured and check_store built if needed; the harness prints the
# iterations run, how many reopened from a snapshot and how many were killed mid-compaction.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
iterations=${1:-5000}
build=${2:-$here/build-soak}
seconds=${3:-0}
if [ ! -x "$build/tests/check_store" ]; then
  cmake -S "$here" -B "$build" -DLIION_DOCS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target check_store
fi
start=$(date +%s)
# One case only; CK_TIMEOUT_MULTIPLIER lifts the case's 300 s Check timeout.
LIION_CRASH_ITERATIONS=$iterations LIION_CRASH_SECONDS=$seconds CK_TIMEOUT_MULTIPLIER=1000 \
  CK_RUN_CASE=crash "$build/tests/check_store"
echo "crash-soak: done in $(( $(date +%s) - start )) s (iterations: see the harness line above)"
