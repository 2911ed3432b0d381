#!/bin/sh
# The README's test command: install what is missing, then build and run every test in
# three configurations:
#   1. gcc RelWithDebInfo, warnings as errors: Check suites, header/exports/ABI gates, Python
#      bindings and pip install, installed-package consumer, examples, corpus replay, Doxygen,
#      benchmarks in --quick mode, node-opcua interop (npm installs it into the build tree);
#   2. clang with AddressSanitizer + UndefinedBehaviorSanitizer: the whole suite again (but the
#      Python tests, which load the library into an uninstrumented interpreter, and interop);
#   3. clang with ThreadSanitizer: the multi-context thread test.
#   4. clang with libFuzzer (LIION_FUZZ=ON): every fuzz target replays its corpus.
# Build trees go under $LIION_BUILD_DIR (default ./build-test).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sh "$here/scripts/setup.sh"
out=${LIION_BUILD_DIR:-$here/build-test}
jobs=$(nproc)
export CTEST_OUTPUT_ON_FAILURE=1
# Sanitizer settings (read only by the instrumented builds).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1
passed=0
failed=0
skipped=0

# ctest with its output kept, adding its counts to the totals printed at the end.
run_ctest() {
  log=$(mktemp)
  rc=0
  ctest --no-tests=error "$@" 2>&1 | tee "$log" || true
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
  nskip=$(grep -cE '^ *[0-9]+ - .* \(Skipped\)$' "$log" || true)
  rm -f "$log"
  if [ -z "$line" ]; then
    echo "ctest printed no summary: treating as failed"
    failed=$((failed + 1))
    return 1
  fi
  nfail=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
  total=$(echo "$line" | sed -E 's/.* tests failed out of ([0-9]+).*/\1/')
  passed=$((passed + total - nfail - nskip))
  failed=$((failed + nfail))
  skipped=$((skipped + nskip))
  [ "$nfail" -eq 0 ] || rc=1
  return $rc
}

# -O3 as in a Release build: gcc's -O3 inlining finds warnings (stringop-overflow) that -O2
# does not, and a user's Release build with LIION_WERROR must compile.
echo "== 1/4 gcc -O3 -g: full suite with ABI gate and docs"
cmake -S "$here" -B "$out/gcc" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O3 -g -DNDEBUG" -DLIION_WERROR=ON -DLIION_ABI_GATE=ON >/dev/null
cmake --build "$out/gcc" -j "$jobs"
run_ctest --test-dir "$out/gcc" -j "$jobs"

echo "== 2/4 clang ASan+UBSan: full suite"
cmake -S "$here" -B "$out/asan" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_BUILD_TYPE=Debug -DLIION_WERROR=ON -DLIION_SANITIZE=address,undefined \
      -DLIION_DOCS=OFF -DLIION_INTEROP=OFF >/dev/null
cmake --build "$out/asan" -j "$jobs"
# The Python tests load libliion.so into an uninstrumented interpreter: skip them here.
run_ctest --test-dir "$out/asan" -j "$jobs" -E '^python_'

echo "== 3/4 clang TSan: contexts driven from many threads"
cmake -S "$here" -B "$out/tsan" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_BUILD_TYPE=Debug -DLIION_SANITIZE=thread -DLIION_DOCS=OFF \
      -DLIION_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$out/tsan" -j "$jobs" --target check_threads
run_ctest --test-dir "$out/tsan" -R '^check_threads$'

echo "== 4/4 clang libFuzzer: replay every corpus through the instrumented targets"
cmake -S "$here" -B "$out/fuzz" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
      -DLIION_FUZZ=ON -DLIION_BUILD_TESTS=OFF -DLIION_BUILD_EXAMPLES=OFF -DLIION_DOCS=OFF >/dev/null
cmake --build "$out/fuzz" -j "$jobs"
run_ctest --test-dir "$out/fuzz" -j "$jobs"

echo "== all test configurations passed"
echo "$passed passed, $failed failed, $skipped skipped"
