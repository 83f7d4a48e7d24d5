#!/usr/bin/env bash
# Competitors first-class in the loop (issue 11): a competitor with its own `build` and `dir` is
# built by `hone try` in the main checkout before anything else (its binary is not committed),
# and every attempt measures it alongside, for the done criteria; a competitor whose build fails
# stops `hone try` at once, naming the target and quoting the compiler's error. The harness
# reports fixed times (kind = "regex", metric = "reported"): every number is exact.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj
git init -q -b main
cat > hone.toml <<'TOML'
[project]
name = "rivalry"
test = "true"

[[benchmark]]
name = "parse"
targets = ["ours", "rival"]

[target.ours]
kind = "regex"
command = "sh run.sh"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[target.rival]
kind = "regex"
dir = "rival"
build = "sh build.sh"
command = "sh bin.sh"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
metric = "reported"
min_runs = 4
max_runs = 4
seed = 3

[criteria]
done = ["faster than rival on every benchmark"]
TOML
echo 'echo "time: $(cat ours.txt) ms"' > run.sh
echo 40 > ours.txt
mkdir rival
# The rival's binary is built, never committed.
echo 'echo "echo time: 30 ms" > bin.sh' > rival/build.sh
printf '.hone/\nperf/\nrival/bin.sh\n' > .gitignore
git add -A && git_commit "base"

expect_status 0 "$HONE" candidate add "Faster parse"
expect_status 0 "$HONE" candidate approve 1
[[ ! -e rival/bin.sh ]] || fail "the rival was built before anything asked"
expect_status 0 "$HONE" try 1
expect_contains err.txt "hone: building competitor rival: sh build.sh"
[[ -e rival/bin.sh ]] || fail "hone try did not build the rival"
echo 15 > .hone/worktrees/faster-parse/ours.txt
expect_status 0 "$HONE" finish
expect_contains out.txt "kept"
expect_contains out.txt "2.67x faster [2.67x, 2.67x]"
# The attempt's run measured the rival alongside, and the criteria judged ours against it: 30/15 = 2x.
run=$("$HONE" runs -n 1 | awk 'NR == 2 { print $1 }')
expect_status 0 "$HONE" show "$run"
expect_contains out.txt "rival"
expect_contains out.txt "30.0 ms"

# A rival that does not build stops the next attempt before it starts.
echo 'echo "rival.c:1:1: error: nope" >&2; exit 1' > rival/build.sh
git commit -qam "rival breaks"
expect_status 0 "$HONE" candidate add "More"
expect_status 0 "$HONE" candidate approve 2
expect_status 2 "$HONE" try 2
expect_contains err.txt "[target.rival] build \`sh build.sh\` (in $PWD/rival) exited with status 1"
expect_contains err.txt "  rival.c:1:1: error: nope"
[[ ! -e .hone/worktrees/more ]] || fail "an attempt was prepared although the rival does not build"
echo "PASS"
