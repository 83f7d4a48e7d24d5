#!/usr/bin/env bash
# Loop scenario 2: a slowdown (a std::locale and facet lookups per byte, about 1.5x slower) is
# not kept: the attempt stays on hone/slow-<name>, a numbered lessons note records the numbers
# and the agent's explanation, main is unchanged.
LOOP_CONFIG=model.toml
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
head=$(git rev-parse HEAD)

id=$(add_candidate "Locale check" --proposed "Let std::ctype classify spaces first")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Locale check: slow — no benchmark faster by more than 1% with confidence"
expect_contains out.txt "x slower"

[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "main is not clean"
git rev-parse --verify -q hone/slow-locale-check >/dev/null || fail "no branch hone/slow-locale-check"
git rev-parse --verify -q hone/locale-check >/dev/null && fail "the work branch was not renamed"
git diff "$head" hone/slow-locale-check --stat | grep -q src/count.cc || fail "the slow branch lacks the attempt"
[[ -d .hone/worktrees/locale-check ]] && fail "the worktree of a finished attempt was left behind"

note=perf/research/01-locale-check-lessons.md
[[ -f $note ]] || { ls -R perf; fail "no lessons note $note"; }
expect_contains $note "# Why Locale check Failed"
expect_contains $note "## Results"
expect_contains $note "| Benchmark | Base (median) | Attempt (median) | Change: paired ratio [95% CI] |"
expect_contains $note "x slower ["
expect_contains $note "## Why It Failed"
expect_contains $note "Constructing a std::locale and looking up its ctype facet costs more"
expect_contains $note "hone/slow-locale-check"

expect_contains perf/WORKLOG.md "Status: SLOW (not kept)"
expect_contains perf/WORKLOG.md "Branch: \`hone/slow-locale-check\`"
expect_contains perf/WORKLOG.md "Lessons: \`perf/research/01-locale-check-lessons.md\`"

# The next prompt points the agent at the lessons, so the experiment is not repeated.
id2=$(add_candidate "Range tests")
expect_status 0 "$HONE" prompt "$id2"
expect_contains out.txt "You are implementing Optimization 2: Range tests"
expect_contains out.txt "01-locale-check-lessons.md"
