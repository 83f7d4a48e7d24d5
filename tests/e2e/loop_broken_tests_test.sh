#!/usr/bin/env bash
# Loop scenario 3: a change that breaks the tests (high bytes counted as letters) is rejected
# before anything is measured, with the failing test quoted as the reason; main is unchanged.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
# Through make, whose last line ("make: *** [Makefile:53: test] Error 1") names no test: the
# reason quotes the FAIL line of the failing test instead, and the log's path.
sed -i 's|^test = "tests/run-tests.sh"|test = "make test"|' hone.toml
git_commit "tests through make"
head=$(git rev-parse HEAD)

id=$(add_candidate "High bytes")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 High bytes: rejected — the tests failed: \`make test\` exited with status 2 (log: $WORK/wc/.hone/logs/test-attempt-1.log): FAIL "
expect_not_contains out.txt "make: ***"
expect_not_contains out.txt "| Benchmark |"

[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "main is not clean"
# A rejected attempt is kept as it was, for inspection.
git rev-parse --verify -q hone/high-bytes >/dev/null || fail "the rejected attempt's branch is gone"
[[ -d .hone/worktrees/high-bytes ]] || fail "the rejected attempt's worktree is gone"

expect_contains perf/WORKLOG.md "Status: REJECTED"
expect_contains perf/WORKLOG.md "Reason: the tests failed"
expect_status 0 "$HONE" candidate show "$id"
expect_contains out.txt "status:     rejected"
expect_contains out.txt "rejected — the tests failed"
