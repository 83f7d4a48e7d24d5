#!/usr/bin/env bash
# Issue 12: a bisect probe that is unsure is measured again with four times the rounds, and when
# still unsure it is skipped: the search goes on around it and still finds the first bad commit
# when the skipped one is not next to it, and names the two commits it cannot tell apart when it
# is. The benchmark reports its own time (kind = "regex", metric = "reported"): constant on every
# commit but the "noisy" one, whose times are a fixed low-discrepancy sequence spread ±15% around
# the boundary between good and bad, so its CI straddles that boundary at 10 rounds and at 40.
# Rounds are fixed (--runs 10): every outcome is the same on a loaded machine.
source "$(dirname "$0")/common.sh"

# make_repo DIR NOISY BAD: GOOD and 8 commits after it; commit NOISY reports noisy times, commits
# from BAD on are 5.4% slower (10542 us against 10000).
make_repo() {
  local dir=$1 noisy=$2 bad=$3
  mkdir "$WORK/$dir" && cd "$WORK/$dir"
  git init -q -b main
  mkdir src
  echo "#define COST 10000" >src/cost.h
  cat >build.sh <<'SH'
mkdir -p build && sed -n 's/^#define COST //p' src/cost.h >build/cost
SH
  # The k-th run of the noisy build reports 10271 us (the boundary: halfway to BAD's 10542) times a
  # number from 0.85 to 1.15, the fractional parts of (k + 1) times the golden ratio.
  cat >bench.sh <<'SH'
c=$(cat build/cost)
if [ "$c" = noisy ]; then
  k=$(cat build/k 2>/dev/null || echo 0)
  echo $((k + 1)) >build/k
  c=$(awk -v k="$k" 'BEGIN { f = (k + 1) * 0.6180339887; f -= int(f); printf "%.1f", 10271 * (0.85 + 0.3 * f) }')
fi
echo "took $c us"
SH
  cat >hone.toml <<'TOML'
[project]
name = "bisect-unsure"
build = "sh build.sh"

[[benchmark]]
name = "loop"
targets = ["ours"]

[target.ours]
kind = "regex"
command = "sh bench.sh"
pattern = 'took (?<value>[0-9.]+) us'
unit = "us"

[measure]
metric = "reported"
TOML
  echo "build/" >.gitignore
  git add -A
  git_commit "first"
  git tag good
  for i in $(seq 1 8); do
    echo "change $i" >>notes.txt
    msg="commit $i"
    if [[ $i == "$noisy" ]]; then
      sed -i 's/^#define COST .*/#define COST noisy/' src/cost.h
      msg="commit $i: noisy"
    elif [[ $i -ge $bad ]]; then
      sed -i 's/^#define COST .*/#define COST 10542/' src/cost.h
      [[ $i == "$bad" ]] && msg="commit $i: planted 5% regression"
    else
      sed -i 's/^#define COST .*/#define COST 10000/' src/cost.h
    fi
    git add -A
    git_commit "$msg"
  done
}

# 1. The noisy commit 4 is probed first (the middle of 8), unsure twice, skipped; commit 3 is
#    probed instead, then 5, 6 and 7: the regression of commit 7 is found all the same.
make_repo found 4 7
expect_status 0 "$HONE" bisect good HEAD --bench loop --runs 10
cp out.txt bisect.txt
cat bisect.txt
noisy=$(git rev-parse --short=10 HEAD~4)
planted=$(git rev-parse --short=10 HEAD~1)
expect_contains bisect.txt "  4/8  $noisy  "
expect_contains bisect.txt "unsure: measuring more"
expect_contains bisect.txt "unsure again: skipped (attempt 2)"
expect_contains bisect.txt "First bad commit: $planted commit 7: planted 5% regression (commit 7 of 8 after GOOD)"
expect_contains bisect.txt "7 probes (1 measured more, 1 skipped) over 8 commits after GOOD"
# The probe order: BAD, the noisy one twice, then around it.
[[ $(grep '^probe ' bisect.txt | awk '{print $3}' | tr '\n' ' ') == "8/8 4/8 4/8 3/8 5/8 6/8 7/8 " ]] ||
  fail "probe order: $(grep '^probe ' bisect.txt | awk '{print $3}' | tr '\n' ' ')"
# The second look had four times the rounds (10, then 40), both recorded as bisect runs.
expect_status 0 "$HONE" --format json bisect good HEAD --bench loop --runs 10
json_check out.txt "j['verdict'] == 'found' and j['first_bad']['position'] == 7 and j['builds'] == 0"
json_check out.txt "[(p['position'], p['attempt'], p['outcome'], p['skipped']) for p in j['probes'][1:3]] == [(4, 1, 'unsure', False), (4, 2, 'unsure', True)]"
json_check out.txt "all(p['ci'][0] <= p['bound'] < p['ci'][1] for p in j['probes'][1:3])"
runs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probes"][1]["run_id"])' out.txt)
more=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["probes"][2]["run_id"])' out.txt)
expect_status 0 "$HONE" show "$runs" --format json
json_check out.txt "all(r['n'] == 10 for r in j['results'])"
expect_status 0 "$HONE" show "$more" --format json
json_check out.txt "all(r['n'] == 40 for r in j['results'])"

# 2. The noisy commit 4 is the parent of the first bad one (commit 5): skipped, it leaves two
#    suspects, and bisect says it cannot tell which.
make_repo range 4 5
expect_status 0 "$HONE" bisect good HEAD --bench loop --runs 10
cp out.txt bisect.txt
cat bisect.txt
expect_contains bisect.txt "The first bad commit is one of these 2 (unsure probes could not tell which):"
expect_contains bisect.txt "  $(git rev-parse --short=10 HEAD~4) commit 4: noisy  (skipped: "
expect_contains bisect.txt "  $(git rev-parse --short=10 HEAD~3) commit 5: planted 5% regression  (bad: +5.4% [+5.4%, +5.4%])"
expect_not_contains bisect.txt "First bad commit"
expect_status 0 "$HONE" --format json bisect good HEAD --bench loop --runs 10
json_check out.txt "j['verdict'] == 'range' and [s['position'] for s in j['suspects']] == [4, 5] and j['first_bad'] is None"
echo "PASS: an unsure probe is measured more, then skipped; bisect finds the commit around it or names the two it cannot tell apart"
