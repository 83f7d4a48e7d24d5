#!/usr/bin/env bash
# Identical commands get distinct names and are never called faster or slower by a wide margin.
source "$(dirname "$0")/common.sh"

expect_status 0 "$HONE" compare --format json --seed 11 --max-time 3s -- 'spin 5000000' 'spin 5000000'
cp out.txt c.json
json_check c.json '[r["target"] for r in j["results"]] == ["spin 5000000", "spin 5000000 #2"]'
# Any verdict can come out of noise (ctest runs other tests alongside), but the ratio must be
# near 1 and its CI must hold it.
json_check c.json '0.8 < j["comparisons"][0]["ratio"] < 1.25'
json_check c.json 'j["comparisons"][0]["ci"][0] <= j["comparisons"][0]["ratio"] <= j["comparisons"][0]["ci"][1]'
