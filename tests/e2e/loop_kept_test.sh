#!/usr/bin/env bash
# Loop scenario 1: a real speedup (range tests instead of table searches, about 5x) is kept —
# one commit on main whose message carries the mechanism and the measured numbers, a worklog
# entry in the procedure's format, the agent's idea added as a proposed candidate.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
before=$(commits)

id=$(add_candidate "Range tests" --proposed "Two range compares instead of searching tables" --gain 3x)
[[ $id == 1 ]] || fail "first candidate got id $id"
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Range tests: kept"
expect_contains out.txt "commit "

[[ $(commits) == $((before + 1)) ]] || fail "expected exactly one new commit on main"
git log -1 --format=%B > msg.txt
expect_contains msg.txt "Range tests: the C locale's character classes are contiguous byte ranges"
expect_contains msg.txt "x speedup on"
expect_contains msg.txt "utf8"
expect_contains msg.txt "x faster ["
expect_contains msg.txt "Measured by hone (wall"
git diff HEAD~1 --stat | grep -q "src/count.cc" || fail "the commit does not change src/count.cc"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "main is not clean"
git branch --list 'hone/*' | grep -q . && fail "work branches left behind: $(git branch --list 'hone/*')"

expect_contains perf/WORKLOG.md "## Optimization Candidates"
expect_contains perf/WORKLOG.md "## Optimization 1: Range tests"
expect_contains perf/WORKLOG.md "Status: COMPLETE (kept)"
expect_contains perf/WORKLOG.md "| Benchmark | Before (median) | After (median) | Change: paired ratio [95% CI] |"
expect_contains perf/WORKLOG.md "Commit: $(git rev-parse --short=12 HEAD)"

# The agent's idea became a proposed candidate; status ticks the boxes from the record.
expect_status 0 "$HONE" candidate list
expect_contains out.txt "1   kept      Range tests"
expect_contains out.txt "2   proposed  Read the input in 64 KiB blocks"
expect_status 0 "$HONE" status
expect_contains out.txt "- [x] Commit message includes numbers"
expect_contains out.txt "- [x] Results verified by parent agent"
