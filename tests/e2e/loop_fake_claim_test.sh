#!/usr/bin/env bash
# Loop scenario 4: a report that claims 5x for a change that only edits a comment: hone
# re-measures, flags both claims as unverified, and does not keep the change.
LOOP_CONFIG=model.toml
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
head=$(git rev-parse HEAD)

id=$(add_candidate "Comment only")
expect_status 0 "$HONE" run "$id" --min-runs 10
expect_contains out.txt "#1 Comment only: slow"
expect_contains out.txt "claim UNVERIFIED: utf8: claimed 5.00x faster (150 ms → 30 ms); measured"
expect_contains out.txt "claim UNVERIFIED: short-lines: claimed 5.00x faster"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
expect_contains perf/WORKLOG.md "- **unverified** utf8: claimed 5.00x faster"
git rev-parse --verify -q hone/slow-comment-only >/dev/null || fail "no slow branch"
