#!/usr/bin/env bash
# Code layout is not a mechanism (issue 10): examples/layout's attempt only adds an #include,
# which moves the hot loop onto a cache line, and the model machine reports 1.25x faster. With
# [layout] declared, hone builds base and attempt at each of the 4 variants, measures each pair,
# and parks the change "within layout noise" (0.80, 1.00, 1.00 and 1.25 across the variants).
# Without [layout], the same change is kept: the artifact the perturbation exists to catch.
# Deterministic: the example reports the model's time, a function of the build's layout only.
source "$(dirname "$0")/loop_common.sh"

make_layout_repo() {
  cp -r "$SOURCE_DIR/examples/layout" "$WORK/$1"
  rm -rf "$WORK/$1/prog" "$WORK/$1/.hone"
  cd "$WORK/$1"
  git init -q -b main
  git add -A
  git_commit "layout example"
}
# The attempt: one #include in front of hot().
add_include() {
  sed -i 's|^LAYOUT __attribute__((noinline, aligned(16))) uint64_t hot|#include "checksum.h"\n\n&|' "$1/prog.c"
  grep -q '#include "checksum.h"' "$1/prog.c" || fail "the attempt's edit did not apply"
}

make_layout_repo with-layout
before=$(commits)
base=$(git rev-parse HEAD)
id=$(add_candidate "Checksum table" --proposed "Include the checksum table helper")
expect_status 0 "$HONE" try "$id"
add_include .hone/worktrees/checksum-table
expect_status 0 "$HONE" finish
expect_contains out.txt "#1 Checksum table: slow — within layout noise: no gain that holds across the layout variants"
expect_contains out.txt "hot 1.25x faster [1.25x, 1.25x] on the builds as they are, but 1.00x faster"
expect_contains out.txt "across 4 layout variants (1.25x faster, 1.00x faster, 1.00x faster, 1.25x slower)"
expect_not_contains out.txt "kept"
[[ $(commits) == "$before" ]] || fail "main moved"
git rev-parse --verify -q hone/slow-checksum-table >/dev/null || fail "no slow branch"
# The perturbed builds really happened: base and attempt at each variant, {layout} substituted.
for i in 1 2 3 4; do
  ls .hone/logs/build-"${base:0:12}"-layout$i.log >/dev/null || fail "no build of the base at layout variant $i"
  [[ $(ls .hone/logs/build-*-layout$i.log | wc -l) == 2 ]] || fail "expected 2 builds at layout variant $i"
done
expect_contains ".hone/logs/build-${base:0:12}-layout4.log" "cc -O2 -fno-toplevel-reorder -DLAYOUT_PAD=48 -o prog prog.c"
# Recorded with the attempt, and in the worklog and lessons note through the reason.
grep -rq "within layout noise" perf/ || fail "the worklog does not say within layout noise"

# Without [layout]: the same change is credited to the code and kept.
make_layout_repo without-layout
python3 - <<'PY'
import re
t = open("hone.toml").read()
t = t.replace(" {layout}", "")
t = t[:t.index("\n[layout]\n") + 1]
open("hone.toml", "w").write(t)
PY
git_commit "no layout variants"
before=$(commits)
id=$(add_candidate "Checksum table" --proposed "Include the checksum table helper")
expect_status 0 "$HONE" try "$id"
add_include .hone/worktrees/checksum-table
expect_status 0 "$HONE" finish
expect_contains out.txt "#1 Checksum table: kept — faster with confidence: hot 1.25x faster [1.25x, 1.25x]"
[[ $(commits) == $((before + 1)) ]] || fail "expected the change on main"
echo ok
