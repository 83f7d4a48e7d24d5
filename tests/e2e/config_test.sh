#!/usr/bin/env bash
# hone init writes a starter that parses; config mistakes are errors naming file:line:column.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj
expect_status 0 "$HONE" init
[[ -f hone.toml ]] || fail "init wrote no hone.toml"
expect_contains hone.toml "[measure]"
expect_status 2 "$HONE" init
expect_contains err.txt "already exists"
expect_status 0 "$HONE" init --force

cat > hone.toml <<'TOML'
[project]
name = "typo"

[measure]
min_run = 3
TOML
expect_status 2 "$HONE" bench
expect_contains err.txt "hone.toml:5:1"
expect_contains err.txt "did you mean 'min_runs'"

printf '[project\nname = "x"\n' > hone.toml
expect_status 2 "$HONE" bench
expect_contains err.txt "hone.toml:1:"

cd "$WORK" && mkdir empty && cd empty
expect_status 2 "$HONE" bench
expect_contains err.txt "hone init"
