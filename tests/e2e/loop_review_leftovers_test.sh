#!/usr/bin/env bash
# Issue 9.8: what a careless agent leaves behind is flagged and the attempt rejected before it
# is built, even with --allow-bench-changes: a 12 MB scratch file (past max_file_size), a cloned
# dependency with its own .git (a gitlink), a symlink to /etc/passwd, a source file made
# executable. Nothing reaches main; each attempt's branch keeps it for inspection. Processes it
# leaves running (in its group, or daemonized) are ended.
source "$(dirname "$0")/loop_common.sh"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
LOOP_CONFIG=model.toml
make_loop_repo
use_test_agents
main_before=$(tip main)

check() {  # check NAME TEXT: the candidate NAME is rejected with TEXT in the reason
  local id
  id=$(add_candidate "$1")
  expect_status 0 "$HONE" run "$id" --allow-bench-changes
  expect_contains out.txt "#$id $1: rejected — the attempt leaves behind what never belongs in a commit: "
  expect_contains out.txt "$2"
  expect_not_contains err.txt "measuring"
  [[ $(tip main) == "$main_before" ]] || fail "main moved for $1"
  [[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean after $1"
}
check "Big file" "scratch.bin (a large file (12.0 MB > 10.0 MB))"
check "Nested repo" "vendor/dep (a nested repository (gitlink)"
check "Symlink out" "passwd-copy (a symlink leaving the worktree (-> /etc/passwd))"
check "Chmod" "src/count.cc (mode changed from 100644 to 100755)"
expect_contains perf/WORKLOG.md "leaves behind"

# Processes the agent started end with it: one left in its process group, one daemonized.
id=$(add_candidate "Daemon")
expect_status 0 "$HONE" run "$id"
expect_contains err.txt "hone: the agent left 2 processes running; ended: sleep (pid"
child=$(cat .hone/reports/daemon-*.json.child)
daemon=$(cat .hone/reports/daemon-*.json.daemon)
kill -0 "$child" 2>/dev/null && fail "the agent's background child $child survived"
kill -0 "$daemon" 2>/dev/null && fail "the agent's daemon $daemon survived"
[[ $(tip hone/big-file) != none ]] || fail "the rejected attempt's branch is gone"

# The size is configurable: with a 20 MB limit the scratch file is no hazard (then the attempt
# goes on to be built and measured as usual).
sed -i 's/^protect = \["gen\/"\]$/protect = ["gen\/"]\nmax_file_size = "20MB"/' hone.toml
git_commit "a larger limit"
"$HONE" candidate approve 1 >/dev/null
expect_status 0 "$HONE" run 1
expect_not_contains out.txt "leaves behind"
expect_contains out.txt "#1 Big file: kept"
# The first attempt's branch is its own; the second got hone/big-file-2 beside it.
[[ $(tip hone/big-file) != none ]] || fail "the first attempt's branch is gone"
