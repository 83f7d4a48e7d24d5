#!/usr/bin/env bash
# Builds hone's libFuzzer targets with clang++ (AddressSanitizer + UBSan) in build-fuzz/ and runs
# each for SECONDS (default 20) from the seed corpus in fuzz/corpus/NAME. Any crash, leak, hang
# (a 10 s input) or sanitizer report fails the script; the input that caused it is left in
# BUILD/artifacts/. Usage: fuzz/run.sh [SECONDS [BUILD]]
# BUILD (default build-fuzz/, configured here) may be a build folder configured already with
# clang++, HONE_FUZZ=ON and HONE_SANITIZE=address,undefined: .ci/run passes the one whose sanitized
# unit tests it just ran, so hone's libraries are compiled once for both.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
build=${2:-build-fuzz}
if [[ $# -lt 2 ]]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DHONE_FUZZ=ON -DHONE_SANITIZE=address,undefined \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
elif ! grep -q '^HONE_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  echo "fuzz/run.sh: $build is not a build folder configured with -DHONE_FUZZ=ON" >&2
  exit 2
fi
cmake --build "$build" -j2 --target config_fuzz criteria_fuzz harness_fuzz report_fuzz
mkdir -p "$build/artifacts"
# Two targets at a time (one per core); each is one single-threaded libFuzzer process.
run_one() {
  local name=$1 work="$build/corpus/$1"
  mkdir -p "$work"
  # New inputs go to the scratch corpus (first folder); the seeds in fuzz/corpus stay as they are.
  "$build/fuzz/${name}_fuzz" "$work" "fuzz/corpus/$name" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -seed=1 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/${name}-" >"$build/$name.log" 2>&1
}
failed=()
for pair in "config criteria" "harness report"; do
  read -r a b <<<"$pair"
  echo "fuzz: $a and $b for ${seconds} s"
  run_one "$a" & pa=$!
  run_one "$b" & pb=$!
  # Non-zero on any crash, timeout, leak or sanitizer report.
  wait "$pa" || failed+=("$a")
  wait "$pb" || failed+=("$b")
  for name in "$a" "$b"; do echo "--- $name"; tail -n 12 "$build/$name.log"; done
done
for name in "${failed[@]}"; do
  echo "fuzz: $name FAILED (log: $build/$name.log; input in $build/artifacts/)" >&2
done
[[ ${#failed[@]} -eq 0 ]] || exit 1
echo "fuzz: no crashes"
