#!/usr/bin/env bash
# Loop scenario 8: the done criteria ("geomean speedup >= 8x vs baseline") are not met after the
# first kept candidate and are met after the second: the loop stops there — the third approved
# candidate never runs — and writes the final report (4.1).
# Measured in instructions (callgrind: exact counts, whatever the machine's load), so the margins
# are fixed numbers: range tests alone give a geomean of 5.44x (4.78x and 6.20x), with block
# reads 16.8x, and the 8x criterion lies far from both. (In wall time the second figure is capped
# near GNU wc's process cost: it sat at 5.4x against the 6x criterion this test used to have.)
source "$(dirname "$0")/loop_common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
make_loop_repo
sed -i 's/^done = .*/done = ["geomean speedup >= 8x vs baseline"]/' hone.toml
sed -i 's/^\[measure\]$/[measure]\nmetric = "instructions"/' hone.toml
git_commit "criteria for this scenario"
before=$(commits)
expect_status 0 "$HONE" baseline

add_candidate "Range tests" >/dev/null
add_candidate "Buffered reads" >/dev/null
add_candidate "Locale check" >/dev/null
expect_status 0 "$HONE" run --all

expect_contains out.txt "#1 Range tests: kept"
expect_contains out.txt "#2 Buffered reads: kept"
expect_contains out.txt "the done criteria are met; writing the final report"
expect_not_contains out.txt "Locale check"
[[ $(commits) == $((before + 2)) ]] || fail "expected two new commits on main"
git log --format=%s -2 > subjects.txt
expect_contains subjects.txt "Buffered reads: one istream::read per 64 KiB block"
expect_contains subjects.txt "Range tests: the C locale's character classes"

expect_contains perf/WORKLOG.md "## Final Summary: done criteria met"
expect_contains perf/WORKLOG.md "| Benchmark | Start (median) | End (median) | Improvement: paired ratio [95% CI] |"
expect_contains perf/WORKLOG.md "1. Range tests: the C locale's character classes"
expect_contains perf/WORKLOG.md "2. Buffered reads: one istream::read"
expect_contains perf/WORKLOG.md "geomean speedup >= 8x vs baseline"
expect_status 0 "$HONE" candidate list
expect_contains out.txt "approved  Locale check"
expect_status 0 "$HONE" status
expect_contains out.txt "- [x] Final benchmarks match done criteria"
expect_contains out.txt "Next: done"
