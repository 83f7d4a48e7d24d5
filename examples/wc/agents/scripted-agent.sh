#!/bin/sh
# A scripted stand-in for a coding agent, for demos and hone's end-to-end tests. hone runs it in
# the attempt's worktree (the project folder) with HONE_CANDIDATE, HONE_REPORT_FILE, ... set
# (docs/agents.md). It looks up the folder named after the candidate (lower case, runs of other
# characters as '-': "Range tests" → range-tests/) and
#   1. applies its `patch` (paths relative to the project folder),
#   2. copies its `report.json` to $HONE_REPORT_FILE,
#   3. runs its `run.sh`, if any (to hang, fail or write a garbled report).
# A real agent would read the prompt on stdin instead.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
slug=$(printf '%s' "${HONE_CANDIDATE:?run me through hone run}" | tr 'A-Z' 'a-z' |
       sed -e 's/[^a-z0-9][^a-z0-9]*/-/g' -e 's/^-//' -e 's/-$//')
dir="$here/$slug"
if [ ! -d "$dir" ]; then
  echo "scripted-agent: nothing scripted for '$HONE_CANDIDATE' (no $dir)" >&2
  exit 3
fi
echo "scripted-agent: candidate $HONE_CANDIDATE_ID '$HONE_CANDIDATE' in $HONE_WORKTREE"
if [ -f "$dir/patch" ]; then
  # From the repository top, so a project in a subfolder (examples/wc) patches the right files.
  prefix=$(git rev-parse --show-prefix)
  (cd "$(git rev-parse --show-toplevel)" && git apply ${prefix:+--directory="${prefix%/}"} "$dir/patch")
  echo "scripted-agent: applied $dir/patch"
fi
if [ -f "$dir/report.json" ]; then cp "$dir/report.json" "$HONE_REPORT_FILE"; fi
if [ -f "$dir/run.sh" ]; then exec sh "$dir/run.sh"; fi
