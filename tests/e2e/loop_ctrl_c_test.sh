#!/usr/bin/env bash
# Ctrl-C while the agent works: hone kills the agent's process group, closes the attempt as
# interrupted, removes its worktree and branch and exits 130; main is untouched and the
# candidate can run again.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
head=$(git rev-parse HEAD)
id=$(add_candidate "Hang")

set +e
"$HONE" run "$id" >bg.out 2>bg.err &
pid=$!
for _ in $(seq 1 200); do
  grep -q "thinking forever" .hone/logs/agent-hang-1.log 2>/dev/null && break
  sleep 0.1
done
kill -INT $pid
wait $pid
status=$?
set -e
[[ $status -eq 130 ]] || { cat bg.out bg.err; fail "expected exit 130 after Ctrl-C, got $status"; }
expect_contains bg.err "interrupted: stopped the agent"
agent=$(cat .hone/reports/agent-1.pid)
kill -0 -- "-$agent" 2>/dev/null && fail "the agent's process group ($agent) survived"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
[[ -d .hone/worktrees/hang ]] && fail "the interrupted attempt's worktree is still there"
git rev-parse --verify -q hone/hang >/dev/null && fail "the interrupted attempt's branch is still there"
expect_status 0 "$HONE" candidate show "$id"
expect_contains out.txt "status:     approved"
expect_contains out.txt "interrupted — interrupted (Ctrl-C) while the agent ran"

# Ctrl-C while measuring: the session stops after the run in flight; the attempt is closed as
# interrupted and cleaned up; nothing reaches main.
id=$(add_candidate "Range tests")
set +e
"$HONE" run "$id" >bg.out 2>bg.err &
pid=$!
# Once the session has recorded its run (status "running") it is measuring: Ctrl-C is then a
# request that the session handles. ("measuring" on stderr comes earlier, before the spawn floor
# and the machine's fingerprint: a Ctrl-C there, under load, found hone outside the session.)
for _ in $(seq 1 600); do
  "$HONE" runs --format json >runs.json 2>/dev/null && [[ $(json runs.json 'sum(r["status"] == "running" for r in j)') == 1 ]] && break
  sleep 0.1
done
[[ $(json runs.json 'sum(r["status"] == "running" for r in j)') == 1 ]] || { cat bg.err; fail "the measurement never started"; }
sleep 0.3
kill -INT $pid
wait $pid
status=$?
set -e
[[ $status -eq 130 ]] || { cat bg.out bg.err; fail "expected exit 130 after Ctrl-C while measuring, got $status"; }
expect_contains bg.err "interrupted: removed the attempt's worktree and branch; main untouched"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
[[ -d .hone/worktrees/range-tests ]] && fail "the interrupted attempt's worktree is still there"
expect_status 0 "$HONE" candidate show "$id"
expect_contains out.txt "interrupted (Ctrl-C) while measuring"
