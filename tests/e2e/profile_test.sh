#!/usr/bin/env bash
# hone profile on the bundled example: perf sampling puts the planted hot function
# (wc::classify_char) first by self share and writes the note, the flame graph and the folded
# stacks into perf/research/; --metric instructions (callgrind) does the same with exact counts;
# two --rev give a differential profile; hone research new takes the next free number.
source "$(dirname "$0")/common.sh"
command -v perf >/dev/null || { echo "SKIP: perf is not installed"; exit 0; }
command -v make >/dev/null || { echo "SKIP: make is not installed"; exit 0; }
make_wc_repo
# Keep it fast: build only wc-naive and the inputs (not the Google Benchmark program), and add a
# 20 KB input for the callgrind runs.
sed -i 's|^build = "make"|build = "make build/wc-naive inputs/small-words.txt"|' hone.toml
cat >>hone.toml <<'EOF'

[[benchmark]]
name = "tiny"
args = "tiny.txt"
targets = ["ours"]
EOF
for i in $(seq 1 500); do echo "word $i and some more words, then a tab	here"; done >tiny.txt
git add tiny.txt
git_commit "profile test: tiny input"

# 1. Sampling profile with perf: the planted hotspot is first by self share.
expect_status 0 "$HONE" profile small-words --frequency 4999 --format json
cp out.txt p.json
cp err.txt p.err
expect_contains p.err "hone: profiling small-words / ours: ./build/wc-naive inputs/small-words.txt"
json_check p.json 'j["profiles"][0]["hotspots"][0]["function"] == "wc::classify_char"'
json_check p.json 'j["profiles"][0]["hotspots"][0]["self_share"] > 0.3'
json_check p.json 'j["profiles"][0]["unit"] == "samples" and j["profiles"][0]["total"] >= 100'
json_check p.json 'j["profiles"][0]["commit"] == "'"$(git rev-parse HEAD)"'"'
[[ -f perf/research/01-profile-small-words.md ]] || { ls -R perf; fail "no profile note"; }
[[ -f perf/research/01-profile-small-words.svg ]] || fail "no flame graph"
[[ -f perf/research/01-profile-small-words.folded ]] || fail "no folded stacks"
note=perf/research/01-profile-small-words.md
expect_contains "$note" "# Profile: small-words (ours)"
expect_contains "$note" "## Hotspots by self"
expect_contains "$note" "| 1 | \`wc::classify_char\` |"
expect_contains "$note" "## Hotspots by total"
expect_contains "$note" "[01-profile-small-words.svg](01-profile-small-words.svg)"
expect_contains "$note" "./build/wc-naive inputs/small-words.txt"
expect_contains "$note" "$(git rev-parse --short=12 HEAD)"
expect_contains "$note" "cpu-clock"
expect_contains perf/research/01-profile-small-words.folded "wc-naive;"
expect_contains perf/research/01-profile-small-words.folded "wc::classify_char "
expect_contains perf/research/01-profile-small-words.svg "wc::classify_char"
if command -v xmllint >/dev/null; then
  xmllint --noout perf/research/01-profile-small-words.svg || fail "the flame graph is not well-formed XML"
fi
expect_not_contains perf/research/01-profile-small-words.svg "https://"
# The worklog links the note.
expect_contains perf/WORKLOG.md "01-profile-small-words.md"

# The terminal form: markdown tables on stdout.
expect_status 0 "$HONE" profile small-words --no-build --top 3
expect_contains out.txt "| 1 | \`wc::classify_char\` |"
[[ -f perf/research/02-profile-small-words.md ]] || fail "the second profile must be note 02"

# 2. Instruction profile with callgrind: exact counts, the same hotspot on top.
if command -v valgrind >/dev/null; then
  expect_status 0 "$HONE" profile tiny --metric instructions --format json
  cp out.txt i.json
  json_check i.json 'j["profiles"][0]["unit"] == "instructions"'
  json_check i.json 'j["profiles"][0]["hotspots"][0]["function"] == "wc::classify_char(char)"'
  json_check i.json 'j["profiles"][0]["total"] > 1000000'
  note=perf/research/03-profile-tiny.md
  [[ -f $note && -f perf/research/03-profile-tiny.svg && -f perf/research/03-profile-tiny.folded ]] \
    || { ls perf/research; fail "no instruction profile note"; }
  expect_contains "$note" "valgrind --tool=callgrind"
  expect_contains "$note" "| 1 | \`wc::classify_char(char)\` |"
  # Exact: a second run counts the same instructions.
  expect_status 0 "$HONE" profile tiny --metric instructions --no-build --format json
  python3 - i.json out.txt <<'PY' || fail "two callgrind profiles differ"
