#!/usr/bin/env bash
# Issue 12: `hone bisect GOOD BAD --bench B` finds the commit that made B 5% slower among the 32
# commits after GOOD in at most 8 probes, each built in a worktree (GOOD once, every build reused
# when it runs again) and measured against GOOD in one interleaved run; it accuses nobody when
# BAD is slower than GOOD by less than the noise threshold, and refuses what it cannot search.
# The benchmark reports its own time, a number its build takes from a source file that commits
# change (kind = "regex", metric = "reported"): every outcome is the same on a loaded machine.
source "$(dirname "$0")/common.sh"
mkdir proj && cd proj
git init -q -b main
mkdir src
echo "#define COST 10000" >src/cost.h
cat >build.sh <<'SH'
# The "compiler": the cost the code declares, as the program the benchmark runs.
mkdir -p build && sed -n 's/^#define COST //p' src/cost.h >build/cost
SH
cat >bench.sh <<'SH'
echo "took $(cat build/cost) us"
SH
cat >hone.toml <<'TOML'
[project]
name = "bisect"
build = "sh build.sh"

[[benchmark]]
name = "loop"
targets = ["ours"]

[[benchmark]]
name = "other"
targets = ["ours"]

[target.ours]
kind = "regex"
command = "sh bench.sh"
pattern = 'took (?<value>\d+) us'
unit = "us"

[measure]
metric = "reported"
TOML
echo "build/" >.gitignore
git add -A
git_commit "first"
git tag v1.0
good=$(git rev-parse HEAD)
# 32 commits; the 8th makes the program 0.4% slower (within the 1% noise threshold), the 20th
# 5% slower (10040 -> 10542 us).
for i in $(seq 1 32); do
  echo "change $i" >>notes.txt
  case $i in
    8) sed -i 's/10000/10040/' src/cost.h; msg="commit 8: 0.4% slower" ;;
    20) sed -i 's/10040/10542/' src/cost.h; msg="commit 20: planted 5% regression" ;;
    *) msg="commit $i" ;;
  esac
  git add -A
  git_commit "$msg"
  [[ $i == 19 ]] && before=$(git rev-parse HEAD)
  [[ $i == 20 ]] && planted=$(git rev-parse HEAD)
done

expect_status 0 "$HONE" bisect v1.0 HEAD --bench loop
cp out.txt bisect.txt
cp err.txt bisect.err
cat bisect.txt
expect_contains bisect.txt "Bisecting loop (reported): 32 commits after GOOD ${good:0:10} up to BAD $(git rev-parse --short=10 HEAD)"
expect_contains bisect.txt "First bad commit: ${planted:0:10} commit 20: planted 5% regression (commit 20 of 32 after GOOD)"
expect_contains bisect.txt "loop against GOOD ${good:0:10}: +5.4% [+5.4%, +5.4%]"
expect_contains bisect.txt "its parent ${before:0:10}: +0.4% [+0.4%, +0.4%]"
probes=$(grep -c '^probe ' bisect.txt)
(( probes <= 8 )) || fail "$probes probes: at most 8 expected"
# GOOD is built once, each probed commit once.
builds=$(grep -c '^hone: built ' bisect.err)
[[ $builds == $((probes + 1)) ]] || { cat bisect.err; fail "$builds builds for $probes probes"; }
expect_contains bisect.txt "$probes probes (0 measured more, 0 skipped) over 32 commits after GOOD; $builds builds ran"
# docs/commands.md shows this output (commit ids aside).
python3 - "$SOURCE_DIR/docs/commands.md" bisect.txt <<'PY' || fail "docs/commands.md's hone bisect example is not what hone prints"
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
start = doc.index("$ hone bisect v1.0 HEAD --bench loop\n") + len("$ hone bisect v1.0 HEAD --bench loop\n")
shown = doc[start:doc.index("```", start)]
got = open(sys.argv[2], encoding="utf-8").read()
norm = lambda t: re.sub(r"\b[0-9a-f]{10}\b", "<commit>", t)
if norm(shown) != norm(got):
    sys.exit("--- docs:\n" + shown + "--- hone:\n" + got)
PY
# Every probe is a run of its own, recorded as kind bisect.
expect_status 0 "$HONE" runs --format json
json_check out.txt "len([r for r in j if r['kind'] == 'bisect']) == $probes"

# Again, as JSON and in the form the MCP tool `bisect` gives (flags, then `--` and GOOD BAD): every
# build is reused.
expect_status 0 "$HONE" --format json bisect --bench=loop -- "$good" HEAD
cp out.txt bisect.json
json_documented bisect.json Bisect
json_check bisect.json "j['verdict'] == 'found' and j['first_bad']['commit'] == '$planted'"
json_check bisect.json "j['first_bad']['position'] == 20 and j['last_good']['commit'] == '$before'"
json_check bisect.json "abs(j['first_bad']['ratio'] - 1.0542) < 1e-9 and j['first_bad']['ci'][0] > 1.05"
json_check bisect.json "len(j['probes']) == $probes and j['builds'] == 0 and j['commits'] == 32"
json_check bisect.json "j['probes'][0]['position'] == 32 and j['probes'][0]['outcome'] == 'bad'"
json_check bisect.json "abs(j['boundary'] - 1.0271) < 1e-9 and j['threshold'] == 0.01"
json_check bisect.json "j['good']['commit'] == '$good' and j['bad']['rev'] == 'HEAD'"
expect_not_contains err.txt "hone: built"

# Within noise: up to commit 19 the program is 0.4% slower than GOOD, under the 1% threshold.
expect_status 1 "$HONE" bisect v1.0 HEAD~13 --bench loop
expect_contains out.txt "No commit accused: BAD ${before:0:10} against GOOD ${good:0:10} is +0.4% [+0.4%, +0.4%] (not slower beyond the noise threshold of 1%)."
[[ $(grep -c '^probe ' out.txt) == 1 ]] || fail "one probe expected"
expect_not_contains out.txt "First bad commit"
# A threshold under the change finds it: the 8th commit.
expect_status 0 "$HONE" --format json bisect v1.0 HEAD~13 --bench loop --threshold 0.2%
json_check out.txt "j['verdict'] == 'found' and j['first_bad']['position'] == 8"

# Refused: what cannot be searched, named.
expect_status 2 "$HONE" bisect "$good" HEAD --bench nope
expect_contains err.txt "--bench nope: no such benchmark in"
expect_contains err.txt "loop, other"
expect_status 2 "$HONE" bisect HEAD "$good" --bench loop
expect_contains err.txt "is not on the first-parent history of BAD '$good'"
expect_status 2 "$HONE" bisect HEAD HEAD --bench loop
expect_contains err.txt "are the same commit"
expect_status 2 "$HONE" bisect nosuchrev HEAD --bench loop
expect_contains err.txt "GOOD 'nosuchrev': cannot resolve revision 'nosuchrev'"
echo "PASS: bisect finds the planted regression in $probes probes and accuses nobody within noise"
