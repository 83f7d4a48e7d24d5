#!/usr/bin/env bash
# Issue 12's "large runs stay fast": a stored run of BENCHES benchmarks, ours and theirs, SAMPLES
# samples each (default 200 × 10,000), rendered by `hone show RUN --html` (read from the store,
# analysed, drawn, written) and opened in headless Chromium (bench/html_load.py: navigation start to
# the load event and to the first frame drawn after it). Not a test: prints the numbers.
#
#   bench/html.sh                      # 200 benchmarks × 10,000 samples a side
#   BENCHES=200 SAMPLES=25 bench/html.sh   # 10,000 samples in all
#
# The store is built cheaply: a regex harness (awk) prints SAMPLES "time: X ms" lines per run, one
# run per target (--runs 1 --warmup 0), values log-normal around a base that depends on the
# benchmark, seeded (the same every time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
HONE=${HONE:-$here/../build/hone}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
BENCHES=${BENCHES:-200}
SAMPLES=${SAMPLES:-10000}
TRIALS=${TRIALS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/hone-html-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
cat >gen.awk <<'AWK'
BEGIN {
  srand(b * 2 + (t == "ours" ? 0 : 1));
  base = 1 + (b % 50) * 0.1;
  if (t != "ours") base *= 0.8 + (b % 9) * 0.05;
  for (i = 0; i < n; i++) {
    z = sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand());
    printf "time: %.5f ms\n", base * exp(0.03 * z);
  }
}
AWK
python3 - "$BENCHES" "$SAMPLES" <<'PY'
import sys
benches, samples = int(sys.argv[1]), int(sys.argv[2])
out = ['[project]\nname = "html-large"\n']
for b in range(benches):
    out.append(f'[[benchmark]]\nname = "bench-{b:03d}"\nargs = "{b}"\ntargets = ["ours", "theirs"]\n')
for t in ["ours", "theirs"]:
    out.append(f'[target.{t}]\nkind = "regex"\ncommand = "awk -v n={samples} -v t={t} -f gen.awk -v b={{args}}"\n'
               f"pattern = 'time: (?<value>[0-9.]+) ms'\nunit = \"ms\"\n")
out.append('[measure]\nmetric = "reported"\nseed = 1\n')
open("hone.toml", "w").write("\n".join(out))
PY
echo "building the store: $BENCHES benchmarks × 2 targets × $SAMPLES samples" >&2
"$HONE" bench --runs 1 --warmup 0 >/dev/null 2>bench.err || { cat bench.err >&2; exit 1; }
run=$("$HONE" runs --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
echo "| trial | hone show $run --html (s) | page size (MB) |"
echo "|---|---|---|"
for i in $(seq 1 "$TRIALS"); do
  start=$(date +%s.%N)
  "$HONE" show "$run" --html page.html >/dev/null 2>show.err || { cat show.err >&2; exit 1; }
  end=$(date +%s.%N)
  echo "| $i | $(python3 -c "print(f'{$end - $start:.2f}')") | $(python3 -c "import os; print(f'{os.path.getsize(\"page.html\") / 1e6:.1f}')") |"
done
if [[ -n "$CHROMIUM" ]]; then
  echo
  echo "Chromium ($("$CHROMIUM" --version 2>/dev/null)), ms from navigation start:"
  python3 "$here/html_load.py" "$CHROMIUM" "file://$work/page.html" "$TRIALS"
else
  echo "chromium not installed: page load not measured" >&2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
