#!/usr/bin/env bash
# Issue 9.3: keeping is a compare-and-swap on the branch the loop started from. If the person
# switches the checkout to another branch, or commits on the loop's branch, while an attempt
# runs, hone keeps nothing: the verified commit stays on the attempt's branch, printed with its
# hash, and no other branch moves. Messages name the real branch (master, not main).
source "$(dirname "$0")/loop_common.sh"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
LOOP_CONFIG=model.toml
make_loop_repo
use_test_agents
git branch -m main master

# The checkout switched to another branch during the attempt.
before=$(tip master)
id=$(add_candidate "Switch branch")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#$id Switch branch: rejected — verified (faster with confidence"
expect_contains out.txt "but not kept: the checkout of $WORK/wc is on elsewhere now, not on master where the attempt started"
kept=$(tip hone/switch-branch)
[[ $kept != none ]] || fail "the verified commit is on no branch"
expect_contains out.txt "stays on branch hone/switch-branch"
expect_contains out.txt "verified commit ${kept:0:12} on branch hone/switch-branch (master untouched)"
[[ $(git rev-parse "$kept^") == "$before" ]] || fail "the verified commit is not on the base"
git diff --quiet "$before" "$kept" -- src/count.cc && fail "the verified commit lacks the change"
[[ $(tip master) == "$before" ]] || fail "master moved"
[[ $(tip elsewhere) == "$before" ]] || fail "the kept commit landed on the other branch"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean"
git switch -q master

# The person committed on master during the attempt.
id=$(add_candidate "Commit to main")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#$id Commit to main: rejected — verified"
expect_contains out.txt "but not kept: master moved from ${before:0:12} to"
[[ $(git log -1 --format=%s master) == "the person's own work" ]] || fail "master lost the person's commit"
[[ $(tip hone/commit-to-main) != none ]] || fail "the verified commit is on no branch"

# Nothing in the way: kept on master, and said so (the prompt said so first).
id=$(add_candidate "Range tests")
expect_status 0 "$HONE" prompt "$id"
expect_contains out.txt "commits it to master with the measured numbers"
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#$id Range tests: kept"
expect_contains out.txt "commit $(git rev-parse --short=12 master) on master"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean after the keep"
git diff --quiet HEAD~1 HEAD -- src/count.cc && fail "the kept commit lacks the change"
# The final judgement names the branch it measured.
"$HONE" criteria --measure > out.txt 2> err.txt || true
expect_contains err.txt "against master's head $(git rev-parse --short=12 master)"
expect_contains out.txt "against master's head, measured now):"
true
