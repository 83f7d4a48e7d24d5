#!/usr/bin/env bash
# [agent] preset: each coding-agent CLI's documented non-interactive invocation, run by `hone run`
# against a fake of that CLI (tests/e2e/fakes/) first on PATH. Each fake refuses an option it
# does not know and one it needs but misses, takes the prompt the documented way (stdin, or
# aider's --message-file), makes the candidate's change in the worktree and writes the report
# where the prompt says, inside the folders it was given. hone keeps the change, or parks it on
# a slow- branch; what aider leaves in the repository is moved out before the change is
# collected. An unknown preset is an error naming hone.toml's line and the valid names.
source "$(dirname "$0")/loop_common.sh"
# The invocations are the subject, not the measurement: the attempts are measured by the model of
# tests/e2e/loop/model.toml (range tests 4x faster, locale check 1.5x slower, exactly).
LOOP_CONFIG=model.toml
export PATH="$E2E_DIR/fakes:$PATH"
export FAKE_AGENT_RECORD="$WORK/record.txt"

# preset_repo NAME: a fresh copy of the loop example whose [agent] uses that preset.
preset_repo() {
  cd "$WORK" && rm -rf "$WORK/wc"
  make_loop_repo
  sed -i "s|^command = \"agents/scripted-agent.sh\"|preset = \"$1\"|" hone.toml
  grep -q "^preset = \"$1\"" hone.toml || fail "hone.toml has no preset line"
  git_commit "agent: $1"
  : >"$FAKE_AGENT_RECORD"
}

# kept_through PRESET: a speedup (Range tests, 4x) is kept through that CLI, with the
# mechanism from the report the fake wrote where the prompt said.
kept_through() {
  before=$(commits)
  id=$(add_candidate "Range tests" --proposed "Two range compares instead of searching tables")
  expect_status 0 "$HONE" run "$id"
  expect_contains out.txt "#1 Range tests: kept"
  [[ $(commits) == $((before + 1)) ]] || fail "$1: expected one new commit on main"
  git log -1 --format=%B >msg.txt
  expect_contains msg.txt "Range tests: the C locale's character classes are contiguous byte ranges"
  expect_contains "$FAKE_AGENT_RECORD" "did 'Range tests', report $WORK/wc/.hone/reports/range-tests-1.json"
}

# claude-code: print mode, JSON result on stdout (in the agent's log), prompt on stdin.
preset_repo claude-code
kept_through claude-code
expect_contains "$FAKE_AGENT_RECORD" "claude: argv: -p --output-format json --permission-mode acceptEdits --allowedTools Bash --add-dir $WORK/wc/.hone"
expect_contains "$FAKE_AGENT_RECORD" "claude: prompt from stdin"
expect_contains .hone/logs/agent-range-tests-1.log '"type": "result", "subtype": "success"'

# codex with flags: the extra flags go before the trailing "-" (the prompt on stdin).
preset_repo codex
sed -i 's|^preset = "codex"|&\nflags = "--model o3"|' hone.toml && git_commit "codex model"
kept_through codex
expect_contains "$FAKE_AGENT_RECORD" "codex: argv: exec --cd $WORK/wc/.hone/worktrees/range-tests --sandbox workspace-write --add-dir $WORK/wc/.hone --model o3 -"

# gemini: the prompt on stdin, -p's text appended.
preset_repo gemini
kept_through gemini
expect_contains "$FAKE_AGENT_RECORD" "gemini: prompt from stdin with -p appended"

# opencode: `run` with the message on stdin.
preset_repo opencode
kept_through opencode
expect_contains "$FAKE_AGENT_RECORD" "opencode: argv: run --auto"

# aider: a slower change (Locale check, 1.5x slower) is parked on its slow- branch; aider's
# own commit is squashed, its histories are in hone's logs and its repository-map cache was moved
# out of the worktree, so neither the commit nor .gitignore holds anything of aider's.
preset_repo aider
id=$(add_candidate "Locale check" --proposed "Classify bytes with std::locale facets")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Locale check: slow"
expect_contains "$FAKE_AGENT_RECORD" "aider: prompt from --message-file $WORK/wc/.hone/prompts/locale-check-1.md"
slow=$(tip hone/slow-locale-check)
[[ $slow != none ]] || fail "no branch hone/slow-locale-check"
[[ $(git rev-list --count "main..$slow") == 1 ]] || fail "the slow branch holds more than one commit"
git diff --name-only "main...$slow" >files.txt
expect_contains files.txt "src/count.cc"
expect_not_contains files.txt ".aider"
expect_not_contains files.txt ".gitignore"
[[ -f .hone/logs/agent-locale-check-1.scratch/.aider.tags.cache.v4/cache.db ]] || fail "aider's cache was not moved to the logs"
expect_contains .hone/logs/aider.chat.history.md "You are implementing Optimization 1: Locale check"
expect_contains err.txt "moved what aider leaves in the worktree (.aider.tags.cache.v4)"

# A fake given the wrong contract refuses, and hone says the agent failed: a hand-written
# command without --output-format json for claude exits 2.
preset_repo claude-code
sed -i 's|^preset = "claude-code"|command = "claude -p --permission-mode acceptEdits --allowedTools Bash"|' hone.toml
git_commit "hand-written claude"
id=$(add_candidate "Range tests")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Range tests: rejected — the agent exited with status 2"
expect_contains .hone/logs/agent-range-tests-1.log "claude: error: --output-format is text, not json"

# An unknown preset: hone.toml's line and column, and the valid names.
preset_repo opencode
sed -i 's|^preset = "opencode"|preset = "claude"|' hone.toml
line=$(grep -n '^preset = "claude"' hone.toml | cut -d: -f1)
expect_status 2 "$HONE" run 1
expect_contains err.txt "hone.toml:$line:10: [agent] preset \"claude\" is not one of claude-code, codex, aider, gemini, opencode (did you mean \"claude-code\"?)"
