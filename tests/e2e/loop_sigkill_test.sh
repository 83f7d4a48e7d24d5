#!/usr/bin/env bash
# Loop scenario 10: hone is killed (SIGKILL) while it verifies an attempt. A second loop process
# meanwhile is refused by the lock. Afterwards main is clean, and the next `hone run` cleans up
# the dead attempt, runs it again and commits exactly once.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
before=$(commits)
id=$(add_candidate "Range tests")

"$HONE" run "$id" >bg.out 2>bg.err &
pid=$!
# Wait until the attempt is being verified (built, tested, measured).
for _ in $(seq 1 300); do
  "$HONE" candidate show "$id" > show.txt 2>/dev/null || true
  grep -q "verifying" show.txt && break
  sleep 0.1
done
grep -q "verifying" show.txt || { cat show.txt bg.err; fail "the attempt never reached verification"; }

expect_status 2 "$HONE" run --next
expect_contains err.txt "another hone process is running the loop"
expect_contains err.txt "pid $pid: hone run"

kill -9 "$pid"
wait "$pid" 2>/dev/null || true
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "main is not clean after the kill"
[[ $(commits) == "$before" ]] || fail "a commit reached main before verification ended"

expect_status 0 "$HONE" run "$id"
expect_contains err.txt "was interrupted (hone pid $pid is gone); cleaned up its worktree and branch, main untouched"
expect_contains out.txt "#1 Range tests: kept"
[[ $(commits) == $((before + 1)) ]] || fail "expected exactly one new commit on main, got $(( $(commits) - before ))"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "main is not clean"
expect_contains perf/WORKLOG.md "Status: INTERRUPTED"
# Running again has nothing left to do and commits nothing (the criteria are not met: exit 1).
expect_status 1 "$HONE" run --next
expect_contains out.txt "no approved candidate is left to run"
[[ $(commits) == $((before + 1)) ]] || fail "a second run committed again"
expect_status 1 "$HONE" run --next
expect_contains out.txt "the incomplete report is in the worklog"
