#!/usr/bin/env bash
# Issue 11.3: `hone prune` reclaims hone's worktrees that nothing needs, a dry run unless
# --apply, and says how much. Reclaimed: a finished attempt's worktree whose work is on its branch,
# the checkout of a revision measured before (main moved on). Kept: the open attempt's worktree,
# the checkout of main's head (the next attempt's base), a failed agent's worktree whose edits
# were never committed, one a process works in, a folder that is not a worktree of the repository.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
start=$(tip main)
kept=$(add_candidate "Range tests")
broken=$(add_candidate "High bytes")
crash=$(add_candidate "Crash")
open=$(add_candidate "Locale check")
expect_status 0 "$HONE" run "$broken"
expect_contains out.txt "#2 High bytes: rejected — the tests failed"
expect_status 0 "$HONE" run "$kept"
head=$(tip main)
[[ $head != "$start" ]] || { cat out.txt err.txt; fail "the range tests were not kept"; }
expect_status 0 "$HONE" run "$crash"
expect_contains out.txt "#3 Crash: rejected"
# Its base, the kept commit, was not built again: the kept attempt's worktree is its checkout.
! grep -q "hone: built .*(${head:0:12})" err.txt || { cat err.txt; fail "the kept commit was built a second time"; }
[[ $(readlink .hone/worktrees/${head:0:12}) == "$PWD/.hone/worktrees/range-tests" ]] || fail "no link to the kept worktree"
expect_status 0 "$HONE" try "$open"
old=.hone/worktrees/${start:0:12}
base=.hone/worktrees/${head:0:12}
for d in "$old" "$base" .hone/worktrees/high-bytes .hone/worktrees/crash .hone/worktrees/locale-check; do
  [[ -d $d ]] || fail "expected the worktree $d"
done
mkdir .hone/worktrees/stray && echo "someone's notes" > .hone/worktrees/stray/notes.txt

# Dry run: what would go, and why the rest stays; nothing removed.
expect_status 0 "$HONE" prune
expect_contains out.txt "would remove $old "
expect_contains out.txt "checkout of ${start:0:12}: a checkout of ${start:0:12} made to measure it; made again when needed"
expect_contains out.txt "would remove .hone/worktrees/high-bytes "
expect_contains out.txt "attempt 1 (#2 High bytes, rejected): its work is on branch hone/high-bytes"
expect_contains out.txt "kept .hone/worktrees/crash "
expect_contains out.txt "attempt 3 (#3 Crash, rejected): 1 uncommitted or untracked path (not ignored)"
expect_contains out.txt "kept $base  0 B  checkout of ${head:0:12} (the kept attempt's worktree range-tests, built): the checkout of main's head, the next attempt's base (built)"
expect_contains out.txt "kept .hone/worktrees/range-tests "
expect_contains out.txt "attempt 2 (#1 Range tests, kept): the checkout of main's head, the next attempt's base (built)"
expect_contains out.txt "kept .hone/worktrees/locale-check "
expect_contains out.txt "the attempt is open: \`hone finish\` it or \`hone abandon\` it"
expect_contains out.txt "kept .hone/worktrees/stray "
expect_contains out.txt "not a worktree of this repository"
expect_contains out.txt "would reclaim "
expect_contains out.txt " in 2 folders: run \`hone prune --apply\` to do it"
for d in "$old" .hone/worktrees/high-bytes; do [[ -d $d ]] || fail "the dry run removed $d"; done

# A process working inside: kept.
(cd "$old" && exec sleep 300) &
sleeper=$!
for _ in $(seq 1000); do [[ $(readlink "/proc/$sleeper/cwd" 2>/dev/null) == "$PWD/$old" ]] && break; sleep 0.01; done
expect_status 0 "$HONE" prune --format json
cp out.txt dry.json
json_documented dry.json Prune
json_check dry.json "not j['applied'] and j['reclaimed_bytes'] == 0 and len(j['folders']) == 7"
json_check dry.json "[f['path'].split('/')[-1] for f in j['folders'] if f['reclaim']] == ['high-bytes']"
json_check dry.json "any(f'in use: sleep (pid $sleeper) works in it' == f['why'] for f in j['folders'])"
kill "$sleeper"
wait "$sleeper" 2>/dev/null || true

# Apply: reclaimed as the dry run said; the work stays on its branch; the rest is untouched.
expect_status 0 "$HONE" prune --format json
cp out.txt again.json
would=$(json again.json "j['reclaimable_bytes']")
[[ $would -gt 0 ]] || fail "nothing reclaimable"
expect_status 0 "$HONE" prune --apply --format json
cp out.txt applied.json
json_check applied.json "j['applied'] and j['reclaimed_bytes'] == $would"
for d in "$old" .hone/worktrees/high-bytes; do [[ -e $d ]] && fail "$d was not removed"; done
for d in "$base" .hone/worktrees/crash .hone/worktrees/locale-check .hone/worktrees/stray; do
  [[ -d $d ]] || fail "$d was removed"
done
[[ $(tip hone/high-bytes) != none ]] || fail "the rejected attempt's branch is gone"
git worktree list > worktrees.txt
expect_not_contains worktrees.txt "/high-bytes"
expect_status 0 "$HONE" prune
expect_contains out.txt "nothing to reclaim"

# The open attempt still ends as it should.
expect_status 0 "$HONE" abandon
expect_contains out.txt "abandoned attempt 4 at #4 Locale check"
