# Makes the range-tests change and leaves a 12 MB scratch file behind.
here=$(cd "$(dirname "$0")" && pwd)
git apply "$here/../range-tests/patch"
head -c 12000000 /dev/zero > scratch.bin
