#!/usr/bin/env bash
# Loop scenario 9: the only approved candidate is slower, the list is exhausted without meeting
# the done criteria: the incomplete report (4.2) goes to the worklog and
# research/NN-future-optimizations.md is written; hone run exits 1.
source "$(dirname "$0")/loop_common.sh"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
LOOP_CONFIG=model.toml
make_loop_repo
head=$(git rev-parse HEAD)

add_candidate "Locale check" >/dev/null
"$HONE" candidate add "Some unapproved idea" >/dev/null
expect_status 1 "$HONE" run --all
expect_contains out.txt "#1 Locale check: slow"
expect_contains out.txt "no approved candidate is left to run; measuring the final state"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
expect_contains perf/WORKLOG.md "## Incomplete: done criteria not met"
expect_contains perf/WORKLOG.md "## Current Performance"
expect_contains perf/WORKLOG.md "- #1 Locale check: slow"
note=perf/research/02-future-optimizations.md
[[ -f $note ]] || { ls perf/research; fail "no $note"; }
expect_contains $note "# Future Optimizations: wc-loop"
expect_contains $note "## What Was Tried and Did Not Help"
expect_contains $note "#2 Some unapproved idea"
expect_contains $note "geomean speedup >= 5x vs baseline"
expect_status 0 "$HONE" status
expect_contains out.txt "- [x] Future optimizations documented"

# hone report measures again and writes the incomplete report again (exit 1: not met).
expect_status 1 "$HONE" report
expect_contains out.txt "## Current Performance"
expect_contains out.txt "| Benchmark | Start (median) | End (median) | Improvement: paired ratio [95% CI] |"
[[ -f perf/research/03-future-optimizations.md ]] || fail "hone report wrote no new future-optimizations note"
