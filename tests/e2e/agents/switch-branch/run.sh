# Makes the range-tests change; meanwhile the person switches the main checkout to another branch.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
cp "$here/../range-tests/report.json" "$HONE_REPORT_FILE"
repo=$(cd "$HONE_WORKTREE/../../.." && pwd)
git -C "$repo" switch -q -c elsewhere
