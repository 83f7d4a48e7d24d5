#!/usr/bin/env bash
# hone check, the CI gate: exit 0 when nothing regressed beyond the bound, 1 on a confident
# regression, 3 when the numbers cannot tell; a markdown summary for the pull request.
source "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 0; }

mkdir gate && cd gate
git init -q
cat > hone.toml <<'TOML'
[project]
name = "gate"

[[benchmark]]
name = "loop"

[target.ours]
command = "sh run.sh"

[criteria]
regression = "5%"
TOML
echo 'exec spin 3000000' > run.sh
git add -A && git_commit "base"

# A change that does not touch the work: clean (callgrind counts are exact, so this is stable).
printf '# the loop we ship\nexec spin 3000000\n' > run.sh && git_commit "comment only"
expect_status 0 "$HONE" check --base HEAD~1 --metric instructions --summary clean.md
expect_contains out.txt "ok"
expect_contains clean.md "## hone check: no regression beyond 5%"
expect_contains clean.md "| loop |"

# 20% more work: a regression, exit 1.
echo 'exec spin 3600000' > run.sh && git_commit "slower"
expect_status 1 "$HONE" check --base HEAD~1 --metric instructions --summary pr.md
expect_contains out.txt "REGRESSED"
expect_contains pr.md "## hone check: regression beyond 5%"
expect_contains pr.md "REGRESSED"

# Against a stored baseline instead of a base revision.
git checkout -q HEAD~1
expect_status 0 "$HONE" baseline --metric instructions
git checkout -q -
expect_status 1 "$HONE" check --metric instructions
expect_status 2 "$HONE" check --baseline nosuch --metric instructions
expect_contains err.txt "no baseline named 'nosuch'"

# A new side that reports 50 ms and 200 ms in turn against a steady 100 ms, four rounds: the
# paired ratios are 0.5x and 2x alike, so the CI spans both and the gate cannot tell: exit 3,
# never a false "regressed" or "clean". The harness reports its own times (a `regex` target,
# metric "reported"), so the outcome cannot depend on the machine's load.
cd "$WORK" && mkdir noisy && cd noisy
git init -q
cat > hone.toml <<'TOML'
[project]
name = "noisy"

[[benchmark]]
name = "loop"
targets = ["ours"]

[target.ours]
command = "sh run.sh"
kind = "regex"
pattern = 'took (?<value>[0-9]+) ms'
unit = "ms"

[measure]
metric = "reported"

[criteria]
regression = "5%"
TOML
echo 'echo "took 100 ms"' > run.sh
git add -A && git_commit "steady"
cat > run.sh <<'SH'
n=$(cat .count 2>/dev/null || echo 0); echo $((n + 1)) > .count
if [ $((n % 2)) -eq 0 ]; then echo "took 50 ms"; else echo "took 200 ms"; fi
SH
echo '.count' > .gitignore && git add -A && git_commit "noisy"
expect_status 3 "$HONE" check --base HEAD~1 --runs 4 --warmup 0 --summary unsure.md
expect_contains unsure.md "## hone check: unsure"
expect_contains out.txt "unsure"
