#!/usr/bin/env bash
# Loop scenario 6: an agent that never returns is killed with its process group at
# [agent] timeout; the attempt is rejected with that reason and its worktree kept for inspection.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
sed -i 's/^timeout = "60s"/timeout = "3s"/' hone.toml
git_commit "agent timeout 3 s"
head=$(git rev-parse HEAD)

id=$(add_candidate "Hang")
start=$(date +%s)
expect_status 0 "$HONE" run "$id"
elapsed=$(( $(date +%s) - start ))
(( elapsed < 40 )) || fail "hone took ${elapsed}s: the agent was not stopped at its timeout"
expect_contains out.txt "#1 Hang: rejected — the agent timed out after 3 s and was killed with its process group"
expect_contains out.txt "worktree is kept for inspection"
[[ -d .hone/worktrees/hang ]] || fail "the worktree was not kept"
expect_contains .hone/logs/agent-hang-1.log "scripted-agent: thinking forever"
agent=$(cat .hone/reports/agent-1.pid)
kill -0 -- "-$agent" 2>/dev/null && fail "the agent's process group ($agent) survived"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
expect_contains perf/WORKLOG.md "Status: REJECTED"
