#!/bin/sh
# Install the built tree into a scratch prefix, then build a consumer outside the tree both
# ways: CMake find_package(liion CONFIG) and pkg-config --static. The static executables must
# not depend on libliion.so; the shared one must find it through its run path.
# Usage: run.sh BUILD_DIR CONSUMER_SRC WORKDIR CC
set -eu
build=$1 src=$2 work=$3 cc=$4
prefix=$work/prefix
rm -rf "$work"; mkdir -p "$work"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
libdir=$(ls -d "$prefix"/lib* | head -n 1)

echo "== find_package(liion CONFIG)"
cmake -S "$src" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
      -DCMAKE_BUILD_RPATH="$libdir" >"$work/cmake.log"
cmake --build "$work/cmake" >>"$work/cmake.log"
"$work/cmake/consumer_static"
"$work/cmake/consumer_shared"
if ldd "$work/cmake/consumer_static" | grep -q libliion; then
  echo "static consumer depends on libliion.so"; exit 1
fi
ldd "$work/cmake/consumer_shared" | grep -q "libliion.so" || { echo "shared consumer does not use libliion.so"; exit 1; }

echo "== pkg-config --static"
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
cflags=$(pkg-config --cflags liion)
libs=$(pkg-config --static --libs liion)
echo "pkg-config --static --libs liion: $libs"
# libliion.a and libliion.so sit side by side, so ask the linker for the archive explicitly;
# libcbor and zlib stay as pkg-config lists them (Debian ships no libcbor.a).
deps=$(echo "$libs" | sed 's/-lliion//')
# shellcheck disable=SC2086
"$cc" -o "$work/pc_static" "$src/main.c" $cflags -Wl,-Bstatic -lliion -Wl,-Bdynamic $deps
"$work/pc_static"
if ldd "$work/pc_static" | grep -q libliion; then
  echo "pkg-config static consumer depends on libliion.so"; exit 1
fi
echo "consumer OK: find_package (static and shared) and pkg-config --static"
