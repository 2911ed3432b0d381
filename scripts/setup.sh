#!/bin/sh
# Install what libliion needs to build and test on Debian 12 (bookworm), only what is missing.
# Runs apt-get as root, or through sudo; says so clearly if it can do neither.
set -eu
PKGS="cmake make gcc g++ pkg-config check libsubunit-dev libcbor-dev zlib1g-dev clang \
libclang-rt-14-dev abigail-tools doxygen libsqlite3-dev python3 python3-pip python3-venv binutils \
python3-jsonschema python3-numpy"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js and npm for the node-opcua interop test: any node >= 18 will do (Debian 12 ships 18;
# a NodeSource build may already be there), so look for the commands, not the packages.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -z "$missing" ]; then
  echo "setup: all packages present"
  exit 0
fi
echo "setup: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
elif command -v sudo >/dev/null 2>&1; then
  echo "setup: sudo will ask for your password to install:$missing"
  SUDO="sudo"
else
  echo "setup: these Debian packages are missing and I am neither root nor able to use sudo:" >&2
  echo "  $missing" >&2
  echo "Install them as root: apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
