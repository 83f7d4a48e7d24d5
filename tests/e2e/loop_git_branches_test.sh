#!/usr/bin/env bash
# Issue 9.2: hone creates only branches that do not exist. The user's own hone/locale-check and
# hone/slow-locale-check (holding their commits) are never moved: the attempt works on
# hone/locale-check-2 and parks as hone/slow-locale-check-2. With an empty branch_prefix, a
# candidate named "Main" gets main-2, never the user's main.
source "$(dirname "$0")/loop_common.sh"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
LOOP_CONFIG=model.toml
make_loop_repo
git switch -q -c hone/locale-check
echo "mine" > mine.txt && git add mine.txt && git_commit "the user's work"
git branch hone/slow-locale-check
git switch -q main
users=$(tip hone/locale-check)
main_before=$(tip main)

id=$(add_candidate "Locale check")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Locale check: slow"
expect_contains out.txt "branch hone/slow-locale-check-2"
expect_contains err.txt "running the agent in $WORK/wc/.hone/worktrees/locale-check"
[[ $(tip hone/locale-check) == "$users" ]] || fail "the user's hone/locale-check moved"
[[ $(tip hone/slow-locale-check) == "$users" ]] || fail "the user's hone/slow-locale-check moved"
[[ $(tip hone/locale-check-2) == none ]] || fail "the attempt's own branch was left behind"
git diff --quiet main hone/slow-locale-check-2 -- src/count.cc && fail "the parked branch lacks the attempt"
[[ $(tip main) == "$main_before" ]] || fail "main moved"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean"

# An empty prefix: the slug "main" must not take the user's branch.
printf '\n[git]\nbranch_prefix = ""\n' >> hone.toml
git_commit "no prefix"
main_before=$(tip main)
id=$(add_candidate "Main")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#2 Main: rejected — the agent exited with status 3"
expect_contains out.txt "branch main-2"
[[ $(tip main) == "$main_before" ]] || fail "main moved"
[[ $(tip main-2) == "$main_before" ]] || fail "the attempt's branch main-2 is not at main's head"