import json, sys
a, b = (json.load(open(p))["profiles"][0] for p in sys.argv[1:3])
assert a["total"] == b["total"], (a["total"], b["total"])
assert a["hotspots"] == b["hotspots"]
PY
  rm perf/research/04-profile-tiny.*
fi

# 3. Differential profile: a commit that makes classify_char cheap.
git apply "$E2E_DIR/patches/fast-classify.patch"
git_commit "classify_char: range tests instead of table searches"
expect_status 0 "$HONE" profile small-words --rev HEAD~1 --rev HEAD --frequency 4999
cp out.txt d.txt
expect_contains d.txt "## What changed: ours@HEAD~1 → ours@HEAD"
expect_contains d.txt "| Function | Self % (A) | Self % (B) | Change (points) | Samples (A → B) |"
diffnote=$(ls perf/research/*-profile-small-words-diff.md)
diffsvg=${diffnote%.md}.svg
[[ -f $diffsvg ]] || fail "no differential flame graph"
[[ -f ${diffnote%.md}-a.folded && -f ${diffnote%.md}-b.folded ]] || fail "no folded stacks for A and B"
expect_contains "$diffsvg" "Differential"
expect_contains "$diffsvg" "data-delta="
expect_contains "$diffnote" "red = grew, blue = shrank"
# classify_char lost self share: its row in the diff table shows a negative change.
python3 - d.txt <<'PY' || fail "classify_char should shrink in the differential table"
import re, sys
text = open(sys.argv[1]).read()
section = text.split("## What changed")[1].split("###")[0]
rows = [l for l in section.splitlines() if l.startswith("| `wc::classify_char`")]
assert rows, section
a, b, change = [c.strip() for c in rows[0].strip("|").split("|")[1:4]]
assert float(change) < -10, rows[0]
PY

if command -v valgrind >/dev/null; then
  expect_status 0 "$HONE" profile tiny --metric instructions --rev HEAD~1 --rev HEAD
  expect_contains out.txt "| Function | Self (A) | Self (B) | Change | Self % (A) | Self % (B) |"
  expect_contains out.txt "| \`wc::classify_char(char)\` |"
  expect_contains out.txt "instructions ("
fi

# --against a stored baseline: A is the baseline's commit (HEAD~1 here), B the working tree.
git checkout -q HEAD~1
expect_status 0 "$HONE" baseline --name start --bench small-words --target ours --runs 2
git checkout -q -
expect_status 0 "$HONE" profile small-words --against start --top 3 --frequency 4999
expect_contains out.txt "## What changed: ours@start → ours@WORKTREE"
expect_contains err.txt "hone: profiling small-words / ours@start"

# 4. Research notes take the next free number.
last=$(ls perf/research | sed -n 's/^\([0-9][0-9]*\)-.*/\1/p' | sort -n | tail -1)
next=$(printf '%02d' $((10#$last + 1)))
expect_status 0 "$HONE" research new "GNU wc internals"
expect_contains out.txt "perf/research/$next-gnu-wc-internals.md"
expect_contains "perf/research/$next-gnu-wc-internals.md" "# GNU wc internals"
expect_contains "perf/research/$next-gnu-wc-internals.md" "What data structures do they use?"
expect_status 0 "$HONE" research new "SIMD / memchr"
expect_contains out.txt "$(printf '%02d' $((10#$next + 1)))-simd-memchr.md"
expect_status 0 "$HONE" research list
expect_contains out.txt "$next-gnu-wc-internals.md"

# Errors: an unknown benchmark, a bad flag value.
expect_status 2 "$HONE" profile no-such-bench --no-build
expect_contains err.txt "no-such-bench"
expect_status 2 "$HONE" profile small-words --no-build --frequency 0
expect_contains err.txt "--frequency"
echo "PASS"
