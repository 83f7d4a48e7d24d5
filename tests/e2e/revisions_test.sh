#!/usr/bin/env bash
# hone compare HEAD~1 HEAD across a commit that really speeds the example up: a worktree and a
# build per revision, one interleaved run, and `faster` on the affected benchmarks.
source "$(dirname "$0")/common.sh"
make_wc_repo
git apply "$E2E_DIR/patches/fast-classify.patch"
git_commit "classify_char: plain byte tests instead of a std::locale per byte"

expect_status 0 "$HONE" compare HEAD~1 HEAD --runs 3 --format json
cp out.txt c.json
expect_contains err.txt "built HEAD~1"
json_check c.json '[r["target"] for r in j["results"]][:2] == ["ours@HEAD~1", "ours@HEAD"]'
json_check c.json 'len(j["comparisons"]) == 4'
json_check c.json 'all(c["verdict"] == "faster" and c["ratio"] < 0.8 for c in j["comparisons"])'
[[ -d .hone/worktrees ]] || fail "no worktrees under .hone/worktrees"

# Builds are cached by commit: the second comparison builds nothing.
expect_status 0 "$HONE" compare HEAD~1 HEAD --runs 2 --bench utf8
expect_not_contains err.txt "built"

# Uncommitted changes: WORKTREE against HEAD.
git apply -R "$E2E_DIR/patches/fast-classify.patch"
expect_status 0 "$HONE" compare HEAD WORKTREE --runs 3 --bench utf8 --format json
json_check out.txt 'j["comparisons"][0]["candidate"] == "ours@WORKTREE" and j["comparisons"][0]["verdict"] == "slower"'

expect_status 2 "$HONE" compare HEAD~1 HEAD --target gnu-wc --target ours
expect_status 2 "$HONE" compare no-such-rev HEAD --runs 1
