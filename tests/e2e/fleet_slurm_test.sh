#!/usr/bin/env bash
# Fleet on a real single-node Slurm into a real PostgreSQL store (both started here in temporary
# folders and always stopped): `hone fleet slurm` writes the job-array script, `sbatch` runs the
# sharded suite, `hone fleet collect` waits for every shard and judges the whole suite. A shard
# that never ran is named after --timeout and re-run alone with `sbatch --array=K`.
source "$(dirname "$0")/common.sh"
source "$SOURCE_DIR/tests/tools/postgres.sh"
source "$SOURCE_DIR/tests/tools/slurm.sh"
trap 'slurm_stop; pg_stop; rm -rf "$WORK"' EXIT
if [[ $(id -u) -ne 0 ]]; then echo "SKIP: a test Slurm runs slurmd as root"; exit 0; fi
unset HONE_MACHINE HONE_STORE HONE_FLEET HONE_SHARD_COUNT
pg_start
psql -q "$PG_URL" -c 'CREATE DATABASE perf' >/dev/null
STORE="postgresql://hone@/perf?host=$PG_DIR"
slurm_start

cp "$E2E_DIR/projects/fleet/hone.toml" hone.toml
sed -i 's/^done = .*/done = ["faster than theirs on 5\/5 benchmarks"]/' hone.toml
printf '\n[store]\nurl = "%s"\n' "$STORE" >> hone.toml

# Without a shared store there is no fleet.
expect_status 2 "$HONE" fleet slurm --shards 6
expect_contains err.txt "--shards 6: $WORK/hone.toml has 5 benchmarks, so at most 5 shards have work"

expect_status 0 "$HONE" fleet slurm --shards 3 --fleet e2e-1 -o job.sh
expect_contains err.txt "wrote job.sh (3 shards, fleet e2e-1)"
expect_contains job.sh "#SBATCH --array=1-3"
expect_contains job.sh "#SBATCH --exclusive"
sbatch --parsable job.sh > job.id
expect_status 0 "$HONE" fleet collect --fleet e2e-1 --timeout 90s --poll 0.3s
expect_contains out.txt "fleet e2e-1: 3 shards complete"
expect_contains out.txt "all criteria met"
expect_status 0 "$HONE" fleet collect --fleet e2e-1 --format json
json_check out.txt 'sorted({r["benchmark"] for r in j["results"]}) == ["a", "b", "c", "d", "e"]'
json_check out.txt '[s["index"] for s in j["fleet"]["shards"]] == [1, 2, 3] and j["fleet"]["met"]'
json_check out.txt 'all(c["verdict"] == "slower" and c["candidate"] == "theirs" for c in j["comparisons"])'
"$HONE" runs --format json > runs.json
json_check runs.json 'sorted(r["settings"]["shard"]["index"] for r in j) == [1, 2, 3]'
json_check runs.json 'all(r["settings"]["shard"]["fleet"] == "e2e-1" and r["status"] == "complete" for r in j)'
json_check runs.json 'all(r["settings"]["shard"]["source"].startswith("SLURM_ARRAY_TASK_ID=") for r in j)'

# A shard that never ran: named after the timeout; re-run alone, the suite is judged.
expect_status 0 "$HONE" fleet slurm --shards 3 --fleet e2e-2 -o job2.sh
sbatch --parsable --array=1,3 job2.sh > /dev/null
for _ in $(seq 1 120); do
  [[ $("$HONE" runs --format json | json /dev/stdin 'len([r for r in j if r["settings"]["shard"]["fleet"] == "e2e-2" and r["status"] == "complete"])') == 2 ]] && break
  sleep 0.5
done
expect_status 2 "$HONE" fleet collect --fleet e2e-2 --timeout 1s --poll 0.2s
expect_contains err.txt "fleet e2e-2: after 1s, shard 2 of 3 never recorded a run; re-run it alone (Slurm: sbatch --array=2 SCRIPT)"
sbatch --parsable --array=2 job2.sh > /dev/null
expect_status 0 "$HONE" fleet collect --fleet e2e-2 --timeout 90s --poll 0.3s
expect_contains out.txt "fleet e2e-2: 3 shards complete"
expect_contains out.txt "all criteria met"
echo "PASS"
