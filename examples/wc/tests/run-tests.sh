#!/usr/bin/env bash
# Correctness tests for wc-naive: on crafted edge cases and on the four generated inputs, its
# output must equal `LC_ALL=C wc FILE...` (GNU coreutils) up to column padding.
#
# Run from anywhere after `make` (or via `make test`). Exits nonzero, with a diff, on a mismatch.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
naive="$here/build/wc-naive"
if [[ ! -x "$naive" ]]; then
  echo "run-tests: $naive not found; run 'make' in $here first" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
passes=0

# Collapses runs of blanks and trims each line, so padding differences do not matter.
normalize() { sed -e 's/[[:blank:]]\+/ /g' -e 's/^ //' -e 's/ $//'; }

# check NAME DIR FILE... : in DIR, compares wc-naive with GNU wc on the given files.
check() {
  local name=$1 dir=$2
  shift 2
  local want got
  want=$(cd "$dir" && LC_ALL=C wc "$@" | normalize)
  if ! got=$(cd "$dir" && "$naive" "$@" | normalize); then
    echo "FAIL $name: wc-naive exited with an error" >&2
    failures=$((failures + 1))
    return
  fi
  if [[ "$want" == "$got" ]]; then
    passes=$((passes + 1))
  else
    echo "FAIL $name: wc-naive differs from 'LC_ALL=C wc' (- wc, + wc-naive):" >&2
    diff -u --label "LC_ALL=C wc" --label "wc-naive" <(echo "$want") <(echo "$got") >&2 || true
    failures=$((failures + 1))
  fi
}

# Crafted edge cases (printf interprets the escapes).
craft() { printf "$2" > "$tmp/$1"; }
craft empty.txt ''
craft newline-only.txt '\n'
craft no-trailing-newline.txt 'hello world'
craft one-word.txt 'word\n'
craft only-spaces.txt '     '
craft only-whitespace.txt ' \t\n\v\f\r \n\n\t'
craft tabs-and-cr.txt 'a\tb\r\nc\r\n\td\te\t\r\n'
craft leading-trailing.txt '   lead and trail   \n\n  x  '
craft vt-ff.txt 'one\vtwo\fthree\n'
craft crlf.txt 'line one\r\nline two\r\n'
craft punctuation.txt 'a,b c.d -- e! (f) "g"\n'
craft control-bytes.txt 'a\001b \001 \002\003 c\0d \0\n'
craft utf8-words.txt 'привет мир\n你好 世界\n😀 🚀 x\n'
craft utf8-mixed.txt 'x86-ядро v2🚀 ядро-x 世界a\n'
craft high-bytes.txt '\200\377 \300a \377\n'
craft nbsp.txt 'a\302\240b \342\200\203 c\n'
long_word=$(head -c 100000 /dev/zero | tr '\0' 'x')
printf '%s\n%s' "$long_word" "$long_word" > "$tmp/long-word.txt"

for f in "$tmp"/*.txt; do
  check "$(basename "$f")" "$tmp" "$(basename "$f")"
done

# Several files at once: the per-file lines and the "total" line.
check "multiple files" "$tmp" empty.txt crlf.txt utf8-words.txt

# The generated benchmark inputs.
for name in short-lines long-lines small-words utf8; do
  if [[ ! -f "$here/inputs/$name.txt" ]]; then
    echo "FAIL inputs/$name.txt: missing; run 'make' in $here" >&2
    failures=$((failures + 1))
    continue
  fi
  check "inputs/$name.txt" "$here" "inputs/$name.txt"
done

# A file that cannot be opened: exit status 1 and a message naming the file.
status=0
err=$("$naive" "$tmp/does-not-exist.txt" 2>&1 >/dev/null) || status=$?
if [[ $status -eq 1 && "$err" == *does-not-exist.txt* ]]; then
  passes=$((passes + 1))
else
  echo "FAIL missing file: want exit 1 and a message naming the file;" \
    "got exit $status and: $err" >&2
  failures=$((failures + 1))
fi

if ((failures > 0)); then
  echo "run-tests: $failures failed, $passes passed" >&2
  exit 1
fi
echo "run-tests: all $passes passed"
