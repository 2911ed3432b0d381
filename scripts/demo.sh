#!/bin/sh
# The README's main job: install what is missing, build libliion, run the plant-day demo
# (examples/plant_day.c): a simulated day of a small cell plant, every message through the
# codecs and the ingest module into a durable store, then the audit of one failed cell.
#   sh scripts/demo.sh                 full size (2400 cells), output in ./plant-day-out
#   sh scripts/demo.sh --small         32 cells
#   sh scripts/demo.sh --cells 10000 --out /tmp/day
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sh "$here/scripts/setup.sh"
build=${LIION_BUILD_DIR:-$here/build}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target example_plant_day -j "$(nproc)"
echo "== examples/plant_day (mapping: examples/plant_day.map)"
exec "$build/examples/example_plant_day" --map "$here/examples/plant_day.map" "$@"
