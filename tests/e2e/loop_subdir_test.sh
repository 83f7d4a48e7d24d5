#!/usr/bin/env bash
# The loop on a project in a subfolder of its repository (hone --config examples/wc/hone.toml,
# as from hone's own checkout): the agent runs in the project folder inside the worktree, the
# diff review sees repository paths, and the kept commit changes examples/wc/src/count.cc.
source "$(dirname "$0")/loop_common.sh"
mkdir -p "$WORK/repo/examples"
cp -r "$SOURCE_DIR/examples/wc" "$WORK/repo/examples/wc"
rm -rf "$WORK/repo/examples/wc/build" "$WORK/repo/examples/wc/inputs" "$WORK/repo/examples/wc/.hone" "$WORK/repo/examples/wc/perf"
# Measured by the model of tests/e2e/loop/model.toml: the verdicts here are exact, not wall time.
cp "$E2E_DIR/loop/model.toml" "$WORK/repo/examples/wc/hone.toml"
cp "$E2E_DIR/loop/model.sh" "$WORK/repo/examples/wc/model.sh"
cd "$WORK/repo"
echo "a repository with the project in a subfolder" > README.md
git init -q -b main
git add -A
git_commit "repo"
before=$(commits)
H=("$HONE" --config examples/wc/hone.toml)

id=$("${H[@]}" candidate add "Range tests")
"${H[@]}" candidate approve "$id" >/dev/null
expect_status 0 "${H[@]}" run "$id"
expect_contains out.txt "#1 Range tests: kept"
expect_contains err.txt "running the agent in $WORK/repo/.hone/worktrees/range-tests/examples/wc"
[[ $(commits) == $((before + 1)) ]] || fail "expected one new commit"
git show --stat HEAD | grep -q "examples/wc/src/count.cc" || fail "the commit does not change examples/wc/src/count.cc"
expect_contains examples/wc/perf/WORKLOG.md "## Optimization 1: Range tests"

id=$("${H[@]}" candidate add "Smaller inputs")
"${H[@]}" candidate approve "$id" >/dev/null
expect_status 0 "${H[@]}" run "$id"
expect_contains out.txt "touches examples/wc/gen/gen-inputs.cc (protected (gen/))"
