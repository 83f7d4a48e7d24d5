#!/usr/bin/env bash
# Bad input gets a located error, never a crash or a hang: regex targets over huge lines and
# backtracking patterns (RE2), invalid patterns, oversized files and output, numbers that
# overflow, a full disk, a corrupt stored run.
source "$(dirname "$0")/common.sh"

mkdir proj && cd proj

# A regex target whose pattern matches a 200 KB line (std::regex recursed per character and
# crashed here) and one whose pattern backtracks exponentially elsewhere: both answer at once.
python3 -c "print('x' * 200000 + ' elapsed: 12.5 ms')" > long.txt
python3 -c "print('a' * 50000 + ' t=3 ms')" > as.txt
cat > hone.toml <<'TOML'
[[benchmark]]
name = "long"
targets = ["rx", "bt"]

[target.rx]
kind = "regex"
command = "cat long.txt"
pattern = '.*elapsed: (?<value>[0-9.]+) ms'
unit = "ms"

[target.bt]
kind = "regex"
command = "cat as.txt"
pattern = '(a+)+ t=(?<value>\d+) ms'
unit = "ms"
TOML
expect_status 0 timeout 60 "$HONE" bench --runs 2 --metric reported --format json
json_check out.txt '[(r["target"], r["median"]) for r in j["results"]] == [("rx", 0.0125), ("bt", 0.003)]'

# An invalid pattern: the file, line, column and pattern, with RE2's reason.
sed -i "s/^pattern = '.\*elapsed.*/pattern = 'elapsed: (?<value>[0-9.]+ ms'/" hone.toml
expect_status 2 "$HONE" bench --runs 2
expect_contains err.txt "hone.toml:8:11: [target.rx] pattern \"elapsed: (?<value>[0-9.]+ ms\" is not a valid regular expression"
expect_contains err.txt "missing )"

# A config that never ends, or is huge: an error naming it, at once.
expect_status 2 timeout 20 "$HONE" --config /dev/zero bench
expect_contains err.txt "/dev/zero is larger than 4 MiB"
head -c 5000000 /dev/zero | tr '\0' '#' > huge.toml
expect_status 2 "$HONE" --config huge.toml bench
expect_contains err.txt "huge.toml is larger than 4 MiB"

# A command that floods its captured stdout is stopped past 64 MiB, with an error naming it.
cat > hone.toml <<'TOML'
[[benchmark]]
name = "flood"
targets = ["rx"]

[target.rx]
kind = "regex"
command = "yes 'elapsed: 1 ms'"
pattern = 'elapsed: (?<value>\d+) ms'
TOML
expect_status 2 timeout 60 "$HONE" bench --runs 1
expect_contains err.txt "wrote more than 64 MiB to stdout and was stopped"

# A JSON number that overflows a double: the file and the number's line and column.
printf '{"results": [{"command": "x",\n  "times": [1e999]}]}\n' > overflow.json
expect_status 2 "$HONE" import overflow.json
expect_contains err.txt "overflow.json: invalid hyperfine JSON: line 2, column 13: number overflow parsing '1e999'"
expect_not_contains err.txt "internal error"

# A full disk: the file (or standard output) named, a non-zero exit.
cat > hone.toml <<'TOML'
[[benchmark]]
name = "quick"

[target.ours]
command = "true"
TOML
expect_status 0 "$HONE" bench --runs 2
expect_status 0 "$HONE" bench --runs 2
set +e
"$HONE" runs >/dev/full 2>err.txt
status=$?
set -e
[[ $status -eq 2 ]] || fail "hone runs >/dev/full exited $status, expected 2"
expect_contains err.txt "cannot write to standard output: No space left on device"
mkdir full && ln -s /dev/full full/hone.toml
cd full
expect_status 2 "$HONE" init --force
expect_contains err.txt "cannot write $PWD/hone.toml: No space left on device"
cd ..

# One corrupt run row: listed as corrupt with the reason, the other runs shown.
python3 -c "
import sqlite3; db = sqlite3.connect('.hone/hone.db')
db.execute(\"UPDATE runs SET settings = '{not json' WHERE id = (SELECT MIN(id) FROM runs WHERE kind = 'bench')\")
db.commit()"
expect_status 0 "$HONE" runs
expect_contains out.txt "corrupt"
expect_contains out.txt "is not a JSON object; the file was edited outside hone"
[[ $(grep -c " complete " out.txt) -ge 1 ]] || { cat out.txt; fail "the intact runs are not listed"; }

# Names with terminal escape sequences are printed escaped.
expect_status 0 "$HONE" candidate add "$(printf 'evil\033[2Jname')"
expect_status 0 "$HONE" candidate list
expect_contains out.txt 'evil\x1b[2Jname'
if grep -q $'\033' out.txt; then fail "an escape sequence reached the terminal"; fi

# Flags out of range: an error naming the flag and value, never a silent default.
expect_status 2 "$HONE" bench --threshold 100%
expect_contains err.txt "--threshold '100%': must be at least 0 and below 100%"
expect_status 2 "$HONE" bench --seed -1
expect_contains err.txt "--seed"
expect_status 2 "$HONE" bench --runs 0
expect_contains err.txt "--runs"

# A refused builds-on cycle is not saved.
a=$("$HONE" candidate add "first")
b=$("$HONE" candidate add "second" --builds-on "$a")
expect_status 2 "$HONE" candidate edit "$a" --builds-on "$b"
expect_contains err.txt "cycle"
expect_status 0 "$HONE" candidate show "$a"
expect_not_contains out.txt "builds on"
expect_status 0 "$HONE" candidate list

# A NUL in an environment value, an agent context file outside the repository: located errors.
cat > hone.toml <<'TOML'
[[benchmark]]
name = "quick"

[target.ours]
command = "true"
env = { A = "x\u0000y" }
TOML
expect_status 2 "$HONE" bench
expect_contains err.txt "hone.toml:6:13: [target.ours] env.A must not contain a NUL character"
git init -q .
cat > hone.toml <<'TOML'
[agent]
context = ["README.md", "../secret.env"]
TOML
expect_status 2 "$HONE" status
expect_contains err.txt "hone.toml:2:25: [agent] context \"../secret.env\" lies outside $PWD (the repository)"
