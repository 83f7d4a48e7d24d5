#!/usr/bin/env bash
# 'vs baseline' done criteria judged on a number measured, not inferred (issue "Decisions" 5):
# when an attempt's base, or the final report's start, is the baseline's own commit, the clause
# takes the paired before → after ratio of that very run; otherwise the stored baseline against
# the run, and the summary says which. Measured by the model (exact ratios: 4x, then 1.5x slower).
LOOP_CONFIG=model.toml
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
start=$(git rev-parse HEAD)
expect_status 0 "$HONE" baseline

range=$(add_candidate "Range tests")
expect_status 0 "$HONE" run "$range"
expect_contains out.txt "#1 Range tests: kept"
expect_contains out.txt "geomean speedup >= 5x vs baseline not met"
expect_contains out.txt "4.00x"
# The harness's times keep their unit in the loop's tables (reported in ms, shown as times).
expect_contains out.txt "| short-lines | 10.0 ms | 2.500 ms | 4.00x faster [4.00x, 4.00x] |"
expect_contains out.txt "(vs baseline: ours at the baseline's commit ${start:0:12} against ours@range-tests, paired round by round in run"

add_candidate "Comment only" >/dev/null
expect_status 1 "$HONE" run --all
expect_contains out.txt "#3 Comment only: slow"
# The final report measures the loop's start (the baseline's commit) against main's head.
expect_contains perf/WORKLOG.md "## Incomplete: done criteria not met"
expect_contains perf/WORKLOG.md "(vs baseline: ours at the baseline's commit ${start:0:12} against ours@end, paired round by round in run"
# hone criteria --measure: the baseline's commit against main's head, built and measured now.
expect_status 1 "$HONE" criteria --measure
# The start → end table it measured, then the criteria judged on it.
expect_contains out.txt "| Benchmark | Start (median) | End (median) | Improvement: paired ratio [95% CI] |"
expect_contains out.txt "| short-lines | 10.0 ms | 2.500 ms | 4.00x faster [4.00x, 4.00x] |"
expect_contains out.txt "done criteria, judged on run"
expect_contains out.txt "(the start ${start:0:12} against main's head, measured now):"
expect_contains out.txt "✗ geomean speedup >= 5x vs baseline — not met: geomean speedup vs baseline 4.00x [4.00–4.00]; needs >= 5x"
expect_contains out.txt "'vs baseline' is ours at the baseline's commit against ours at the head, paired round by round"
expect_contains out.txt "criteria not met"
expect_status 1 "$HONE" criteria --measure --format json
json_documented out.txt Criteria
json_check out.txt 'j["met"] is False and j["start"] == "'"$start"'" and j["clauses"][0]["status"] == "not met"'
expect_contains perf/WORKLOG.md "## Done criteria: not met"
expect_status 2 "$HONE" criteria --measure "faster than x on all"
expect_contains err.txt "--measure judges [criteria] done: give no sentences with it"
# A bound only, no clause against the baseline: no line about how 'vs baseline' was measured.
sed -i 's/^done = .*/done = ["short-lines < 20ms"]/' hone.toml
expect_status 0 "$HONE" criteria --measure
expect_contains out.txt "✓ short-lines < 20ms — met"
expect_contains out.txt "all criteria met"
! grep -q "'vs baseline' is" out.txt || fail "a line about 'vs baseline' without such a clause"
# --baseline NAME: the start is that baseline's commit, and 'vs baseline' is judged against it
# (here a baseline recorded at main's head: start = end, exactly 1.00x, paired).
sed -i 's/^done = .*/done = ["geomean speedup >= 5x vs baseline"]/' hone.toml
expect_status 0 "$HONE" baseline --name head
head=$(git rev-parse HEAD)
expect_status 1 "$HONE" criteria --measure --baseline head
expect_contains out.txt "(the start ${head:0:12} against main's head, measured now):"
expect_contains out.txt "geomean speedup vs baseline 1.00x [1.00–1.00]; needs >= 5x"
expect_contains out.txt "'vs baseline' is ours at the baseline's commit against ours at the head, paired round by round"
