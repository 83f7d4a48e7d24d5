#!/usr/bin/env bash
# hone fleet collect judges `vs baseline` clauses of [criteria] done on the whole suite: against a
# baseline fleet (each benchmark against its measurement there, on the same machine) or a stored
# baseline run; a regression on one shard's benchmark fails it; machines that differ are an
# error, or a note with --any-machine; a store that is down is a clear error. The shards run here
# as a CI matrix would (`hone bench --shard K/3`, HONE_FLEET, HONE_MACHINE), into the local store.
# Reported times: parallel.
source "$(dirname "$0")/common.sh"
unset HONE_MACHINE HONE_STORE HONE_FLEET HONE_SHARD_COUNT JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID
cp "$E2E_DIR/projects/fleet/hone.toml" hone.toml
grep -qF 'done = ["faster than theirs on 5/5 benchmarks", "no regression > 5% vs baseline"]' hone.toml \
  || fail "fixture: the criteria changed"

shards() {  # shards FLEET MACHINE-PREFIX [K...]: runs those shards of 3 (all by default)
  local fleet=$1 prefix=$2; shift 2
  for k in ${@:-1 2 3}; do
    HONE_FLEET=$fleet HONE_MACHINE="$prefix$k" "$HONE" bench --shard "$k/3" > "shard.out" 2>&1 \
      || { cat shard.out; fail "shard $k of $fleet"; }
  done
}

# No baseline anywhere: the clause is unsure, and says what to give.
shards base node-
expect_status 1 "$HONE" fleet collect --fleet base --timeout 5s
expect_contains out.txt "? no regression > 5% vs baseline"
expect_contains out.txt "no baseline 'default' recorded: give a baseline fleet (--baseline-fleet NAME) or record one with \`hone baseline\`"
expect_contains out.txt "criteria not met"

# Against a baseline fleet, same machines: judged, met.
shards now node-
expect_status 0 "$HONE" fleet collect --fleet now --baseline-fleet base --timeout 5s
expect_contains out.txt "done criteria, judged on the whole suite, vs baseline: fleet base (runs 1, 2, 3):"
expect_contains out.txt "✓ no regression > 5% vs baseline"
expect_contains out.txt "all criteria met"
expect_status 0 "$HONE" fleet collect --fleet now --baseline-fleet base --format json
json_check out.txt 'j["fleet"]["met"] and j["fleet"]["baseline"] == "fleet base (runs 1, 2, 3)"'
json_check out.txt '[c["status"] for c in j["fleet"]["criteria"]] == ["met", "met"]'

# ours twice as slow on benchmark c (shard 3's): the regression is found.
sed 's/^args = "30"/args = "60"/' hone.toml > slow.toml
for k in 1 2 3; do
  HONE_FLEET=slow HONE_MACHINE="node-$k" "$HONE" --config slow.toml bench --shard "$k/3" > shard.out 2>&1 || { cat shard.out; fail "slow shard $k"; }
done
expect_status 1 "$HONE" fleet collect --fleet slow --baseline-fleet base --timeout 5s
expect_contains out.txt "✗ no regression > 5% vs baseline"
expect_contains out.txt "c: ours/baseline 1.99x [1.99–2.00] → regressed more than 5%"
expect_contains out.txt "criteria not met"
expect_status 1 "$HONE" fleet collect --fleet slow --baseline-fleet base --format json
json_check out.txt '[c["status"] for c in j["fleet"]["criteria"]] == ["met", "not met"]'

# Other machines than the baseline's: an error naming both; --any-machine judges and says so.
shards moved other-
expect_status 2 "$HONE" fleet collect --fleet moved --baseline-fleet base --timeout 5s
expect_contains err.txt "baseline fleet base shard 1/3 (run 1)"
expect_contains err.txt "fleet moved shard 1/3 (run"
expect_status 0 "$HONE" fleet collect --fleet moved --baseline-fleet base --any-machine --timeout 5s
expect_contains out.txt "note: --any-machine: baseline fleet base shard"
expect_contains out.txt "all criteria met"

# A baseline fleet not complete is refused.
shards half node- 1
expect_status 2 "$HONE" fleet collect --fleet now --baseline-fleet half --timeout 5s
expect_contains err.txt "--baseline-fleet half: shards 2, 3 of 3 not complete: collect that fleet first"

# A stored baseline (`hone baseline`), on identical nodes given one name.
HONE_MACHINE=pool "$HONE" baseline > baseline.out 2>&1 || { cat baseline.out; fail "hone baseline"; }
id=$("$HONE" runs --format json | json /dev/stdin '[r["id"] for r in j if r["kind"] == "baseline"][0]')
shards pooled pool
for k in 1 2 3; do
  HONE_FLEET=pooled2 HONE_MACHINE=pool "$HONE" bench --shard "$k/3" > shard.out 2>&1 || { cat shard.out; fail "pooled shard $k"; }
