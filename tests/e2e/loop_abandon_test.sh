#!/usr/bin/env bash
# Issue 11.3: `hone abandon` ends the open `hone try` attempt. Whatever its worktree holds
# (tracked changes, new files) is committed and parked on a new branch it names, with the
# commit; the worktree goes; main is untouched; the candidate may be attempted again. A taken
# name gets a suffix; an attempt that changed nothing parks nothing.
source "$(dirname "$0")/loop_common.sh"
make_loop_repo
before=$(tip main)
id=$(add_candidate "Range tests")
wt=.hone/worktrees/range-tests

expect_status 2 "$HONE" abandon
expect_contains err.txt "no attempt is open: \`hone abandon\` ends the attempt that \`hone try N\` started"

expect_status 0 "$HONE" try "$id"
(cd "$wt" && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch" && echo "half an idea" > notes.txt)
expect_status 0 "$HONE" abandon --format json
cp out.txt abandon.json
json_documented abandon.json Abandon
parked=$(json abandon.json "j['branch']")
commit=$(json abandon.json "j['commit']")
[[ $parked == hone/abandoned-range-tests ]] || fail "parked on '$parked'"
[[ $(tip "$parked") == "$commit" ]] || fail "the branch is not at the printed commit"
json_check abandon.json "j['attempt'] == 1 and j['candidate_id'] == $id and j['start_branch'] == 'main'"
git show "$parked:notes.txt" > notes.txt
expect_contains notes.txt "half an idea"
git diff --quiet "$before" "$parked" -- src/count.cc && fail "the parked commit lacks the change"
[[ -e $wt ]] && fail "the worktree is still there"
[[ $(tip hone/range-tests) == none ]] || fail "the attempt's own branch was left beside the parked one"
[[ $(tip main) == "$before" ]] || fail "main moved"
[[ -z $(git status --porcelain --untracked-files=no) ]] || fail "the checkout is not clean"

# Recorded: the attempt is abandoned, the candidate still approved, the worklog says so.
expect_status 0 "$HONE" status
expect_contains out.txt "(last attempt: #1 attempt 1, abandoned)"
expect_status 0 "$HONE" candidate show "$id"
expect_contains out.txt "status:     approved"
expect_contains perf/WORKLOG.md "ABANDONED"
expect_status 2 "$HONE" abandon
expect_contains err.txt "no attempt is open"

# Again, with changes: the taken name gets a suffix, and the text names the branch and commit.
expect_status 0 "$HONE" try "$id"
(cd "$wt" && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch")
expect_status 0 "$HONE" abandon
second=$(tip hone/abandoned-range-tests-2)
[[ $second != none ]] || fail "not parked on hone/abandoned-range-tests-2"
expect_contains out.txt "abandoned attempt 2 at #1 Range tests: its work is commit $second on branch hone/abandoned-range-tests-2; main untouched"
[[ $(tip hone/abandoned-range-tests) == "$commit" ]] || fail "the first parked branch moved"

# Again, changing nothing: nothing to park.
expect_status 0 "$HONE" try "$id"
expect_status 0 "$HONE" abandon
expect_contains out.txt "abandoned attempt 3 at #1 Range tests: it changed nothing, so nothing was parked"
[[ $(tip hone/abandoned-range-tests-3) == none ]] || fail "an attempt that changed nothing was parked"
[[ $(tip hone/range-tests) == none ]] || fail "the attempt's own branch was left"
[[ $(tip main) == "$before" ]] || fail "main moved"

# Commit subjects stay within 72 characters (issue 11.6): a long candidate name is cut at a word
# in the parked commit's subject, the whole line opens its body.
long="Replace the per-byte istream get loop with 64 KiB block reads and a branch-free classifier"
lid=$(add_candidate "$long")
expect_status 0 "$HONE" try "$lid"
lwt=$(ls -d .hone/worktrees/replace-*)
(cd "$lwt" && git apply "$SOURCE_DIR/examples/wc/agents/range-tests/patch")
expect_status 0 "$HONE" abandon --format json
cp out.txt long.json
lcommit=$(json long.json "j['commit']")
subject=$(git log -1 --format=%s "$lcommit")
(( ${#subject} <= 72 )) || fail "subject of ${#subject} characters: $subject"
[[ $subject == "hone: attempt 4 at Replace the per-byte istream get loop with 64"*... ]] || fail "subject: $subject"
git log -1 --format=%b "$lcommit" > body.txt
expect_contains body.txt "hone: attempt 4 at $long (abandoned)"


# Attempt files are numbered per candidate (issue 11.6): this is attempt 4 among all, the
# candidate's first, and Range tests' third attempt wrote range-tests-3.md.
slug=$(basename "$lwt")
[[ -f .hone/prompts/$slug-1.md ]] || fail "no .hone/prompts/$slug-1.md: $(ls .hone/prompts)"
[[ ! -e .hone/prompts/$slug-4.md ]] || fail "the prompt is numbered by the global attempt id"
[[ -f .hone/prompts/range-tests-3.md ]] || fail "no .hone/prompts/range-tests-3.md: $(ls .hone/prompts)"
