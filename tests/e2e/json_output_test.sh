#!/usr/bin/env bash
# Every command an agent runs takes --format json: each prints one JSON value whose fields
# docs/json.md documents (checked field by field), and a format a command does not print is an
# error naming the value and the formats it takes.
source "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }

mkdir proj && cd proj
git init -q -b main
cat > hone.toml <<'TOML'
[project]
name = "json-fixture"

[[benchmark]]
name = "small"
args = "2000000"

[[benchmark]]
name = "large"
args = "4000000"

[target.ours]
command = "spin {args}"

[target.slow]
command = "sh -c 'spin $0; spin $0; spin $0' {args}"

# callgrind counts are exact: every verdict below holds on a loaded machine too.
[measure]
metric = "instructions"
seed = 7

[criteria]
done = ["faster than slow on 2/2 benchmarks"]
TOML
git add -A && git_commit "fixture"

# Formats a command does not print are errors, not ignored.
expect_status 2 "$HONE" status --format csv
expect_contains err.txt "--format csv: \`hone status\` prints terminal or json"
expect_status 2 "$HONE" run 1 --format json
expect_contains err.txt "--format json: \`hone run\` prints terminal only"
expect_status 2 "$HONE" candidate list --format markdown
expect_contains err.txt "--format markdown: \`hone candidate\` prints terminal or json"
expect_status 2 "$HONE" --format xml status
expect_contains err.txt "xml"

# status before anything: no attempt, the next step is a command to fill in... or not.
expect_status 0 "$HONE" status --format json
json_documented out.txt Status Attempts=last_attempt
json_check out.txt 'j["last_attempt"] is None and j["next_command"] == "hone baseline"'
json_check out.txt '[b["key"] for b in j["before_starting"]] == ["criteria", "baseline", "profile", "research", "candidates", "approved"]'
json_check out.txt 'j["before_starting"][0]["done"] and j["before_starting"][0]["detail"] == "1 in [criteria] done"'
json_check out.txt 'len(j["each_optimization"]) == 7 and len(j["before_completing"]) == 5'
json_check out.txt 'j["candidates"] == {"proposed": 0, "approved": 0, "kept": 0, "slow": 0, "rejected": 0, "dropped": 0}'

# Candidates: every field, the builds-on and approval gates as runnable/blocked_by.
expect_status 0 "$HONE" candidate add "Fewer rounds" --current "3 rounds" --proposed "1 round" --gain 3x \
  --complexity low --risk "none" --goal "a third of the work" --plan "count" --plan "cut" --format json
json_documented out.txt Candidates
json_check out.txt 'j["id"] == 1 and j["name"] == "Fewer rounds" and j["slug"] == "fewer-rounds" and j["status"] == "proposed"'
json_check out.txt '(j["current"], j["proposed"], j["gain"], j["complexity"], j["risk"], j["goal"]) == ("3 rounds", "1 round", "3x", "low", "none", "a third of the work")'
json_check out.txt 'j["plan"] == ["count", "cut"] and j["builds_on"] is None and j["source"] == ""'
json_check out.txt 'j["runnable"] is False and "not approved yet" in j["blocked_by"]'
json_check out.txt 'j["created_at"].endswith("Z") and j["updated_at"].endswith("Z")'
expect_status 0 "$HONE" candidate add "Second" --builds-on 1 --format json
json_check out.txt 'j["id"] == 2 and j["builds_on"] == 1'
expect_status 0 "$HONE" candidate approve 1 2 --format json
json_documented out.txt Candidates
json_check out.txt '[c["id"] for c in j] == [1, 2] and all(c["status"] == "approved" for c in j)'
json_check out.txt 'j[0]["runnable"] and j[0]["blocked_by"] is None'
json_check out.txt 'not j[1]["runnable"] and "builds on #1 (Fewer rounds), which is approved, not kept" in j[1]["blocked_by"]'
expect_status 0 "$HONE" candidate add "Third" --format json
expect_status 0 "$HONE" candidate edit 3 --risk "flaky" --format json
json_check out.txt 'j["id"] == 3 and j["risk"] == "flaky"'
expect_status 0 "$HONE" candidate reorder 3 --before 1 --format json
json_check out.txt '[c["id"] for c in j] == [3, 1, 2]'
expect_status 0 "$HONE" candidate drop 3 --format json
json_check out.txt 'j["status"] == "dropped"'
expect_status 0 "$HONE" candidate list --format json
json_documented out.txt Candidates
json_check out.txt '[(c["id"], c["status"]) for c in j] == [(3, "dropped"), (1, "approved"), (2, "approved")]'

# The prompt: the same text as the terminal prints, and where the attempt would run.
expect_status 0 "$HONE" prompt 1
cp out.txt prompt.txt
expect_status 0 "$HONE" prompt 1 --format json
json_documented out.txt Prompt
python3 - out.txt prompt.txt <<'PY' || fail "prompt JSON differs from the terminal prompt"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["prompt"] == open(sys.argv[2]).read(), "prompt text"
assert j["candidate_id"] == 1 and j["name"] == "Fewer rounds"
assert j["worktree"].endswith("/.hone/worktrees/fewer-rounds") and j["branch"] == "hone/fewer-rounds"
# The next attempt's own file: this candidate's first attempt.
assert j["report_file"].endswith("/.hone/reports/fewer-rounds-1.json")
PY

