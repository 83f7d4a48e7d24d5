#!/usr/bin/env bash
# hone bench on a configured project: every benchmark × target, ours first as the baseline,
# recorded; show re-analyses the same numbers; compare --target and compare RUN1 RUN2 work.
source "$(dirname "$0")/common.sh"
make_spin_project

expect_status 0 "$HONE" bench --format json
cp out.txt b.json
json_check b.json '[(r["benchmark"], r["target"]) for r in j["results"]] == [("small","ours"),("small","slow"),("large","ours"),("large","slow")]'
json_check b.json 'all(c["baseline"] == "ours" and c["candidate"] == "slow" for c in j["comparisons"])'
json_check b.json 'all(c["verdict"] == "slower" and 2 < c["ratio"] < 4.5 for c in j["comparisons"])'
json_check b.json 'len(j["geomeans"]) == 1 and 2 < j["geomeans"][0]["ratio"] < 4.5'
json_check b.json 'j["seed"] == 7'

expect_status 0 "$HONE" show 1 --format json
cp out.txt s.json
python3 - b.json s.json <<'PY' || fail "show differs from bench"
import json, sys
b, s = (json.load(open(p)) for p in sys.argv[1:3])
assert [r["median"] for r in b["results"]] == [r["median"] for r in s["results"]]
assert [c["ci"] for c in b["comparisons"]] == [c["ci"] for c in s["comparisons"]]
assert s["run"]["status"] == "complete" and s["run"]["kind"] == "bench"
assert s["run"]["machine"]["cores"] >= 1
PY

expect_status 0 "$HONE" show 1
expect_contains out.txt "run 1"
expect_contains out.txt "small"

expect_status 0 "$HONE" bench --bench small --target ours --runs 4 --format json
json_check out.txt '[(r["benchmark"], r["target"], r["n"]) for r in j["results"]] == [("small","ours",4)]'

expect_status 0 "$HONE" compare --target slow --target ours --bench large --runs 4 --format json
json_check out.txt 'j["comparisons"][0]["baseline"] == "slow" and j["comparisons"][0]["verdict"] == "faster"'

# Two stored runs: run 2 (ours on small only) against run 1.
expect_status 0 "$HONE" compare 1 2 --format json
json_check out.txt '[(r["benchmark"], r["target"]) for r in j["results"]] == [("small", "ours@run1"), ("small", "ours@run2"), ("large", "ours@run1")]'
json_check out.txt 'len(j["comparisons"]) == 1 and j["comparisons"][0]["benchmark"] == "small"'

expect_status 2 "$HONE" bench --target nosuch
expect_contains err.txt "no target named 'nosuch'"
expect_status 2 "$HONE" show 99
expect_contains err.txt "no run 99"
