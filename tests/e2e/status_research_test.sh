#!/usr/bin/env bash
# hone status ticks "Research notes written" for a research note, not for the notes hone writes
# for other steps (a failed attempt's lessons, a profile, the future optimizations).
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
mkdir -p perf/research
echo "# lessons" > perf/research/01-range-tests-lessons.md
echo "# profile" > perf/research/02-profile-utf8.md
echo "# future" > perf/research/03-future-optimizations.md
expect_status 0 "$HONE" status
expect_contains out.txt "- [ ] Research notes written"
expect_status 0 "$HONE" research new "GNU wc internals"
expect_status 0 "$HONE" status
expect_contains out.txt "- [x] Research notes written"
