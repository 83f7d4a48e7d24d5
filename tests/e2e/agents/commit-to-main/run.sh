# Makes the range-tests change; meanwhile the person commits on the loop's branch.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
cp "$here/../range-tests/report.json" "$HONE_REPORT_FILE"
repo=$(cd "$HONE_WORKTREE/../../.." && pwd)
git -C "$repo" -c user.name=person -c user.email=p@x commit -q --allow-empty -m "the person's own work"
