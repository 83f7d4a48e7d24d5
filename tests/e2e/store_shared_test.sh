#!/usr/bin/env bash
# One store, two engines: HONE_STORE / [store] url records every run in a real PostgreSQL server
# (a throwaway cluster started here and always stopped); 8 hone processes writing at once lose
# nothing; a store that is down is a clear error for reads, and a bench then records locally,
# to `hone store push` later; push and pull never duplicate a run.
source "$(dirname "$0")/common.sh"
source "$SOURCE_DIR/tests/tools/postgres.sh"
trap 'pg_stop; rm -rf "$WORK"' EXIT
pg_start
psql -q "$PG_URL" -c 'CREATE DATABASE perf' >/dev/null
STORE="postgresql://hone@/perf?host=$PG_DIR"

cp "$E2E_DIR/projects/fleet/hone.toml" hone.toml
unset HONE_MACHINE HONE_STORE

# Recorded in PostgreSQL, not in .hone/hone.db.
HONE_STORE="$STORE" expect_status 0 "$HONE" bench --bench a --format json
HONE_STORE="$STORE" "$HONE" runs --format json > runs.json
json_check runs.json 'len(j) == 1 and j[0]["status"] == "complete" and j[0]["kind"] == "bench"'
n=$(psql -tA "$STORE" -c "SELECT count(*) FROM samples"); [[ $n == 18 ]] || fail "the samples are not in PostgreSQL ($n)"
expect_status 0 "$HONE" runs
expect_contains out.txt "no runs recorded"
HONE_STORE="$STORE" expect_status 0 "$HONE" show 1
expect_contains out.txt "a"

# [store] url in hone.toml does the same; a wrong one is an error naming the file and line.
printf '\n[store]\nurl = "%s"\n' "$STORE" >> hone.toml
expect_status 0 "$HONE" runs --format json
json_check out.txt 'len(j) == 1'

# 8 processes writing runs at once: nothing lost, every run whole.
pids=()
for i in 1 2 3 4 5 6 7 8; do
  HONE_MACHINE="node-$i" "$HONE" bench --bench b > "w$i.out" 2> "w$i.err" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat w*.err; fail "a concurrent writer failed"; }; done
"$HONE" runs --format json -n 100 > runs.json
json_check runs.json 'len(j) == 9 and all(r["status"] == "complete" for r in j)'
json_check runs.json 'sorted(r["machine"]["name"] for r in j if r["label"].startswith("b ")) == ["node-%d" % i for i in range(1, 9)]'
[[ $(psql -tA "$STORE" -c 'SELECT count(*) FROM samples') == 162 ]] || fail "samples were lost"
[[ $(psql -tA "$STORE" -c 'SELECT count(DISTINCT uid) FROM runs') == 9 ]] || fail "run uids are not unique"

# The store is down: reading is an error naming it; a bench records locally and says so.
DOWN="postgresql://hone:secret@/perf?host=$WORK/nowhere"
mkdir -p "$WORK/nowhere"
HONE_STORE="$DOWN" expect_status 2 "$HONE" runs
expect_contains err.txt "postgresql://hone:***@/perf?host=$WORK/nowhere: the store is down or unreachable"
expect_not_contains err.txt "secret"
HONE_STORE="$DOWN" expect_status 0 "$HONE" bench --bench c
expect_contains err.txt "hone: warning: postgresql://hone:***@/perf?host=$WORK/nowhere: the store is down or unreachable"
expect_contains err.txt "recording in the local store $WORK/.hone/hone.db instead: run \`hone store push\`"
[[ $(psql -tA "$STORE" -c 'SELECT count(*) FROM runs') == 9 ]] || fail "the down store got a run"

# Push it when the store is back; again: nothing to do. Pull copies the team's runs here.
expect_status 0 "$HONE" store push
expect_contains out.txt "pushed 1 run from $WORK/.hone/hone.db to postgresql://hone@/perf?host=$PG_DIR; 0 already there"
expect_status 0 "$HONE" store push --format json
json_check out.txt 'j["copied"] == 0 and j["present"] == 1'
[[ $(psql -tA "$STORE" -c "SELECT count(*) FROM runs WHERE label LIKE 'c %'") == 1 ]] || fail "the pushed run is missing"
expect_status 0 "$HONE" store pull
expect_contains out.txt "pulled 9 runs"
expect_contains out.txt "1 already there"
expect_status 0 "$HONE" store pull
expect_contains out.txt "pulled 0 runs"
sqlite3 "$WORK/.hone/hone.db" 'SELECT count(*) FROM runs' > n.txt 2>/dev/null || python3 -c "
import sqlite3; print(sqlite3.connect('$WORK/.hone/hone.db').execute('SELECT count(*) FROM runs').fetchone()[0])" > n.txt
[[ $(cat n.txt) == 10 ]] || fail "the local store has $(cat n.txt) runs after pull, expected 10"
# The pulled runs are whole: the local store analyses one of node-3's runs.
sed -i '/^\[store\]/,$d' hone.toml
"$HONE" runs --machine node-3 --format json > n3.json
json_check n3.json 'len(j) == 1'
expect_status 0 "$HONE" show "$(json n3.json 'j[0]["id"]')"
expect_contains out.txt "machine 'node-3'"

# Errors: a store URL that is not PostgreSQL, a push without a shared store.
printf '\n[store]\nurl = "/srv/hone.db"\n' >> hone.toml
expect_status 2 "$HONE" runs
expect_contains err.txt 'hone.toml:'
expect_contains err.txt '[store] url "/srv/hone.db" must be a PostgreSQL URL'
sed -i '/^\[store\]/,$d' hone.toml
expect_status 2 "$HONE" store push
expect_contains err.txt "needs a shared store"
HONE_STORE=/tmp/x.db expect_status 2 "$HONE" runs
expect_contains err.txt "HONE_STORE='/tmp/x.db': expected a PostgreSQL URL"
echo "PASS"
