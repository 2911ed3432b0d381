#!/bin/sh
# libliion <-> node-opcua interoperability test (OPC UA Binary Variants and DataValues).
#
# Usage: tests/interop/run.sh HELPER SCRATCH_DIR [SEED] [COUNT]
#   HELPER       the ua_interop program built from tests/interop/ua_interop.c
#   SCRATCH_DIR  a folder under the build directory; node-opcua is installed there with npm
#                (the only network access: the npm registry, `npm config get registry`)
#   SEED, COUNT  random seed and values per direction (defaults 20261127 and 2000)
#
# Needs Node.js >= 18 and npm (Debian 12: apt-get install nodejs npm; the node-opcua packages
# declare engines >= 22 and run on Debian's Node 20 with an EBADENGINE warning). If node, npm
# or the packages are missing and cannot be installed, the test FAILS with a message: it never
# passes without having run.
set -u
fail() { echo "interop: FAIL: $*" >&2; exit 1; }
[ $# -ge 2 ] || fail "usage: $0 HELPER SCRATCH_DIR [SEED] [COUNT]"
helper=$1
scratch=$2
seed=${3:-20261127}
count=${4:-2000}
here=$(cd "$(dirname "$0")" && pwd)

[ -x "$helper" ] || fail "helper program '$helper' is missing or not executable"
command -v node >/dev/null 2>&1 || fail "node not found: install Node.js >= 18 (Debian 12: apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || fail "npm not found (Debian 12: apt-get install npm)"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || fail "node does not run"
[ "$major" -ge 18 ] 2>/dev/null || fail "node $major is too old: need >= 18"

# Exact versions: the run is reproducible and a re-run does not touch the network.
pkgs="node-opcua-variant@2.182.0 node-opcua-data-value@2.182.0 node-opcua-binary-stream@2.181.0
node-opcua-nodeid@2.182.0 node-opcua-data-model@2.182.0 node-opcua-status-code@2.181.0
node-opcua-extension-object@2.182.0"
stamp=$(echo $pkgs | cksum | cut -d' ' -f1)
mkdir -p "$scratch" || fail "cannot create $scratch"
scratch=$(cd "$scratch" && pwd)
if [ ! -f "$scratch/.installed-$stamp" ]; then
  printf '{"name":"liion-interop-scratch","private":true,"type":"module"}\n' > "$scratch/package.json"
  echo "interop: installing node-opcua into $scratch from $(npm config get registry)"
  # shellcheck disable=SC2086
  if ! (cd "$scratch" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error \
          $pkgs > "$scratch/npm.log" 2>&1); then
    tail -20 "$scratch/npm.log" >&2
    fail "npm could not install the node-opcua packages (log: $scratch/npm.log); the interop test did not run"
  fi
  touch "$scratch/.installed-$stamp"
fi
cp "$here/interop.mjs" "$scratch/interop.mjs" || fail "cannot copy interop.mjs"
cd "$scratch" || fail "cannot enter $scratch"
# the EBADENGINE/engine warnings of the packages go to stderr; keep them out of the way
node interop.mjs "$helper" "$seed" "$count" 2> "$scratch/node-stderr.log"
rc=$?
if [ $rc -ne 0 ]; then
  grep -v -i 'ebadengine\|engine' "$scratch/node-stderr.log" | tail -30 >&2
  fail "node-opcua interop found differences or could not run (exit $rc)"
fi
echo "interop: PASS"
