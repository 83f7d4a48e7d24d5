#!/usr/bin/env bash
# Duet against interleaved (issue 10): on this machine, is running both sides at the same time,
# each on its own CPU (`--duet`), more precise than interleaving them (the default)? Not a test:
# prints a markdown table.
#
# Each trial is one `hone compare --runs RUNS --seed T --format json -- A B`, interleaved or
# duet, with the same seeds: A/A (`spin N` against itself: every verdict other than same/unsure
# is false, and the ratio's CI width is the precision) and a 5% effect (`spin N` against
# `spin 1.05 N`: detected when the verdict is slower). With HOG=1 a CPU hog (`yes`, one process)
# runs beside every trial: machine-wide noise of the kind duet is meant to cancel.
#   bench/duet.sh                    # TRIALS=10 RUNS=30 SPIN_N=20000000
#   HOG=1 bench/duet.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
HONE=${HONE:-$root/build/hone}
SPIN=${SPIN:-$root/build/spin}
TRIALS=${TRIALS:-10}
RUNS=${RUNS:-30}
SPIN_N=${SPIN_N:-20000000}
HOG=${HOG:-0}
work=$(mktemp -d "${TMPDIR:-/tmp}/hone-duet.XXXXXX")
hog=""
cleanup() {
  [[ -z $hog ]] || kill "$hog" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [[ $HOG == 1 ]]; then
  yes >/dev/null &
  hog=$!
fi
slower=$((SPIN_N + SPIN_N / 20))
for t in $(seq 1 "$TRIALS"); do
  for mode in interleaved duet; do
    flag=""
    [[ $mode == duet ]] && flag=--duet
    "$HONE" compare $flag --runs "$RUNS" --seed "$t" --warmup 1 --format json -- "$SPIN $SPIN_N" "$SPIN $SPIN_N" \
      >"$work/aa-$mode-$t.json" 2>/dev/null || true
    "$HONE" compare $flag --runs "$RUNS" --seed "$t" --warmup 1 --format json -- "$SPIN $SPIN_N" "$SPIN $slower" \
      >"$work/fx-$mode-$t.json" 2>/dev/null || true
  done
done
python3 - "$work" "$TRIALS" "$RUNS" "$SPIN_N" "$HOG" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, os, statistics, sys
work, trials, runs, n, hog, load = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
def read(kind, mode):
    out = []
    for t in range(1, trials + 1):
        try:
            with open(os.path.join(work, f"{kind}-{mode}-{t}.json")) as f:
                c = json.load(f)["comparisons"][0]
        except (OSError, ValueError, KeyError, IndexError):
            continue
        out.append((c["verdict"], c["ratio"], c["ci"][1] - c["ci"][0]))
    return out
print(f"spin {n} vs itself and vs 5% more iterations; {trials} trials × {runs} rounds per mode; "
      f"{'a CPU hog beside every trial' if hog == '1' else 'no hog'}; load average at the end {load}\n")
print("| mode | A/A: false verdicts | A/A: ratio CI width (median) | 5%: detected (slower) | 5%: ratio (median) | 5%: CI width (median) |")
print("|---|---|---|---|---|---|")
for mode in ("interleaved", "duet"):
    aa, fx = read("aa", mode), read("fx", mode)
    false = sum(1 for v, _, _ in aa if v in ("faster", "slower"))
    det = sum(1 for v, _, _ in fx if v == "slower")
    print(f"| {mode} | {false} of {len(aa)} | {100 * statistics.median(w for _, _, w in aa):.2f}% | "
          f"{det} of {len(fx)} | {statistics.median(r for _, r, _ in fx):.3f}x | "
          f"{100 * statistics.median(w for _, _, w in fx):.2f}% |")
PY
