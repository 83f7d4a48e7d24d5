#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of hone from Debian 12 packages.
# Idempotent: packages already present are skipped by apt-get. Run as root (or via sudo).
set -euo pipefail

packages=(
  build-essential cmake git pkg-config ccache
  libfmt-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libsqlite3-dev libre2-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  valgrind linux-perf hyperfine python3 coreutils
  cargo librust-criterion-dev
  chromium libxml2-utils
  clang libclang-rt-14-dev
  meson ninja-build golang-go
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
