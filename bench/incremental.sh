#!/usr/bin/env bash
# Incremental attempts (issue 11), measured for real on this machine (not run in CI): what an
# attempt's build costs next to a clean build. hone builds every revision and every attempt in a
# fresh worktree of its own, through ccache (project/build_cache.h: ccache's compiler links first
# in PATH, CCACHE_BASEDIR the worktree, CCACHE_NOHASHDIR=true). The project is hone's own source
# (CMake, C++20, TARGETS below), built three ways in fresh `git worktree`s, side by side:
#   clean      the base commit, without ccache            (what every attempt cost before)
#   cold       the base commit, through an empty ccache   (the first `hone try`)
#   attempt    a commit changing FILE, through that cache (every `hone finish` after it)
# Prints a markdown table on stdout. Usage: bench/incremental.sh   Env: TARGETS, FILE
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
TARGETS=${TARGETS:-"hone_stats hone_config"}
FILE=${FILE:-src/stats/stats.cc}
links=""
for d in /usr/lib/ccache /usr/lib64/ccache /usr/local/lib/ccache; do [[ -L $d/g++ || -L $d/c++ ]] && links=$d && break; done
[[ -n $links ]] || { echo "ccache's compiler links are not installed (apt install ccache)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hone-incremental.XXXXXX")
trap 'git -C "$work/repo" worktree prune 2>/dev/null; rm -rf "$work"' EXIT
git clone -q --no-local "$root" "$work/repo"
cd "$work/repo"
base=$(git rev-parse HEAD)
echo "// bench/incremental.sh: the attempt's change" >> "$FILE"
git -c user.name=b -c user.email=b@b commit -qam "attempt: one file"
attempt=$(git rev-parse HEAD)
export CCACHE_DIR="$work/ccache"
unset CCACHE_DISABLE CCACHE_PREFIX

build() {  # build NAME COMMIT with-ccache(0/1) -> seconds
  local dir="$work/$1"
  git worktree add -q --detach "$dir" "$2"
  local start end
  start=$(date +%s.%N)
  if [[ $3 == 1 ]]; then
    (cd "$dir" && PATH="$links:$PATH" CCACHE_BASEDIR="$dir" CCACHE_NOHASHDIR=true \
      sh -c "cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2 --target $TARGETS >/dev/null")
  else
    (cd "$dir" && CCACHE_DISABLE=1 sh -c "cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=/usr/bin/c++ >/dev/null && cmake --build build -j2 --target $TARGETS >/dev/null")
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
clean=$(build clean "$base" 0)
cold=$(build cold "$base" 1)
inc=$(build attempt "$attempt" 1)
echo "| build ($TARGETS; one change to $FILE) | seconds | of clean |"
echo "|---|---|---|"
printf '| clean, no ccache | %.1f | 100%% |\n' "$clean"
printf '| base, cold ccache | %.1f | %.0f%% |\n' "$cold" "$(echo "100 * $cold / $clean" | bc -l)"
printf '| attempt, fresh worktree, warm ccache | %.1f | %.0f%% |\n' "$inc" "$(echo "100 * $inc / $clean" | bc -l)"
ccache --print-stats | awk -F'\t' '$1 ~ /^(direct_cache_hit|preprocessed_cache_hit|cache_miss)$/ { printf "%s=%s ", $1, $2 } END { print "" }' >&2
