#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of hone from Debian 12 packages (libpq and
# a PostgreSQL server for the shared store's tests, Slurm and munge for the fleet's), then the
# MCP test clients (tests/mcp: the official SDK and conformance suite) and the fleet's schema
# validators (tests/fleet: kubernetes-models, @actions/workflow-parser) from the npm registry at
# the versions each package-lock.json pins. Nothing is fetched at build or test time.
# Idempotent: packages already present are skipped. Run as root (or via sudo).
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
  nodejs
  libpq-dev postgresql postgresql-client
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
else
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm: bundled with some builds of the nodejs package, a package of its own in Debian's.
if ! command -v npm >/dev/null; then
  echo "setup: installing npm"
  ${SUDO:-$([[ $(id -u) -ne 0 ]] && echo sudo)} apt-get install -y -qq --no-install-recommends npm
fi
# The npm test tools, exactly as locked; each skipped when already installed from this very lock
# file: the MCP clients of tests/e2e/mcp_test.sh (tests/mcp) and the Kubernetes and GitHub
# Actions schema validators of tests/e2e/fleet_manifests_test.sh (tests/fleet).
for tools in mcp:"MCP test clients" fleet:"fleet schema validators"; do
  dir="$(cd "$(dirname "$0")/../tests/${tools%%:*}" && pwd)"
  if cmp -s "$dir/package-lock.json" "$dir/node_modules/.hone-installed-lock"; then
    echo "setup: ${tools#*:} already installed"
  else
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.hone-installed-lock)
  fi
done
