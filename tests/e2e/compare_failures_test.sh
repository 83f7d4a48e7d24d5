#!/usr/bin/env bash
# A failing command is an error with its status and stderr, never a timing; a hung command is
# killed at the timeout; a missing program is named.
source "$(dirname "$0")/common.sh"

expect_status 2 "$HONE" compare -- 'true' "sh -c 'echo disk on fire >&2; exit 3'"
expect_contains err.txt "exited with status 3"
expect_contains err.txt "disk on fire"
expect_status 0 "$HONE" runs
expect_contains out.txt "failed"

start=$(date +%s)
expect_status 2 "$HONE" compare --timeout 300ms -- 'true' 'sleep 30'
expect_contains err.txt "timed out"
(( $(date +%s) - start < 20 )) || fail "the timeout did not stop the hung command"

expect_status 2 "$HONE" compare -- 'true' 'no-such-program-xyz --flag'
expect_contains err.txt "no-such-program-xyz"

expect_status 2 "$HONE" compare -- 'true'
expect_contains err.txt "at least two commands"

expect_status 2 "$HONE" compare -- 'true' "echo 'unterminated"
expect_contains err.txt "column"

expect_status 2 "$HONE" compare --metric speed -- 'true' 'true'
expect_contains err.txt "--metric 'speed'"

expect_status 2 "$HONE" compare --precision lots -- 'true' 'true'
expect_contains err.txt "--precision 'lots'"
