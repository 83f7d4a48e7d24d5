#!/usr/bin/env bash
# Loop scenario 7: an agent that exits non-zero (and writes no report) and one that writes a
# garbled report are clear outcomes, not crashes: each attempt is rejected with its reason and
# the loop goes on to the next candidate, which is kept.
source "$(dirname "$0")/loop_common.sh"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
LOOP_CONFIG=model.toml
make_loop_repo
before=$(commits)

add_candidate "Crash" >/dev/null
add_candidate "Garbled" >/dev/null
add_candidate "Range tests" >/dev/null
# --all: after the three, no approved candidate is left and the criteria are not met (exit 1).
expect_status 1 "$HONE" run --all
expect_contains out.txt "#1 Crash: rejected — the agent exited with status 3"
expect_contains out.txt "agent-crash-1.log"
expect_contains out.txt "agent report: missing"
expect_contains out.txt "#2 Garbled: rejected — the attempt changed nothing"
expect_contains out.txt "agent report: garbled"
expect_contains out.txt "#3 Range tests: kept"
expect_contains .hone/logs/agent-crash-1.log "scripted-agent: giving up"
[[ $(commits) == $((before + 1)) ]] || fail "expected exactly one new commit on main"
expect_contains perf/WORKLOG.md "Agent report: garbled"
expect_status 0 "$HONE" candidate list
expect_contains out.txt "1   rejected  Crash"
expect_contains out.txt "2   rejected  Garbled"
expect_contains out.txt "3   kept      Range tests"
