# Makes the range-tests change and leaves a symlink to a file outside the worktree.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
ln -s /etc/passwd passwd-copy
