# Set-up shared by the loop scenarios (loop_*_test.sh): a git copy of examples/wc with the
# reduced configuration of tests/e2e/loop/hone.toml and the scripted agents of
# examples/wc/agents, and helpers to add candidates by name. A scenario about the loop's
# mechanics rather than measurement sets LOOP_CONFIG=model.toml first: the same repository,
# measured by a model of its code (tests/e2e/loop/model.toml), deterministic and build-free.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

make_loop_repo() {
  cp -r "$SOURCE_DIR/examples/wc" "$WORK/wc"
  rm -rf "$WORK/wc/build" "$WORK/wc/inputs" "$WORK/wc/.hone" "$WORK/wc/perf"
  cp "$E2E_DIR/loop/${LOOP_CONFIG:-hone.toml}" "$WORK/wc/hone.toml"
  [[ ${LOOP_CONFIG:-} != model.toml ]] || cp "$E2E_DIR/loop/model.sh" "$WORK/wc/model.sh"
  cd "$WORK/wc"
  git init -q -b main
  git add -A
  git_commit "wc example"
}

# add_candidate NAME [FLAGS...]: adds and approves a candidate; prints its id.
add_candidate() {
  local id
  id=$("$HONE" candidate add "$@")
  "$HONE" candidate approve "$id" >/dev/null
  echo "$id"
}

commits() { git rev-list --count HEAD; }

# use_test_agents: the careless agents of tests/e2e/agents join the project's scripted ones
# (committed, as the project's own agents are).
use_test_agents() {
  cp -r "$E2E_DIR/agents/." "$WORK/wc/agents/"
  git add -A
  git_commit "test agents"
}

# The branch's commit, or "none".
tip() { git rev-parse --verify --quiet "refs/heads/$1" || echo none; }
