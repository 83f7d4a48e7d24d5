# Set-up shared by the loop scenarios (loop_*_test.sh): a git copy of examples/wc with the
# reduced configuration of tests/e2e/loop/hone.toml and the scripted agents of
# examples/wc/agents, and helpers to add candidates by name.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

make_loop_repo() {
  cp -r "$SOURCE_DIR/examples/wc" "$WORK/wc"
  rm -rf "$WORK/wc/build" "$WORK/wc/inputs" "$WORK/wc/.hone" "$WORK/wc/perf"
  cp "$E2E_DIR/loop/hone.toml" "$WORK/wc/hone.toml"
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
