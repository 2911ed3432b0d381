#!/bin/sh
# Regenerate the committed ABI baseline: only when cutting a release, or for an intended break
# that has its CHANGELOG "BREAKING" line. Builds with the CI toolchain (gcc, RelWithDebInfo).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${LIION_BUILD_DIR:-$here/build-abi}
cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DLIION_BUILD_TESTS=OFF -DLIION_BUILD_EXAMPLES=OFF -DLIION_DOCS=OFF >/dev/null
cmake --build "$build" --target liion_shared -j "$(nproc)"
lib=$(ls "$build"/libliion.so.*.*.* | head -n 1)
so=$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
# Paths are made relative so the baseline does not depend on where the tree was checked out.
# Locations stay in: without them (--no-show-locs) abidiff --headers-dir2 cannot tell that the
# baseline's types come from the public headers and silently filters out struct member
# changes (measured with libabigail 2.2: a uint64_t field turned uint32_t passed the gate).
abidw --no-comp-dir-path --headers-dir "$here/include/liion" "$lib" \
  | sed -e "s|$build/||g" -e "s|$here/||g" > "$here/abi/$so.abi"
nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" {print $3}' \
  | sed 's/@.*//' | sort > "$here/abi/exported-symbols.txt"
echo "wrote abi/$so.abi and abi/exported-symbols.txt; commit them with a CHANGELOG line"
