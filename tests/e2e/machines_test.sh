#!/usr/bin/env bash
# Machines are part of the data: every run records a fingerprint and a stable id; check,
# compare of stored runs and 'vs baseline' criteria pair only runs of one machine unless told
# --any-machine, and the refusal names both machines; `hone runs --machine` filters.
source "$(dirname "$0")/common.sh"

cp "$E2E_DIR/projects/fleet/hone.toml" hone.toml
git init -q && git add -A && git_commit "fleet fixture"
unset HONE_MACHINE

# The fingerprint: every fact, a 12-digit id, the name from HONE_MACHINE.
HONE_MACHINE=alpha expect_status 0 "$HONE" baseline
HONE_MACHINE=alpha expect_status 0 "$HONE" bench --bench a --format json
"$HONE" runs --format json > runs.json
json_check runs.json 'len(j) == 2 and all(r["machine"]["name"] == "alpha" for r in j)'
json_check runs.json 'j[0]["machine"]["name_from"] == "HONE_MACHINE"'
json_check runs.json 'all(k in j[0]["machine"] for k in ["cpu_model","cores","memory","governor","kernel","hostname","counters","load1"])'
json_check runs.json 'len(j[0]["machine"]["id"]) == 12 and j[0]["machine"]["id"] == j[1]["machine"]["id"]'
json_check runs.json 'j[0]["machine"]["memory"] > 0 and j[0]["machine"]["hostname"] != ""'
json_documented runs.json Runs
alpha_id=$(json runs.json 'j[0]["machine"]["id"]')

# Another machine (here: another name) is refused against alpha's baseline, naming both.
HONE_MACHINE=beta expect_status 2 "$HONE" check
expect_contains err.txt "baseline 'default' (run 1) was measured on machine 'alpha' (id $alpha_id"
expect_contains err.txt "but this check on machine 'beta' (id "
expect_contains err.txt "pass --any-machine"
# Nothing was measured for the refused check.
[[ $("$HONE" runs --format json | json /dev/stdin 'len(j)') == 2 ]] || fail "a refused check recorded a run"
HONE_MACHINE=beta expect_status 0 "$HONE" check --any-machine
expect_contains out.txt "note: --any-machine: baseline 'default' (run 1) was measured on machine 'alpha'"
# On its own machine the check runs without a note.
HONE_MACHINE=alpha expect_status 0 "$HONE" check
expect_not_contains out.txt "any-machine"

# [machine] name in hone.toml; HONE_MACHINE overrides it.
printf '\n[machine]\nname = "gamma"\n' >> hone.toml
expect_status 0 "$HONE" bench --bench a
HONE_MACHINE=alpha expect_status 0 "$HONE" bench --bench a
"$HONE" runs --format json > runs.json
json_check runs.json 'j[0]["machine"]["name"] == "alpha" and j[1]["machine"]["name"] == "gamma"'
json_check runs.json 'j[1]["machine"]["name_from"] == "hone.toml" and j[0]["machine"]["id"] == "'"$alpha_id"'"'
gamma_run=$(json runs.json 'j[1]["id"]')
alpha_run=$(json runs.json 'j[0]["id"]')

# compare of two stored runs from different machines: refused, then allowed.
expect_status 2 "$HONE" compare "$alpha_run" "$gamma_run"
expect_contains err.txt "run $alpha_run was measured on machine 'alpha'"
expect_contains err.txt "but run $gamma_run on machine 'gamma'"
expect_status 0 "$HONE" compare "$alpha_run" "$gamma_run" --any-machine
expect_contains out.txt "--any-machine: run $alpha_run was measured on machine 'alpha'"
expect_status 0 "$HONE" compare 2 "$alpha_run"

# criteria: 'vs baseline' judged only against a baseline of the judged run's machine.
expect_status 2 "$HONE" criteria --run "$gamma_run"
expect_contains err.txt "baseline 'default' (run 1) was measured on machine 'alpha'"
expect_status 0 "$HONE" criteria --run "$gamma_run" --any-machine
expect_contains out.txt "all criteria met"
expect_contains out.txt "note: --any-machine"
expect_status 0 "$HONE" criteria --run "$alpha_run" "faster than theirs on 1/1 benchmarks" "no regression > 5% vs baseline"
expect_not_contains out.txt "any-machine"
# A clause that does not use the baseline needs no matching machine.
expect_status 0 "$HONE" criteria --run "$gamma_run" "faster than theirs on 1/1 benchmarks"

# hone runs --machine: by name, by hostname, by id prefix.
expect_status 0 "$HONE" runs --machine gamma
expect_contains out.txt "gamma"
expect_not_contains out.txt "alpha"
"$HONE" runs --machine "${alpha_id:0:6}" --format json > alpha.json
json_check alpha.json 'len(j) >= 4 and all(r["machine"]["name"] == "alpha" for r in j)'
"$HONE" runs --machine "$(hostname)" --format json > host.json
json_check host.json 'len(j) == '"$("$HONE" runs --format json -n 100 | json /dev/stdin 'len(j)')"
expect_status 0 "$HONE" runs --machine nowhere
expect_contains out.txt "no runs measured on machine 'nowhere'"
expect_status 0 "$HONE" show "$gamma_run"
expect_contains out.txt "machine 'gamma' (id "
echo "PASS"
