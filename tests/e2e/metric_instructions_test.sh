#!/usr/bin/env bash
# --metric instructions without hardware counters (this machine has none) counts with callgrind,
# says so once, and one run per command settles a 1% difference.
source "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }

expect_status 0 "$HONE" compare --metric instructions --format json -- 'spin 1000000' 'spin 1010000'
cp out.txt c.json
if grep -q "callgrind" err.txt; then
  [[ $(grep -c "note:" err.txt) -eq 1 ]] || fail "the callgrind note must be said once"
  json_check c.json 'j["deterministic"] is True and "callgrind" in j["source"]'
  json_check c.json 'all(r["n"] == 1 for r in j["results"])'
  json_check c.json 'j["comparisons"][0]["ci"][0] == j["comparisons"][0]["ci"][1]'
fi
json_check c.json 'j["metric"] == "instructions" and j["unit"] == "instructions"'
json_check c.json 'j["comparisons"][0]["verdict"] == "slower"'
json_check c.json '1.005 < j["comparisons"][0]["ratio"] < 1.015'
json_check c.json 'j["results"][0]["median"] > 1000000'
