#!/bin/sh
# The Python package installs with pip from its folder without network (in-tree PEP 517
# backend, no build requirements), and the installed copy imports and talks to the library.
# Usage: pip_install_test.sh PYTHON PACKAGE_DIR LIBRARY WORKDIR
set -eu
py=$1 pkg=$2 lib=$3 work=$4
if ! "$py" -m pip --version >/dev/null 2>&1; then
  echo "pip is not installed for $py (apt-get install python3-pip)"; exit 1
fi
rm -rf "$work"; mkdir -p "$work"
# --no-index: nothing may come from the network. --target sidesteps PEP 668 on Debian.
PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$py" -m pip install --no-index --no-cache-dir \
  --target "$work/site" "$pkg"
cd "$work"
LIION_LIBRARY=$lib PYTHONPATH="$work/site" "$py" -c '
import liion, sys
assert liion.__file__.startswith(sys.argv[1]), liion.__file__
with liion.Context() as ctx:
    print("pip-installed liion", liion.__version__, "runs library", liion.library_version(),
          "context holds", ctx.memory_used, "bytes")
' "$work/site"