# An open attempt (hone try): candidate show lists it, status names it as the last attempt.
expect_status 0 "$HONE" try 1
expect_status 0 "$HONE" candidate show 1 --format json
json_documented out.txt Candidates Attempts=attempts[]
json_check out.txt 'len(j["attempts"]) == 1'
json_check out.txt 'j["attempts"][0]["candidate_id"] == 1 and j["attempts"][0]["mode"] == "human" and j["attempts"][0]["stage"] == "human"'
json_check out.txt 'j["attempts"][0]["outcome"] is None and j["attempts"][0]["finished_at"] is None and j["attempts"][0]["run_id"] is None'
json_check out.txt 'j["attempts"][0]["branch"] == "hone/fewer-rounds" and j["attempts"][0]["worktree"].endswith("fewer-rounds")'
json_check out.txt 'len(j["attempts"][0]["base_commit"]) == 40 and isinstance(j["attempts"][0]["details"], dict)'
expect_status 0 "$HONE" status --format json
json_documented out.txt Status Attempts=last_attempt
json_check out.txt 'j["last_attempt"]["id"] == 1 and j["last_attempt"]["stage"] == "human"'
json_check out.txt '[b["done"] for b in j["each_optimization"]][0] is True'
json_check out.txt 'j["candidates"]["approved"] == 2 and j["candidates"]["dropped"] == 1'

# Measurements: bench, baseline, criteria, runs, show, compare, check.
expect_status 0 "$HONE" bench --format json
json_documented out.txt Analysis
json_check out.txt '[(r["benchmark"], r["target"]) for r in j["results"]] == [("small", "ours"), ("small", "slow"), ("large", "ours"), ("large", "slow")]'
json_check out.txt 'all(c["verdict"] == "slower" for c in j["comparisons"]) and j["seed"] == 7'
expect_status 0 "$HONE" baseline --format json
json_documented out.txt Analysis Baseline
json_check out.txt 'j["baseline"]["name"] == "default" and j["baseline"]["worklog"].endswith("/perf/WORKLOG.md")'
json_check out.txt 'j["run_id"] == 2'
expect_status 0 "$HONE" criteria --format json
json_documented out.txt Criteria
json_check out.txt 'j["run_id"] == 2 and j["metric"] == "instructions" and j["met"] is True'
json_check out.txt 'j["clauses"][0]["text"] == "faster than slow on 2/2 benchmarks" and j["clauses"][0]["status"] == "met"'
json_check out.txt 'len(j["clauses"][0]["lines"]) == 2 and "2 of 2" in j["clauses"][0]["summary"]'
expect_status 0 "$HONE" runs --format json
json_documented out.txt Runs
json_check out.txt '[(r["id"], r["kind"], r["status"]) for r in j] == [(2, "baseline", "complete"), (1, "bench", "complete")]'
json_check out.txt 'j[0]["commit"] == "'"$(git rev-parse HEAD)"'" and j[0]["dirty"] is False and j[0]["finished_at"].endswith("Z")'
json_check out.txt 'j[0]["settings"]["seed"] == 7 and j[0]["metric"] == "instructions" and j[0]["note"] == ""'
expect_status 0 "$HONE" show 1 --format json
json_documented out.txt Analysis Runs=run
json_check out.txt 'j["run"]["id"] == 1 and j["run"]["kind"] == "bench" and j["run_id"] == 1'
expect_status 0 "$HONE" compare --metric instructions --format json -- 'spin 1000000' 'spin 3000000'
json_documented out.txt Analysis
json_check out.txt 'j["comparisons"][0]["verdict"] == "slower" and j["deterministic"] is True'
# callgrind counts are exact: a commit that changes no code is ok with a CI of exactly 1.
echo "notes" > README && git add README && git_commit "readme"
expect_status 0 "$HONE" check --base HEAD~1 --bench small --format json
json_documented out.txt Analysis Check
json_check out.txt 'j["check"]["status"] == "ok" and j["check"]["regression"] == 0.05'
json_check out.txt '[r["target"] for r in j["results"]] == [j["check"]["base"], j["check"]["head"]]'
json_check out.txt '[(b["benchmark"], b["ratio"], b["ci"], b["status"]) for b in j["check"]["benchmarks"]] == [("small", 1.0, [1.0, 1.0], "ok")]'

# Notes.
expect_status 0 "$HONE" log "tried nothing yet" --format json
json_documented out.txt "Log and research"
json_check out.txt 'j["worklog"] == "'"$PWD"'/perf/WORKLOG.md"'
expect_contains perf/WORKLOG.md "tried nothing yet"
expect_status 0 "$HONE" research new "spin internals" --format json
json_documented out.txt "Log and research"
json_check out.txt 'j["path"] == "'"$PWD"'/perf/research/01-spin-internals.md"'
expect_status 0 "$HONE" research list --format json
json_documented out.txt "Log and research"
json_check out.txt 'j == [{"name": "01-spin-internals.md", "path": "'"$PWD"'/perf/research/01-spin-internals.md"}]'