done
expect_status 2 "$HONE" fleet collect --fleet pooled --timeout 5s   # pool1..3 are not 'pool'
expect_contains err.txt "baseline 'default' (run $id)"
expect_status 0 "$HONE" fleet collect --fleet pooled2 --timeout 5s
expect_contains out.txt "vs baseline: baseline 'default' (run $id)"
expect_contains out.txt "✓ no regression > 5% vs baseline"

# A shard still running when the wait ends is named with when and where it started (its job may
# have died without a word). It holds until $WORK/hold is removed: no timing luck.
sed 's|^command = "echo .took {args}.1 ms. .took {args}.3 ms. .took {args}.2 ms."|command = "sh -c \x27touch holding; while [ -e hold ]; do sleep 0.05; done; echo took {args}.1 ms took {args}.3 ms took {args}.2 ms\x27"|' \
  hone.toml > hold.toml
grep -q 'hold' hold.toml || fail "fixture: ours' command not rewritten"
touch hold
shards held node- 1 2
HONE_FLEET=held HONE_MACHINE=node-3 "$HONE" --config hold.toml bench --shard 3/3 > held.out 2>&1 &
held=$!
for _ in $(seq 1 200); do
  [[ $("$HONE" runs --format json | json /dev/stdin 'len([r for r in j if r["settings"].get("shard", {}).get("fleet") == "held" and r["status"] == "running"])') == 1 ]] && break
  sleep 0.05
done
expect_status 2 "$HONE" fleet collect --fleet held --timeout 0s
expect_contains err.txt "fleet held: after 0s, shard 3 of 3 still running:"
expect_contains err.txt "  shard 3/3: running since 20"
expect_contains err.txt " on node-3 (run "
expect_contains err.txt "collect again later; if its job died, re-run it alone (hone bench --shard 3/3 with HONE_FLEET=held"
# Silent for longer than --silent-after (its heartbeat set back an hour while ours' run is held, so
# that nothing can move it on meanwhile): taken for gone at once, whatever --timeout says.
for _ in $(seq 1 400); do [[ -e holding ]] && break; sleep 0.05; done
[[ -e holding ]] || fail "the held shard never started ours' run"
python3 - "$WORK/.hone/hone.db" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
n = db.execute("UPDATE runs SET heartbeat = ? WHERE status = 'running' AND settings LIKE '%\"held\"%'", (ago,)).rowcount
db.commit()
assert n == 1, n
PY
expect_status 2 "$HONE" fleet collect --fleet held --timeout 30m
expect_contains err.txt "fleet held: 1 running shard silent for 10m or more (no round written, no job started): its machine or job is taken for gone:"
expect_contains err.txt "  shard 3/3: run "
expect_contains err.txt ", silent since 20"
expect_contains err.txt " (1 h 0 min)"
expect_contains err.txt "re-run it alone (hone bench --shard 3/3 with HONE_FLEET=held"
expect_status 2 "$HONE" fleet collect --fleet held --timeout 0s --silent-after 2h
expect_contains err.txt "fleet held: after 0s, shard 3 of 3 still running:"
expect_status 2 "$HONE" fleet collect --fleet held --silent-after soon
expect_contains err.txt "--silent-after 'soon': expected a duration such as 10m, or 0"
rm hold
wait "$held" || { cat held.out; fail "the held shard"; }
expect_status 0 "$HONE" fleet collect --fleet held --baseline-fleet base --timeout 5s
expect_contains out.txt "fleet held: 3 shards complete"

# A shard that failed is named with its reason and how to re-run it; a store that is down is a
# clear error for collect, and a sharded bench that cannot reach it fails, keeping its run here.
expect_status 2 env HONE_FLEET=bad "$HONE" bench --shard 2/3 --bench nope
DOWN="postgresql://hone@/perf?host=$WORK/nowhere"
mkdir -p "$WORK/nowhere"
HONE_STORE="$DOWN" expect_status 2 "$HONE" fleet collect --fleet now
expect_contains err.txt "postgresql://hone@/perf?host=$WORK/nowhere: the store is down or unreachable"
HONE_STORE="$DOWN" HONE_FLEET=offline expect_status 2 "$HONE" bench --shard 1/3
expect_contains err.txt "hone: warning: postgresql://hone@/perf?host=$WORK/nowhere: the store is down or unreachable"
expect_contains err.txt "the shared store is down: this shard's run"
expect_contains err.txt "is kept in $WORK/.hone/hone.db, where \`hone fleet collect\` cannot see it; push it from this machine with \`hone store push\`"
"$HONE" runs --format json > runs.json
json_check runs.json 'any(r["settings"].get("shard", {}).get("fleet") == "offline" and r["status"] == "complete" for r in j)'
echo "PASS"
