#!/usr/bin/env bash
# Issue 9 point 10: with one benchmark, "geomean speedup >= 2x vs baseline" is judged (the
# geometric mean of one ratio is that ratio); `hone criteria` on the baseline run says "not
# met" (ours is the baseline), not "run hone baseline first"; `hone run --next` after a kept
# attempt (range tests) checks the criteria and writes the final report.
# Measured in instructions (callgrind: exact whatever the load): range tests give 4.78x or more on
# short-lines, far from the 2x criterion. In wall time, under a load of 5, the kept attempt
# measured 3.16x [2.05x, 3.81x] and the criterion's judgement of it fell on the wrong side of 2x.
source "$(dirname "$0")/loop_common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }
make_loop_repo
python3 - <<'PY'
import re
t = open("hone.toml").read()
t = t.replace('[[benchmark]]\nname = "utf8"\nargs = "inputs/utf8.txt"\n\n', "")
t = re.sub(r"^done = .*$", 'done = ["geomean speedup >= 2x vs baseline"]', t, flags=re.M)
t = t.replace("[measure]\n", '[measure]\nmetric = "instructions"\n', 1)
open("hone.toml", "w").write(t)
PY
grep -q utf8 hone.toml && grep -q '^name = "utf8"' hone.toml && fail "the second benchmark is still configured"
git_commit "one benchmark, criteria for this scenario"
expect_status 0 "$HONE" baseline

expect_status 1 "$HONE" criteria
expect_contains out.txt "geomean speedup >= 2x vs baseline — not met: geomean speedup vs baseline 1.00x [1.00–1.00]"
expect_not_contains err.txt "run \`hone baseline\` first"

add_candidate "Range tests" >/dev/null
expect_status 0 "$HONE" run --next
expect_contains out.txt "#1 Range tests: kept"
expect_contains out.txt "the done criteria are met; writing the final report"
expect_contains perf/WORKLOG.md "## Final Summary: done criteria met"
expect_contains perf/WORKLOG.md "geomean speedup >= 2x vs baseline"
