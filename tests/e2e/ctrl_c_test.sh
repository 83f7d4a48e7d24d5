#!/usr/bin/env bash
# Ctrl-C stops hone within 2 s whatever is running, and nothing it started outlives it: a
# measured command that hangs (in its own process group, so the terminal's SIGINT never reaches
# it) and a build whose children hang. Each hanging process carries a marker unique to this test
# (a sleep of MARK... seconds) so that pgrep finds exactly ours.
source "$(dirname "$0")/common.sh"

MARK="9$$"
leftovers() { pgrep -f "sleep ${MARK}" || true; }
# interrupt_within CMD...: starts CMD, waits until its hanging process runs, sends SIGINT and
# checks that hone is gone within 2 s (status in $status) and took every marked process along.
interrupt_within() {
  set +e
  "$@" >out.txt 2>err.txt &
  local pid=$! i
  for i in $(seq 300); do [[ -n "$(leftovers)" ]] && break; sleep 0.1; done
  [[ -n "$(leftovers)" ]] || { cat err.txt; fail "the hanging command never started"; }
  sleep 0.3  # let the child's own children start too
  local t0 t1
  t0=$(date +%s%N)
  kill -INT $pid
  wait $pid
  status=$?
  t1=$(date +%s%N)
  set -e
  local ms=$(((t1 - t0) / 1000000))
  echo "hone exited $status ${ms} ms after SIGINT"
  ((ms < 2000)) || fail "hone took ${ms} ms to stop after SIGINT"
  sleep 0.2
  [[ -z "$(leftovers)" ]] || { ps -f $(leftovers); fail "processes hone started outlived it"; }
}

mkdir proj && cd proj

# 1. A measured command that hangs, with a child of its own.
cat > hone.toml <<TOML
[[benchmark]]
name = "hang"

[target.ours]
command = "sh -c 'sleep ${MARK}1 & sleep ${MARK}2'"
TOML
interrupt_within "$HONE" bench --runs 3
[[ $status -eq 130 ]] || { cat err.txt; fail "expected exit 130 after Ctrl-C, got $status"; }
expect_contains err.txt "interrupted"

# 2. A build whose children hang (Ctrl-C outside a measurement: hone dies of SIGINT at once).
cat > hone.toml <<TOML
[project]
build = "sh -c 'sleep ${MARK}3 & sleep ${MARK}4'"

[[benchmark]]
name = "quick"

[target.ours]
command = "true"
TOML
interrupt_within "$HONE" bench --runs 3
[[ $status -eq 130 ]] || { cat err.txt; fail "expected exit 130 after Ctrl-C, got $status"; }
