#!/usr/bin/env bash
# The keep rule puts the burden of proof on the change (docs/loop.md, "Decide"). A harness
# reports fixed times (kind = "regex", metric = "reported"), read from the project's own files,
# so every verdict here is the same on any machine:
#   1. "fast" 2x faster while "other" spreads from 0.85x to 1.25x (about 1.04x slower): its CI
#      straddles the 5% bound to the end of the budget, so the change is not kept but parked as
#      unsure, with the numbers; the claim that "other" got 1.05x faster lies inside the measured
#      CI widened by 10% (verified before issue 10) but points the other way: not verified.
#   2. "fast" 2x faster, "other" 1.10x slower (exact): a mixed result, kept only because the
#      done criteria accept it, with the trade-off in the commit body and the worklog.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj
git init -q -b main
cat > hone.toml <<'TOML'
[project]
name = "keep-rule"
test = "true"
artifacts = "perf"

[[benchmark]]
name = "fast"
targets = ["ours"]

[[benchmark]]
name = "other"
targets = ["ours"]

[target.ours]
kind = "regex"
command = "sh run.sh {bench}"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
metric = "reported"
min_runs = 6
max_runs = 40
max_time = "120s"
seed = 7

[criteria]
regression = "5%"

[agent]
command = "sh agent.sh"
timeout = "60s"
TOML
# Prints the next of the benchmark's times (src/BENCH.txt, cycled), counting in .count-BENCH.
cat > run.sh <<'SH'
set -eu
n=$(cat ".count-$1" 2>/dev/null || echo 0)
echo $((n + 1)) > ".count-$1"
set -- $(cat "src/$1.txt")
shift $((n % $#))
echo "time: $1 ms"
SH
# The scripted agent: what each candidate does to the times, and what it claims.
cat > agent.sh <<'SH'
set -eu
case "$HONE_CANDIDATE" in
  "Unsure other")
    echo 5 > src/fast.txt
    echo "10.5 8.5 12.5 9.25 11.75 9.75 11.25 8.75 12.25 10 11 9 12 9.5 11.5 10.25 10.75" > src/other.txt
    echo '{"mechanism": "a table", "claims": {"other": {"before_ms": 10, "after_ms": 9.5}}}' > "$HONE_REPORT_FILE" ;;
  "Mixed"|"Mixed again")
    echo 5 > src/fast.txt; echo 11 > src/other.txt
    echo '{"mechanism": "a cache that costs other 10%"}' > "$HONE_REPORT_FILE" ;;
esac
SH
mkdir src && echo 10 > src/fast.txt && echo 10 > src/other.txt
printf '.count-*\n.hone/\nperf/\n' > .gitignore
git add -A && git_commit "base"
add() { local id; id=$("$HONE" candidate add "$1"); "$HONE" candidate approve "$id" >/dev/null; echo "$id"; }
head=$(git rev-parse HEAD)

# 1. Not shown within the bound: parked as unsure, with the numbers that blocked it.
id=$(add "Unsure other")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#1 Unsure other: slow — unsure (faster with confidence (Hochberg over 2 benchmarks at 2%): fast 2.00x faster [2.00x, 2.00x]; not shown within the 5% bound: other"
expect_contains out.txt "claim UNVERIFIED: other: claimed 1.05x faster (10 ms → 9.5 ms); measured 1.04x slower [1.00x, 1.09x] (paired ratio, 95% CI): not faster with confidence"
expect_contains out.txt "not faster with confidence"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
expect_contains perf/WORKLOG.md "Status: UNSURE (not kept)"
expect_contains perf/WORKLOG.md "| Benchmark | Before (median) | After (median) | Change: paired ratio [95% CI] |"

# 2. Mixed: parked without criteria; kept once the done criteria accept the trade-off.
id=$(add "Mixed")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#2 Mixed: slow — mixed (faster with confidence (Hochberg over 2 benchmarks at 2%): fast 2.00x faster [2.00x, 2.00x]; slower than the 5% bound: other 1.10x slower [1.10x, 1.10x]); no done criteria"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "main moved"
sed -i 's/^regression = .*/regression = "5%"\ndone = ["fast < 6ms"]/' hone.toml
git_commit "criteria: fast under 6 ms"
head=$(git rev-parse HEAD)
id=$(add "Mixed again")
expect_status 0 "$HONE" run "$id"
expect_contains out.txt "#3 Mixed again: kept — mixed (faster with confidence"
expect_contains out.txt "accepted by the done criteria"
git log -1 --format=%B > msg.txt
expect_contains msg.txt "Trade-off: mixed (faster with confidence (Hochberg over 2 benchmarks at 2%): fast 2.00x faster [2.00x, 2.00x]; slower than the 5% bound: other 1.10x slower [1.10x, 1.10x])"
expect_contains msg.txt "median before -> after, then the paired ratio with its 95% CI"
expect_contains perf/WORKLOG.md "Trade-off: mixed"

