# Makes the range-tests change and makes a source file executable.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
chmod +x src/count.cc
