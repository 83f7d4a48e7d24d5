#!/usr/bin/env bash
# The procedure's 1.1 and done criteria on the bundled example: hone baseline writes the
# Baseline Benchmarks table to the worklog; "faster than gnu-wc on 3/4 benchmarks" is not met,
# with the numbers behind it; notes land in the worklog; bad sentences point at the column.
source "$(dirname "$0")/common.sh"
make_wc_repo

expect_status 0 "$HONE" baseline --runs 3 --bench short-lines --bench utf8 --bench count-utf8
expect_contains err.txt "recorded baseline 'default'"
[[ -f perf/WORKLOG.md ]] || fail "no worklog written"
expect_contains perf/WORKLOG.md "## Baseline Benchmarks"
expect_contains perf/WORKLOG.md "| Trace | Our Time | Competitor | Ratio |"
expect_contains perf/WORKLOG.md "| utf8 |"
expect_contains perf/WORKLOG.md "| Trace | micro |"
expect_contains perf/WORKLOG.md "Recorded as baseline \`default\`"
git status --porcelain --untracked-files=all | grep -q '\.hone' && fail ".hone shows up in git status"

# [criteria] done of examples/wc/hone.toml: GNU wc is several times faster, so not met.
expect_status 1 "$HONE" criteria
expect_contains out.txt "✗ faster than gnu-wc on 3/4 benchmarks"
expect_contains out.txt "0 of 2 benchmarks faster than gnu-wc with confidence"
expect_contains out.txt "utf8: ours/gnu-wc"
expect_contains out.txt "criteria not met"
expect_contains perf/WORKLOG.md "## Done criteria: not met"

expect_status 0 "$HONE" criteria "no worse than 50x gnu-wc on any benchmark" --format json
json_check out.txt 'j["met"] is True and j["clauses"][0]["status"] == "met"'

expect_status 2 "$HONE" criteria "faster thn gnu-wc on 3/4 benchmarks"
expect_contains err.txt "column 8"
expect_status 2 "$HONE" criteria "faster than nosuch on all benchmarks"
expect_contains err.txt "nosuch"

# A note, and a stable re-render: the same events give the same file.
expect_status 0 "$HONE" log "Tried a lookup table for classify_char."
expect_contains perf/WORKLOG.md "Tried a lookup table for classify_char."
cp perf/WORKLOG.md before.md
expect_status 0 "$HONE" runs
cmp -s before.md perf/WORKLOG.md || fail "the worklog changed without a new event"

# vs baseline: a second measurement judged against the recorded baseline.
expect_status 0 "$HONE" bench --runs 3 --bench utf8 --bench short-lines --target ours --no-build
expect_status 1 "$HONE" criteria "geomean speedup >= 2x vs baseline"
expect_contains out.txt "baseline"

# A baseline that started under a clearly different load (a CPU hog then, say): judged against
# it, hone says that the difference may be the machine's, in the table's notes and on stderr.
python3 - <<'PY'
import json, sqlite3
db = sqlite3.connect('.hone/hone.db')
base = db.execute("SELECT run_id FROM baselines WHERE name = 'default'").fetchone()[0]
m = json.loads(db.execute("SELECT machine FROM runs WHERE id = ?", (base,)).fetchone()[0])
m["load1"] = m.get("load1", 0) + 40
db.execute("UPDATE runs SET machine = ? WHERE id = ?", (json.dumps(m), base))
db.commit()
PY
expect_status 1 "$HONE" criteria "geomean speedup >= 2x vs baseline"
expect_contains out.txt "note: warning: baseline 'default' (run"
expect_contains out.txt "separate runs under different load, so a difference between them may be the machine's"
# Two stored runs compared: the same warning, on stderr and in the notes.
read -r base_run bench_run < <(python3 -c "
import sqlite3; db = sqlite3.connect('.hone/hone.db')
print(db.execute(\"SELECT run_id FROM baselines WHERE name = 'default'\").fetchone()[0],
      db.execute(\"SELECT max(id) FROM runs WHERE kind = 'bench'\").fetchone()[0])")
expect_status 0 "$HONE" compare "$base_run" "$bench_run" --target ours
expect_contains err.txt "hone: warning: run $base_run started under a load average of"
expect_contains out.txt "separate runs under different load"
