# A careless agent: makes the range-tests change, then "cleans up" git the way agents do:
# deletes the worktree's .git and starts a repository of its own there.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
cp "$here/../range-tests/report.json" "$HONE_REPORT_FILE"
rm -rf .git
git init -q
