#!/usr/bin/env bash
# A person instead of an agent: `hone try N` prepares the worktree and prints the prompt; the
# person edits there; `hone finish` verifies and decides exactly as `hone run` does.
LOOP_CONFIG=model.toml
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
before=$(commits)
id=$(add_candidate "Range tests" --proposed "Two range compares instead of table searches")

expect_status 0 "$HONE" try "$id"
expect_contains out.txt "You are implementing Optimization 1: Range tests for the wc-loop project."
expect_contains out.txt "## Current State"
expect_contains err.txt "then run \`hone finish\`"
[[ -d .hone/worktrees/range-tests ]] || fail "no worktree prepared"
expect_status 2 "$HONE" try "$id"
expect_contains err.txt "is open"

(cd .hone/worktrees/range-tests && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch")
expect_status 0 "$HONE" finish
expect_contains out.txt "#1 Range tests: kept"
[[ $(commits) == $((before + 1)) ]] || fail "expected one new commit"
# No report: the commit subject falls back to the candidate's proposal.
git log -1 --format=%s > subject.txt
expect_contains subject.txt "Range tests: Two range compares instead of table searches"
expect_status 2 "$HONE" finish
expect_contains err.txt "no attempt is open"
