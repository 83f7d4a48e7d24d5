#!/usr/bin/env bash
# Loop scenario 5: a "speedup" made by shrinking the benchmark inputs (the input generator is
# protected in hone.toml) measures much faster, but the diff review flags it and it is not kept.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
head=$(git rev-parse HEAD)

id=$(add_candidate "Smaller inputs")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Smaller inputs: rejected — the change touches gen/gen-inputs.cc (protected (gen/))"
expect_contains out.txt "--allow-bench-changes"
expect_contains out.txt "measured faster with confidence"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
expect_contains perf/WORKLOG.md "touches gen/gen-inputs.cc (protected (gen/))"


# The driver can overrule the review: approved again and run with --allow-bench-changes, the
# same change is kept (its commit still says what it measured).
expect_status 0 "$HONE" candidate approve "$id"
expect_status 0 "$HONE" run "$id" --allow-bench-changes
expect_contains out.txt "#1 Smaller inputs: kept"
[[ $(git rev-parse HEAD~1) == "$head" ]] || fail "expected one commit on top of the start"
