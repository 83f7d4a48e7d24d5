#!/usr/bin/env bash
# Issue 11's "the whole cycle's own overhead, builds and measuring excluded, under 1 s": the wall
# time of `hone try N` and `hone finish` on a project with nothing to build and a harness that
# costs a few milliseconds a run, so what is left is hone's own work (the store, git worktrees,
# the squash and keep, the prompt, the decision, the worklog, the lessons note).
#
# The project is the loop scenarios' model (tests/e2e/loop/model.toml): `sh model.sh` reports each
# run's time from src/count.cc alone, so decisions are exact. Each cycle adds and approves a
# candidate, times `hone try`, edits the attempt's worktree, and times `hone finish`: REPS cycles of
# a null change (parked slow: a branch, a lessons note) and REPS of a kept one (each kept cycle
# starts from a base without the change, so each is 4x faster). The measured runs' own cost is
# estimated as (runs measured, from `hone show --format json`) × (the median of `sh model.sh`
# alone, timed by hone compare) and subtracted. Prints a markdown table. Usage: bench/cycle.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
HONE=${HONE:-$root/build/hone}
REPS=${REPS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/hone-cycle.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=bench@example.org
now() { date +%s.%N; }

repo() {  # a fresh copy of the model project in $work/$1
  rm -rf "$work/$1" && cp -r "$root/examples/wc" "$work/$1"
  cd "$work/$1" && rm -rf build inputs .hone perf
  cp "$root/tests/e2e/loop/model.toml" hone.toml && cp "$root/tests/e2e/loop/model.sh" model.sh
  sed -i '/^\[agent\]/,$d' hone.toml  # no agent: the person plays it with try/finish
  git init -q -b main && git add -A && git commit -qm "model project"
}

# cycle KIND I: one try/finish; prints "try finish runs" (seconds, seconds, measured runs).
cycle() {
  local kind=$1 i=$2 id slug t0 t1 t2 run
  id=$("$HONE" candidate add "$kind $i" --proposed "cycle $i")
  "$HONE" candidate approve "$id" >/dev/null
  slug="$kind-$i"
  t0=$(now)
  "$HONE" try "$id" >/dev/null 2>"$work/try.err" || { cat "$work/try.err" >&2; exit 1; }
  t1=$(now)
  if [[ $kind == kept ]]; then
    echo "// Two range tests instead of searching the tables" >>".hone/worktrees/$slug/src/count.cc"
  else
    echo "// a comment" >>".hone/worktrees/$slug/src/count.cc"
  fi
  "$HONE" finish >"$work/finish.out" 2>&1 || { cat "$work/finish.out" >&2; exit 1; }
  t2=$(now)
  grep -q "$kind $i: $([[ $kind == kept ]] && echo kept || echo slow)" "$work/finish.out" ||
    { echo "cycle $kind $i: unexpected outcome" >&2; cat "$work/finish.out" >&2; exit 1; }
  run=$("$HONE" runs --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  runs=$("$HONE" show "$run" --format json |
    python3 -c 'import json,sys; print(sum(r["n"] + 1 for r in json.load(sys.stdin)["results"]))')  # + 1 warm-up each
  echo "$(echo "$t1 - $t0" | bc) $(echo "$t2 - $t1" | bc) $runs"
}

repo null
per_run=$("$HONE" compare --runs 30 --format json -- 'sh model.sh inputs/x' 'sh model.sh inputs/y' |
  python3 -c 'import json,sys; r=json.load(sys.stdin)["results"][0]; assert r["unit"] == "s"; print(r["median"])')
null_rows=()
for i in $(seq 1 "$REPS"); do null_rows+=("$(cycle null "$i")"); done
kept_rows=()
for i in $(seq 1 "$REPS"); do repo "kept$i" && kept_rows+=("$(cycle kept "$i")"); done

python3 - "$per_run" "${null_rows[@]/#/null:}" "${kept_rows[@]/#/kept:}" <<'PY'
import statistics, sys
per_run = float(sys.argv[1])
rows = {"null": [], "kept": []}
for a in sys.argv[2:]:
    kind, rest = a.split(":", 1)
    t, f, n = rest.split()
    rows[kind].append((float(t), float(f), int(n)))
print(f"one measured run of `sh model.sh`: {per_run * 1e3:.2f} ms (median of 30, hone compare)\n")
print("| cycle | `hone try` | `hone finish` | runs measured | their cost | overhead (try + finish − runs) |")
print("|---|---|---|---|---|---|")
for kind, label in (("null", "null change, parked slow"), ("kept", "4x faster, kept")):
    r = rows[kind]
    t = statistics.median(x[0] for x in r)
    f = statistics.median(x[1] for x in r)
    n = statistics.median(x[2] for x in r)
    o = statistics.median(x[0] + x[1] - x[2] * per_run for x in r)
    print(f"| {label} (median of {len(r)}) | {t:.3f} s | {f:.3f} s | {n:.0f} | {n * per_run:.3f} s | {o:.3f} s |")
PY
