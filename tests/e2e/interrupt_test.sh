#!/usr/bin/env bash
# Ctrl-C keeps every completed round, prints partial results and marks the run interrupted;
# a SIGKILLed hone leaves a run that the next hone marks interrupted.
source "$(dirname "$0")/common.sh"

set +e
"$HONE" compare --runs 100000 --format json -- 'spin 3000000' 'spin 3000000' >out.txt 2>err.txt &
pid=$!
sleep 3
kill -INT $pid
wait $pid
status=$?
set -e
[[ $status -eq 130 ]] || { cat err.txt; fail "expected exit 130 after SIGINT, got $status"; }
json_check out.txt 'j["interrupted"] is True and j["results"][0]["n"] >= 2'
expect_status 0 "$HONE" runs
expect_contains out.txt "interrupted"

set +e
"$HONE" compare --runs 100000 -- 'spin 3000000' 'spin 3000000' >/dev/null 2>&1 &
pid=$!
sleep 3
kill -KILL $pid
wait $pid 2>/dev/null
set -e
expect_status 0 "$HONE" runs --format json
json_check out.txt 'j[0]["status"] == "interrupted" and "crash" in j[0]["note"]'
expect_status 0 "$HONE" show 2 --format json
json_check out.txt 'j["interrupted"] is True and j["results"][0]["n"] >= 1'
