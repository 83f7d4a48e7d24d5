#!/usr/bin/env bash
# Issue 11.3: no attempt is ever stranded. A `hone finish` whose verification fails (here the
# build) leaves the person's attempt open, and says so, as `hone status` does; the next `hone try`
# refuses rather than touch its branch; once fixed in the worktree, `hone finish` again decides
# it. A finish killed half-way (SIGKILL as the build starts) gives the attempt back the same way.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
before=$(tip main)
id=$(add_candidate "Range tests" --proposed "Two range compares instead of table searches")
other=$(add_candidate "Locale check")
wt=.hone/worktrees/range-tests

expect_status 0 "$HONE" try "$id"
(cd "$wt" && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch" && echo 'this is not C++' >> src/count.cc)
expect_status 1 "$HONE" finish
expect_contains out.txt "#1 Range tests: not verified — the build failed"
expect_contains err.txt "attempt 1 stays open: fix it in $PWD/$wt and run \`hone finish\` again, or end it with \`hone abandon\`"
[[ -d $wt ]] || fail "the worktree of the failed finish is gone"
[[ $(tip hone/range-tests) != none ]] || fail "the attempt's branch is gone"
[[ $(tip main) == "$before" ]] || fail "main moved"

# Status agrees: the attempt is open, and why the finish failed.
expect_status 0 "$HONE" status
expect_contains out.txt "(last attempt: #1 attempt 1, open (hone try))"
expect_contains out.txt "Next: attempt 1 is open in $PWD/$wt: the last \`hone finish\` failed (the build failed"
expect_status 0 "$HONE" status --format json
json_check out.txt "j['last_attempt']['stage'] == 'human' and j['next_command'] == 'hone finish'"

# The next try refuses, and the attempt's branch and work stay.
branch=$(tip hone/range-tests)
expect_status 2 "$HONE" try "$other"
expect_contains err.txt "attempt 1 (candidate 1) is open in $PWD/$wt: finish it with \`hone finish\`, or end it with \`hone abandon\`"
[[ $(tip hone/range-tests) == "$branch" ]] || fail "the refused try moved the attempt's branch"
[[ -d $wt ]] || fail "the refused try removed the worktree"

# Killed as the build starts: the next finish gives the attempt back, then verifies it.
(cd "$wt" && git show "$before:src/count.cc" > src/count.cc && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch")
set +e
HONE_FAULT=build "$HONE" finish >killed.out 2>killed.err
status=$?
set -e
[[ $status -eq 137 ]] || { cat killed.out killed.err; fail "expected death by SIGKILL (137), got $status"; }
[[ -d $wt ]] || fail "the killed finish lost the worktree"

# Fixed: finish again keeps it, with the fix and without the broken line.
expect_status 0 "$HONE" finish
expect_contains err.txt "attempt 1 at #1 Range tests: \`hone finish\` (pid"
expect_contains out.txt "#1 Range tests: kept"
[[ $(git rev-parse main~1) == "$before" ]] || fail "the kept commit is not on main, once"
git show main:src/count.cc > count.cc
expect_not_contains count.cc "this is not C++"
git diff --quiet "$before" main -- src/count.cc && fail "the kept commit lacks the change"
[[ -z $(git branch --list 'hone/*') ]] || fail "branches left: $(git branch --list 'hone/*')"
expect_status 0 "$HONE" status
expect_contains out.txt "(last attempt: #1 attempt 1, kept)"
