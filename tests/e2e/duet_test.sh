#!/usr/bin/env bash
# Duet mode (issue 10; Bulej et al., "Duet benchmarking"): `--duet` or `[measure] duet = true`
# runs a benchmark's two commands at the same time, each pinned to its own CPU, the CPUs swapped
# round by round. Asserted on what the runs themselves saw (their CPU, their start and end), never
# on a timing verdict: each side logs when it ran and reports the CPU it was allowed (plus 1).
source "$(dirname "$0")/common.sh"

cat > side.sh <<'SH'
# side.sh NAME: logs its start and end, sleeps 0.3 s between, and reports its CPU + 1 (100 when
# it may run on several).
echo "$1 start $(date +%s%N)" >> runs.log
sleep 0.3
echo "$1 end $(date +%s%N)" >> runs.log
cpu=$(grep Cpus_allowed_list /proc/self/status | cut -f2)
case $cpu in *[-,]*) cpu=99 ;; esac  # not pinned: a list of CPUs
echo "cpu: $((cpu + 1))"
SH
write_config() {
  cat > hone.toml <<TOML
[[benchmark]]
name = "pair"
targets = ["a", "b"]

[target.a]
kind = "regex"
command = "sh side.sh a"
pattern = 'cpu: (?<value>[0-9]+)'

[target.b]
kind = "regex"
command = "sh side.sh b"
pattern = 'cpu: (?<value>[0-9]+)'

[measure]
metric = "reported"
seed = 3
warmup = 0
$1
TOML
}

cpus=$(python3 -c 'import os; print(len(os.sched_getaffinity(0)))')
if (( cpus < 2 )); then
  expect_status 2 "$HONE" compare --duet --runs 2 -- true true
  expect_contains err.txt "duet mode runs the two sides at the same time, each on its own CPU: this machine gives hone 1 CPU"
  echo "SKIP the rest: one CPU"
  exit 0
fi

# --duet: four rounds, each pair started together (their runs overlap), each side on its own CPU,
# and every side on both CPUs over the rounds.
write_config ""
expect_status 0 "$HONE" bench --duet --runs 4 --format json
cp out.txt duet.json
json_check duet.json 'all(r["n"] == 4 for r in j["results"]) and len(j["results"]) == 2'
json_check duet.json 'all(r["min"] != r["max"] for r in j["results"])'
# overlaps: "RUNS_A_B OVERLAPPING" from runs.log, each a's (start, end) against each b's.
overlaps() {
  python3 - <<'PY'
rows = [l.split() for l in open("runs.log")]
spans = {}
for name, what, t in rows:
    spans.setdefault(name, []).append(int(t))
a = list(zip(spans["a"][0::2], spans["a"][1::2]))
b = list(zip(spans["b"][0::2], spans["b"][1::2]))
print(len(a), len(b), sum(1 for (s1, e1) in a for (s2, e2) in b if s1 < e2 and s2 < e1))
PY
}
[[ $(overlaps) == "4 4 4" ]] || fail "the duet's runs did not overlap in pairs: $(overlaps) (runs of a, of b, overlapping)"
run=$(json duet.json 'j["run_id"]')
expect_status 0 "$HONE" show "$run" --format json
json_check out.txt 'j["run"]["settings"]["duet"] is True'
expect_status 0 "$HONE" show "$run"
expect_contains out.txt "note: duet: each benchmark's commands ran at the same time, each on its own CPU"

# Without it, one after the other: no two runs overlap.
rm runs.log
expect_status 0 "$HONE" bench --runs 2 --format json
[[ $(overlaps) == "2 2 0" ]] || fail "runs overlapped without --duet: $(overlaps) (runs of a, of b, overlapping)"

# The same from hone.toml.
write_config "duet = true"
expect_status 0 "$HONE" bench --runs 2 --format json
json_check out.txt 'all(r["n"] == 2 for r in j["results"])'

# What duet mode cannot do is refused, naming why.
write_config 'duet = "yes"'
expect_status 2 "$HONE" bench --runs 2
expect_contains err.txt "hone.toml:"
expect_contains err.txt "duet"
write_config ""
expect_status 2 "$HONE" bench --duet --pin 0 --runs 2
expect_contains err.txt 'duet mode runs the two sides at the same time, each on its own CPU: pin = "0" gives hone 1 CPU (pin two CPUs or more, e.g. "0-1")'
expect_status 2 "$HONE" compare --duet --runs 2 -- true true 'sleep 0'
expect_contains err.txt "duet mode runs a benchmark's commands at the same time, one per CPU: benchmark 'command' has 3 commands and there are"
expect_status 2 "$HONE" compare --duet --metric instructions -- true 'sleep 0'
expect_contains err.txt "duet mode is for timing: instructions are counted exactly, one command at a time"
