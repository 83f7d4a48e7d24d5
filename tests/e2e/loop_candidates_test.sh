#!/usr/bin/env bash
# The candidate list (1.4, 1.5) and prompts (2.1) without running anything: add with the
# procedure's fields, run order (priority, builds-on first), edit, reorder, drop, approve; errors
# that name the value; a user prompt template and an unknown placeholder naming its line.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo

expect_status 0 "$HONE" candidate add "Cursor cache" --builds-on 0 --gain 1.5x
[[ $(cat out.txt) == 1 ]] || fail "first id is $(cat out.txt)"
expect_status 0 "$HONE" candidate add "Compact spans" --current "112-byte spans" --proposed "24-byte spans" \
  --gain 1.3x --complexity medium --risk "index overflow" --goal "spans of 24 bytes" --plan "shrink" --plan "measure"
expect_status 0 "$HONE" candidate edit 1 --builds-on 2
expect_status 0 "$HONE" candidate list
# #1 builds on #2, so #2 runs first although #1 was added first.
expect_contains out.txt "2   proposed  Compact spans"
[[ $(head -1 out.txt) == "2   proposed  Compact spans" ]] || { cat out.txt; fail "builds-on did not order the list"; }
expect_contains out.txt "1   proposed  Cursor cache  (builds on #2)"

expect_status 0 "$HONE" candidate add "Arena" --complexity high
expect_status 0 "$HONE" candidate reorder 3 --before 2
expect_status 0 "$HONE" candidate list --format json
json_check out.txt '[c["id"] for c in j] == [3, 2, 1]'
expect_status 0 "$HONE" candidate drop 3
expect_status 0 "$HONE" candidate show 2
expect_contains out.txt "current:    112-byte spans"
expect_contains out.txt "plan:       shrink"
expect_contains perf/WORKLOG.md "### 2. Compact spans (Foundation) — proposed"
expect_contains perf/WORKLOG.md "- **Risk**: index overflow"
# Arena: nothing builds on it, so no label (a "Foundation" is what others build on).
expect_contains perf/WORKLOG.md "### 3. Arena — dropped"

# Nothing runs unapproved; what builds on an unkept candidate waits.
expect_status 2 "$HONE" run 2
expect_contains err.txt "#2 is not approved yet"
expect_status 0 "$HONE" candidate approve 1
expect_status 2 "$HONE" run 1
expect_contains err.txt "#1 builds on #2 (Compact spans), which is proposed, not kept"
expect_status 0 "$HONE" run --next
expect_contains out.txt "nothing to run"

# Errors name the value.
expect_status 2 "$HONE" candidate add "Bad" --complexity huge
expect_contains err.txt "complexity 'huge': expected low, medium or high"
expect_status 2 "$HONE" candidate edit 2 --builds-on 1
expect_contains err.txt "cycle"
expect_status 2 "$HONE" candidate show 42
expect_contains err.txt "there is no candidate 42"
expect_status 2 "$HONE" candidate add "Compact spans"
expect_contains err.txt "already has the name"

# Prompts: the built-in template, then a user template.
expect_status 0 "$HONE" prompt 2
expect_contains out.txt "You are implementing Optimization 2: Compact spans for the wc-loop project."
expect_contains out.txt "## Goal

spans of 24 bytes"
expect_contains out.txt "1. shrink
2. measure"
expect_contains out.txt "Must not regress any benchmark by more than 5%"
printf 'Work on {{name}} ({{expected_gain}}) in {{worktree}}.\nThen {{nmae}}.\n' > prompt.md
printf '[agent]\ncommand = "agents/scripted-agent.sh"\ntemplate = "prompt.md"\n' > agent.toml
sed -i '/^\[agent\]/,$d' hone.toml && cat agent.toml >> hone.toml
expect_status 2 "$HONE" prompt 2
expect_contains err.txt "prompt.md:2: unknown placeholder {{nmae}}; known: id, name"
sed -i 's/{{nmae}}/report to {{report_file}}/' prompt.md
expect_status 0 "$HONE" prompt 2
expect_contains out.txt "Work on Compact spans (1.3x) in $WORK/wc/.hone/worktrees/compact-spans."
