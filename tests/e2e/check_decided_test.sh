#!/usr/bin/env bash
# hone check measures until each benchmark is decided against its own regression bound, not
# until its CI is narrow or clear of the ±threshold band: a change about 8% slower, whose first
# rounds straddle the 5% bound, is measured on until it is shown beyond it (exit 1), where the
# rule before stopped after 6 rounds with "unsure" (exit 3) and budget left. The harness reports
# fixed times (kind = "regex", metric = "reported"), so the outcome is the same on any machine.
source "$(dirname "$0")/common.sh"

mkdir gate && cd gate
git init -q
cat > hone.toml <<'TOML'
[project]
name = "gate"

[[benchmark]]
name = "parse"
targets = ["ours"]

[target.ours]
kind = "regex"
command = "sh run.sh"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
metric = "reported"
min_runs = 6
max_runs = 60
max_time = "120s"
seed = 3

[criteria]
regression = "5%"
TOML
# Prints the next of times.txt's values (cycled), counting in .count.
cat > run.sh <<'SH'
set -eu
n=$(cat .count 2>/dev/null || echo 0)
echo $((n + 1)) > .count
set -- $(cat times.txt)
shift $((n % $#))
echo "time: $1 ms"
SH
echo 100 > times.txt
echo '.count' > .gitignore
git add -A && git_commit "base"
# A stored baseline of the base, with the 50 values a side an unpaired look needs before it may
# stop early at the strict level.
expect_status 0 "$HONE" baseline --runs 50
# 103 to 113 ms: about 8% slower than the base's 100 ms.
echo "108 103 113 105 111 104 112 106 110 107 109" > times.txt && git_commit "slower"

expect_status 1 "$HONE" check --base HEAD~1 --format json
cp out.txt check.json
json_check check.json 'j["comparisons"][0]["ci"][0] > 1.05'
# Decided after more than the 6 rounds the old rule stopped at, and before max_runs.
json_check check.json '6 < j["results"][0]["n"] < 60'
json_check check.json 'any("settled after" in n for n in j["notes"])'

# Against the stored baseline: the same question, asked of the head's samples against the
# baseline's (unpaired), so the check is decided beyond the bound and stops before max_runs,
# where the old rule (the head's own median 1% precise) ran to the end or stopped unanswered.
expect_status 1 "$HONE" check --format json
cp out.txt baseline.json
json_check baseline.json 'j["check"]["status"] == "regressed"'
json_check baseline.json 'j["comparisons"][0]["ci"][0] > 1.05'
json_check baseline.json '50 <= j["results"][1]["n"] < 60'
json_check baseline.json 'any("settled after" in n for n in j["notes"])'
