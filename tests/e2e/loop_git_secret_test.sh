#!/usr/bin/env bash
# Issue 9.1: an agent deletes its worktree's .git and runs `git init` ("cleaning up"). hone must
# not fall through to the user's checkout: the attempt is rejected with the reason, nothing is
# staged or committed anywhere, and the user's untracked secret.env stays untracked and unread.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
use_test_agents
echo "API_KEY=do-not-commit" > secret.env
echo "scratch" > notes.txt
before=$(commits)
main_before=$(tip main)

id=$(add_candidate "Git init")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Git init: rejected — the attempt's worktree is not safe to commit from"
expect_contains out.txt "is now a folder: a repository of its own (git init?)"
expect_contains out.txt "nothing was staged or committed"
[[ $(tip main) == "$main_before" ]] || fail "main moved"
[[ $(commits) == "$before" ]] || fail "a commit reached main"
[[ -z $(git log --all --format=%H -- secret.env notes.txt) ]] || fail "secret.env reached a commit"
git status --porcelain > status.txt
expect_contains status.txt "?? secret.env"
expect_contains status.txt "?? notes.txt"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean"
[[ $(cat secret.env) == "API_KEY=do-not-commit" ]] || fail "secret.env changed"
expect_contains perf/WORKLOG.md "not safe to commit from"

# The same by hand: `hone try`, the person's tools wipe .git, `hone finish`.
id2=$(add_candidate "Range tests")
expect_status 0 "$HONE" try "$id2"
wt=$(ls -d .hone/worktrees/range-tests)
(cd "$wt" && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch" && rm -f .git && echo hi > stray.txt)
expect_status 1 "$HONE" finish
expect_contains out.txt "not verified — the attempt's worktree is not safe to commit from"
expect_contains err.txt "stays open"
expect_contains out.txt ".git file ($WORK/wc/$wt/.git) was deleted"
[[ $(tip main) == "$main_before" ]] || fail "main moved after hone finish"
[[ -z $(git log --all --format=%H -- secret.env notes.txt stray.txt) ]] || fail "a stray file reached a commit"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean after finish"

# Nothing in that folder can be committed safely, so `abandon` refuses to delete what may be the
# only copy of the work and says what to do; once the person has cleared the folder, it ends.
expect_status 2 "$HONE" abandon
expect_contains err.txt "may be the only copy of the work: copy what you need, delete the folder"
[[ -f $wt/stray.txt ]] || fail "abandon removed the person's files"
rm -rf "$wt"
expect_status 0 "$HONE" abandon
expect_status 0 "$HONE" status
expect_not_contains out.txt "verifying"
[[ -z $(git log --all --format=%H -- secret.env notes.txt stray.txt) ]] || fail "a stray file reached a commit after abandon"
[[ $(tip main) == "$main_before" ]] || fail "main moved after hone abandon"
