#!/usr/bin/env bash
# Issue 9.5: one loop per repository, also when the lock file is deleted. While `hone run` waits
# on an agent, the files .hone/loop.lock, .git/hone-loop.lock and all of .hone/logs are deleted;
# a second loop command is still refused (the flock is on the git folder itself), and the first
# loop's attempt survives it.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
id=$(add_candidate "Hang")

"$HONE" run "$id" >bg.out 2>bg.err &
pid=$!
for _ in $(seq 1 200); do
  grep -q "thinking forever" .hone/logs/agent-hang-1.log 2>/dev/null && break
  sleep 0.1
done
grep -q "thinking forever" .hone/logs/agent-hang-1.log || { cat bg.err; fail "the agent never started"; }
expect_status 2 "$HONE" run --next
expect_contains err.txt "another hone process is running the loop in $WORK/wc (pid $pid: hone run"

rm -f .hone/loop.lock .git/hone-loop.lock
expect_status 2 "$HONE" run --next
expect_contains err.txt "another hone process is running the loop"
expect_status 2 "$HONE" try "$id"
expect_contains err.txt "another hone process is running the loop"
[[ -d .hone/worktrees/hang ]] || fail "the first loop's worktree was taken away"
git rev-parse --verify -q hone/hang >/dev/null || fail "the first loop's branch was taken away"

kill -INT "$pid"
wait "$pid" || true
# Released with its holder.
expect_status 0 "$HONE" candidate approve "$id"
expect_status 2 "$HONE" run 999
expect_contains err.txt "there is no candidate 999"
