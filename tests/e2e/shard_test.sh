#!/usr/bin/env bash
# Fan-out: `hone bench --shard K/N` measures a deterministic slice of whole benchmarks; the
# shards together measure the suite exactly once; K/N come from the flag, a Slurm array's or a
# Kubernetes Indexed Job's environment; bad values are errors naming the value; the shard is
# recorded in the run's settings.
source "$(dirname "$0")/common.sh"

cp "$E2E_DIR/projects/fleet/hone.toml" hone.toml
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_MIN SLURM_ARRAY_TASK_COUNT SLURM_ARRAY_JOB_ID \
      JOB_COMPLETION_INDEX HONE_SHARD_COUNT HONE_FLEET

# Three shards of five benchmarks: a,d / b,e / c; each benchmark with both its targets.
for k in 1 2 3; do
  expect_status 0 "$HONE" bench --shard "$k/3" --format json
  cp out.txt shard$k.json
  json_check shard$k.json 'all(len([r for r in j["results"] if r["benchmark"] == b]) == 2 for b in {r["benchmark"] for r in j["results"]})'
done
json_check shard1.json 'sorted({r["benchmark"] for r in j["results"]}) == ["a", "d"]'
json_check shard2.json 'sorted({r["benchmark"] for r in j["results"]}) == ["b", "e"]'
json_check shard3.json 'sorted({r["benchmark"] for r in j["results"]}) == ["c"]'
expect_contains err.txt "hone: shard 3/3 (--shard 3/3): c"
# Deterministic: the same shard again measures the same slice.
expect_status 0 "$HONE" bench --shard 1/3 --format json
json_check out.txt 'sorted({r["benchmark"] for r in j["results"]}) == ["a", "d"]'

"$HONE" runs --format json -n 1 > last.json
json_check last.json 'j[0]["settings"]["shard"] == {"index": 1, "count": 3, "source": "--shard 1/3", "fleet": "", "benchmarks": ["a", "d"], "suite": ["a", "b", "c", "d", "e"]}'
json_check last.json '"(shard 1/3)" in j[0]["label"]'

# --bench narrows the suite first; the shards slice what is left.
expect_status 0 "$HONE" bench --bench b --bench c --bench d --shard 2/2 --format json
json_check out.txt 'sorted({r["benchmark"] for r in j["results"]}) == ["c"]'

# From a Slurm job array (ids 1..N, or 0..N-1), and a shard re-run alone with HONE_SHARD_COUNT.
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_JOB_ID=4242 \
  expect_status 0 "$HONE" bench --shard auto --format json
json_check out.txt 'sorted({r["benchmark"] for r in j["results"]}) == ["b", "e"]'
"$HONE" runs --format json -n 1 > last.json
json_check last.json 'j[0]["settings"]["shard"]["fleet"] == "4242" and j[0]["settings"]["shard"]["source"] == "SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=3"'
SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=3 expect_status 0 "$HONE" bench --shard auto
expect_contains err.txt "hone: shard 1/3"
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=1 HONE_SHARD_COUNT=3 HONE_FLEET=nightly \
  expect_status 0 "$HONE" bench --shard auto
expect_contains err.txt "hone: shard 3/3 (SLURM_ARRAY_TASK_ID=3, HONE_SHARD_COUNT=3): c"
"$HONE" runs --format json -n 1 > last.json
json_check last.json 'j[0]["settings"]["shard"]["fleet"] == "nightly"'

# From a Kubernetes Indexed Job.
JOB_COMPLETION_INDEX=1 HONE_SHARD_COUNT=2 expect_status 0 "$HONE" bench --shard auto
expect_contains err.txt "hone: shard 2/2 (JOB_COMPLETION_INDEX=1, HONE_SHARD_COUNT=2): b, d"

# Bad values: clear errors naming the value; nothing recorded.
before=$("$HONE" runs --format json -n 1000 | json /dev/stdin 'len(j)')
expect_status 2 "$HONE" bench --shard 4/3
expect_contains err.txt "--shard '4/3': K must be a whole number from 1 to N (3)"
expect_status 2 "$HONE" bench --shard 0/3
expect_contains err.txt "--shard '0/3'"
expect_status 2 "$HONE" bench --shard two/3
expect_contains err.txt "--shard 'two/3'"
expect_status 2 "$HONE" bench --shard 6/6
expect_contains err.txt "shard 6/6 (--shard 6/6) has no benchmark: 5 benchmarks cannot fill 6 shards; use at most 5 shards"
expect_status 2 "$HONE" bench --shard auto
expect_contains err.txt "neither SLURM_ARRAY_TASK_ID"
JOB_COMPLETION_INDEX=0 expect_status 2 "$HONE" bench --shard auto
expect_contains err.txt "HONE_SHARD_COUNT is not set"
SLURM_ARRAY_TASK_ID=7 SLURM_ARRAY_TASK_COUNT=3 expect_status 2 "$HONE" bench --shard auto
expect_contains err.txt "SLURM_ARRAY_TASK_ID=7, SLURM_ARRAY_TASK_COUNT=3 gives shard 7 of 3"
SLURM_ARRAY_TASK_ID=x SLURM_ARRAY_TASK_COUNT=3 expect_status 2 "$HONE" bench --shard auto
expect_contains err.txt "SLURM_ARRAY_TASK_ID='x' is not a whole number"
after=$("$HONE" runs --format json -n 1000 | json /dev/stdin 'len(j)')
[[ $before == "$after" ]] || fail "a refused shard recorded a run ($before runs before, $after after)"
echo "PASS"
