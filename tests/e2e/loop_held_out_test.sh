#!/usr/bin/env bash
# Held-out benchmarks (issue 10): a benchmark with held_out = true is never shown to the attempt's
# agent and always counts in the keep decision. A harness reports fixed times (kind = "regex",
# metric = "reported"), so every verdict is exact:
#   1. "Overfit" makes the visible benchmark 2x faster and the held-out one 1.5x slower: parked
#      as a mixed result. The agent's prompt never names the held-out benchmark; `hone bench` and
#      `hone compare BASE WORKTREE` inside its worktree do not run it and record into the main
#      store; `hone finish` there is refused; the lessons note calls it "held-out #1".
#   2. "Honest" makes both 2x faster: kept; the commit message (which later agents can read with
#      git log) says "held-out #1", while the worklog names it.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj
git init -q -b main
cat > hone.toml <<'TOML'
[project]
name = "held-out"
test = "true"
artifacts = "perf"

[[benchmark]]
name = "visible"
targets = ["ours"]

[[benchmark]]
name = "secret-input"
targets = ["ours"]
held_out = true

[target.ours]
kind = "regex"
command = "sh run.sh {bench}"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
metric = "reported"
min_runs = 6
max_runs = 20
max_time = "60s"
seed = 11

[criteria]
regression = "5%"

[agent]
command = "sh agent.sh"
timeout = "120s"
TOML
# Prints the benchmark's time from src/BENCH.txt.
cat > run.sh <<'SH'
echo "time: $(cat "src/$1.txt") ms"
SH
# The scripted agent. It records what it could see, then changes the times.
cat > agent.sh <<'SH'
set -eu
out="$HONE_AGENT_OUT"
if grep -q "secret-input" "$HONE_PROMPT_FILE"; then echo "prompt names the held-out benchmark" >> "$out/leaks"; fi
for f in $(grep -o '/[^ ]*\.md' "$HONE_PROMPT_FILE" || true); do
  grep -l "secret-input" "$f" >> "$out/leaks" 2>/dev/null || true
done
case "$HONE_CANDIDATE" in
  "Overfit")
    "$HONE" bench --runs 2 > "$out/bench.txt" 2>&1
    cmd=$(grep -o 'hone compare [0-9a-f]* WORKTREE' "$HONE_PROMPT_FILE" | head -1)
    echo 5 > src/visible.txt
    "$HONE" ${cmd#hone } --runs 6 > "$out/compare.txt" 2>&1
    "$HONE" finish > "$out/finish.txt" 2>&1 || echo "exit $?" >> "$out/finish.txt"
    echo 15 > src/secret-input.txt
    echo '{"mechanism": "tuned to the visible input"}' > "$HONE_REPORT_FILE" ;;
  "Honest")
    echo 5 > src/visible.txt; echo 5 > src/secret-input.txt
    echo '{"mechanism": "halves the work on every input"}' > "$HONE_REPORT_FILE" ;;
esac
SH
mkdir src && echo 10 > src/visible.txt && echo 10 > src/secret-input.txt
printf '.hone/\nperf/\n' > .gitignore
git add -A && git_commit "base"
mkdir "$WORK/agent" && export HONE_AGENT_OUT="$WORK/agent" HONE
add() { local id; id=$("$HONE" candidate add "$1"); "$HONE" candidate approve "$id" >/dev/null; echo "$id"; }
expect_status 0 "$HONE" baseline
head=$(git rev-parse HEAD)
base_run=$("$HONE" runs -n 1 | awk 'NR == 2 { print $1 }')

# The prompt hone would give names no held-out benchmark; it gives the quick check.
id=$(add "Overfit")
expect_status 0 "$HONE" prompt "$id"
expect_not_contains out.txt "secret-input"
expect_contains out.txt "| visible |"
expect_contains out.txt "hone compare ${head:0:12} WORKTREE"

runs_before=$("$HONE" runs | grep -c '^ *[0-9]')
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Overfit: slow — mixed"
expect_contains out.txt "secret-input 1.50x slower [1.50x, 1.50x]"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
[[ ! -e "$WORK/agent/leaks" ]] || { cat "$WORK/agent/leaks"; fail "the agent saw the held-out benchmark"; }
# Inside the worktree: only the visible benchmark runs, into the main store.
expect_contains "$WORK/agent/bench.txt" "visible"
expect_not_contains "$WORK/agent/bench.txt" "secret-input"
expect_contains "$WORK/agent/compare.txt" "2.00x faster"
expect_not_contains "$WORK/agent/compare.txt" "secret-input"
expect_contains "$WORK/agent/finish.txt" "\`hone finish\` runs from the main checkout ($PWD), not from inside hone's worktree"
expect_contains "$WORK/agent/finish.txt" "exit 2"
[[ ! -e .hone/worktrees/overfit/.hone/hone.db ]] || fail "a second store was made in the worktree"
runs_after=$("$HONE" runs | grep -c '^ *[0-9]')
(( runs_after >= runs_before + 3 )) || fail "expected the agent's two runs and the attempt's run in the main store ($runs_before -> $runs_after)"
# The agent's run is marked as measured in its worktree, and never stands for the project's
# current state: the next prompt still shows the baseline run.
expect_status 0 "$HONE" runs
expect_contains out.txt "[in worktree overfit]"
expect_status 0 "$HONE" prompt "$id"
expect_contains out.txt "(run $base_run, "
# What later agents read calls it "held-out #1"; the worklog, for the people, names it.
lessons=$(ls perf/research/*overfit-lessons.md)
expect_contains "$lessons" "held-out #1"
expect_not_contains "$lessons" "secret-input"
expect_contains perf/WORKLOG.md "secret-input"

# 2. Kept: the commit message names no held-out benchmark.
id=$(add "Honest")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#2 Honest: kept"
git log -1 --format=%B > msg.txt
expect_contains msg.txt "held-out #1"
expect_not_contains msg.txt "secret-input"

# Configuration: held_out must be a boolean, and one benchmark at least stays visible.
sed -i 's/^held_out = true/held_out = "yes"/' hone.toml
expect_status 2 "$HONE" status
expect_contains err.txt "hone.toml:13:12: [[benchmark]] 'secret-input' held_out must be a boolean (true or false), got string \"yes\""
sed -i 's/^held_out = "yes"/held_out = true/; s/^name = "visible"/name = "visible"\nheld_out = true/' hone.toml
expect_status 2 "$HONE" status
expect_contains err.txt "every [[benchmark]] has held_out = true"
echo "PASS"
