#!/bin/sh
# The README's main job: install what is missing, build libliion, run the demo program.
# (Until the end-to-end plant simulation exists, the demo is examples/core_context.c.)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sh "$here/scripts/setup.sh"
build=${LIION_BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target example_core_context -j "$(nproc)"
echo "== examples/core_context"
"$build/examples/example_core_context"
