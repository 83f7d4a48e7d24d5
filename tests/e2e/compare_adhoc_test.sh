#!/usr/bin/env bash
# Ad hoc comparison, no config: a 3x slower command (15 ms against 45 ms: long enough that a scheduling hiccup on a loaded CI machine cannot invert a round) is called slower in every format, the run is
# recorded, and progress stays off stderr when stderr is not a terminal.
source "$(dirname "$0")/common.sh"

expect_status 0 "$HONE" compare --format json --seed 3 -- 'spin 10000000' 'spin 30000000'
cp out.txt c.json
json_check c.json 'j["metric"] == "wall" and j["unit"] == "s"'
json_check c.json 'len(j["results"]) == 2 and j["results"][0]["target"] == "spin 10000000"'
json_check c.json 'all(r["benchmark"] == "command" and r["n"] >= 5 for r in j["results"])'
json_check c.json 'all(r["ci"][0] <= r["median"] <= r["ci"][1] for r in j["results"])'
json_check c.json 'len(j["comparisons"]) == 1'
json_check c.json 'j["comparisons"][0]["baseline"] == "spin 10000000"'
json_check c.json 'j["comparisons"][0]["candidate"] == "spin 30000000"'
json_check c.json 'j["comparisons"][0]["verdict"] == "slower"'
json_check c.json '2.0 < j["comparisons"][0]["ratio"] < 4.5'
json_check c.json 'j["comparisons"][0]["ci"][0] <= j["comparisons"][0]["ratio"] <= j["comparisons"][0]["ci"][1]'
json_check c.json 'j["comparisons"][0]["p_value"] < 0.05'
json_check c.json 'j["spawn_floor"] is not None and 0 < j["spawn_floor"] < 0.05'
json_check c.json 'j["seed"] == 3 and j["run_id"] == 1'
expect_not_contains err.txt "round"

# Names, and the other formats.
expect_status 0 "$HONE" compare --format markdown --name fast --name slow -- 'spin 10000000' 'spin 30000000'
expect_contains out.txt "| Trace | Our Time | Competitor | Ratio |"
expect_contains out.txt "faster"   # from the first column's point of view: ours (fast) is faster
expect_status 0 "$HONE" compare --format csv --runs 3 -- 'spin 10000000' 'spin 30000000'
expect_contains out.txt "benchmark,target,n,median"
expect_contains out.txt "command,spin 30000000,3,"
expect_status 0 "$HONE" compare --runs 3 --color never -- 'spin 10000000' 'spin 30000000'
expect_contains out.txt "slower"
expect_contains out.txt "spawn floor"

# Everything above was recorded.
expect_status 0 "$HONE" runs
expect_contains out.txt "compare"
expect_contains out.txt "complete"
[[ $(grep -c complete out.txt) -eq 4 ]] || fail "expected 4 complete runs"
[[ -f .hone/hone.db ]] || fail "no store written"
