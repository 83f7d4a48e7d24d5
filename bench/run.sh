#!/usr/bin/env bash
# hone's own benchmarks, side by side with hyperfine in one run:
#   (a) per-run overhead on `true`,
#   (b) false-positive rate: A vs identical A,
#   (c) detection: a ~50 ms CPU loop vs the same loop 1%, 2% and 5% longer.
# Prints a markdown report on stdout and writes it to bench/results.md (or $RESULTS).
# Progress goes to stderr. See bench/README.md.
#
# Usage: bench/run.sh [--quick]
# Env:   HONE SPIN HYPERFINE TRIALS_AA TRIALS_DETECT SPIN_N OVERHEAD_REPS TRIAL_TIMEOUT
#        HOG RESULTS KEEP_WORK
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
invocation="bench/run.sh${*:+ $*}"

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# Record which settings came from the environment, for the report's "command" line.
env_used=()
for v in HONE SPIN HYPERFINE TRIALS_AA TRIALS_DETECT SPIN_N OVERHEAD_REPS TRIAL_TIMEOUT HOG; do
  [[ -n "${!v+x}" ]] && env_used+=("$v=${!v}")
done

HONE=${HONE:-$root/build-bench/hone}
SPIN=${SPIN:-$root/build-bench/spin}
HYPERFINE=${HYPERFINE:-hyperfine}
SPIN_N=${SPIN_N:-33000000}
if ((quick)); then
  TRIALS_AA=${TRIALS_AA:-3}
  TRIALS_DETECT=${TRIALS_DETECT:-3}
  OVERHEAD_REPS=${OVERHEAD_REPS:-1}
else
  TRIALS_AA=${TRIALS_AA:-20}
  TRIALS_DETECT=${TRIALS_DETECT:-10}
  OVERHEAD_REPS=${OVERHEAD_REPS:-3}
fi
TRIAL_TIMEOUT=${TRIAL_TIMEOUT:-300}   # seconds; a hung tool invocation is killed and counted as a failure
RESULTS=${RESULTS:-$here/results.md}
HOG=${HOG:-0}   # CPU hogs (busy loops) kept running through the whole benchmark

HONE=$(realpath -e "$HONE" 2>/dev/null || echo "$HONE")
SPIN=$(realpath -e "$SPIN" 2>/dev/null || echo "$SPIN")
HYPERFINE_PATH=$(command -v "$HYPERFINE" || true)

die() { echo "run.sh: $*" >&2; exit 1; }
[[ -x "$HONE" ]] || die "hone not found at '$HONE' (build it: cmake -S . -B build-bench && cmake --build build-bench --target hone spin; or set HONE)"
[[ -x "$SPIN" ]] || die "spin not found at '$SPIN' (build target 'spin', or set SPIN)"
[[ -n "$HYPERFINE_PATH" ]] || die "hyperfine not found ('$HYPERFINE'; apt-get install hyperfine, or set HYPERFINE)"
command -v python3 >/dev/null || die "python3 is needed for the statistics"
for v in TRIALS_AA TRIALS_DETECT SPIN_N OVERHEAD_REPS TRIAL_TIMEOUT HOG; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer, not '${!v}'"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/hone-bench.XXXXXX")
if [[ -z "${KEEP_WORK:-}" ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "run.sh: keeping trial files in $work" >&2
fi
log="$work/log.tsv"

# HOG busy loops, one process each, for the whole run: the noise of a neighbour that never sleeps
# (a build, another job on a shared VM). They are killed on exit.
hogs=()
stop_hogs() { ((${#hogs[@]})) && kill "${hogs[@]}" 2>/dev/null; wait 2>/dev/null; true; }
for ((h = 0; h < HOG; h++)); do
  bash -c 'while :; do :; done' &
  hogs+=($!)
done
trap 'stop_hogs; [[ -n "${KEEP_WORK:-}" ]] || rm -rf "$work"' EXIT
: >"$log"

analyze=("python3" "$here/analyze.py")
"${analyze[@]}" selftest >/dev/null || die "analyze.py selftest failed (Mann-Whitney reference values)"

progress() { printf '%s\n' "$*" >&2; }
TIMEFORMAT='%3U %3S'


now() { echo "$EPOCHREALTIME"; }

# run_trial SECTION LEVEL TRIAL TOOL -- CMD...
# Runs CMD in a fresh directory (hone writes ./.hone/ there) with stdout to out.json, times it,
# and appends one line to the log. Never fails: the exit status is recorded instead.
seq_no=0
run_trial() {
  local section=$1 level=$2 trial=$3 tool=$4
  shift 5
  seq_no=$((seq_no + 1))
  local dir="$work/t$(printf '%04d' "$seq_no")-$section-$level-$trial-$tool"
  mkdir -p "$dir"
  local t0 t1 rc stat0 stat1 load
  stat0=$(head -1 /proc/stat)
  t0=$(now)
  # bash's `time` reports the user+sys CPU of the whole tree (every waited-for descendant), so
  # the rest of the machine's busy time during the trial is what other processes used.
  { time (cd "$dir" && timeout --kill-after=10 "$TRIAL_TIMEOUT" "$@" >"$dir/out.txt" 2>"$dir/err.txt"); } \
    2>"$dir/time.txt"
  rc=$?
  t1=$(now)
  stat1=$(head -1 /proc/stat)
  printf '%s\n%s\n' "$stat0" "$stat1" >"$dir/stat.txt"
  read -r load _ </proc/loadavg
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$level" "$trial" "$tool" "$rc" "$t0" "$t1" "$dir" "$load" >>"$log"
  local summary
  summary=$("${analyze[@]}" summary "$section" "$tool" "$rc" "$t0" "$t1" "$dir" 2>&1 | head -c 300)
  progress "  [$section${level:+ $level} $trial] $tool: $summary"
}

machine_facts() {
  local cpu cores load
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
  [[ -n "$cpu" ]] || cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
  cores=$(nproc)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  printf 'cpu\t%s\ncores\t%s\nload_start\t%s\nkernel\t%s\n' "$cpu" "$cores" "$load" "$(uname -sr)"
  local gov=/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor
  [[ -r $gov ]] && printf 'governor\t%s\n' "$(cat $gov)"
  local virt
  virt=$(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor:[[:space:]]*//p' | head -1)
  [[ -n "$virt" ]] && printf 'hypervisor\t%s\n' "$virt"
  true
}

{
  machine_facts
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  printf 'command\t%s\n' "cd $root && ${env_used[*]:+${env_used[*]} }$invocation"
  printf 'hone\t%s\n' "$HONE"
  printf 'hone_commit\t%s\n' "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  printf 'spin\t%s\n' "$SPIN"
  printf 'hyperfine\t%s (%s)\n' "$HYPERFINE_PATH" "$("$HYPERFINE_PATH" --version 2>/dev/null)"
  printf 'spin_n\t%s\n' "$SPIN_N"
  printf 'trials_aa\t%s\ntrials_detect\t%s\noverhead_reps\t%s\nquick\t%s\nhog\t%s\n' \
    "$TRIALS_AA" "$TRIALS_DETECT" "$OVERHEAD_REPS" "$quick" "$HOG"
} >"$work/meta.tsv"

start_all=$(now)
progress "hone bench: work dir $work; $TRIALS_AA A/A trials, $TRIALS_DETECT detection trials per level, spin $SPIN_N"

# ---- (a) per-run overhead on `true` -------------------------------------------------------
progress "(a) overhead: hone compare --runs 200 -- true true  vs  hyperfine -N --runs 200 true ($OVERHEAD_REPS rep(s))"
for ((r = 1; r <= OVERHEAD_REPS; r++)); do
  run_trial overhead "" "$r" hone -- "$HONE" compare --runs 200 --format json -- true true
  run_trial overhead "" "$r" hyperfine -- "$HYPERFINE_PATH" -N --runs 200 --style none \
    --export-json out.json true
done

# ---- (b) A vs identical A ----------------------------------------------------------------
A="$SPIN $SPIN_N"
progress "(b) A/A: '$A' vs itself, $TRIALS_AA trials"
for ((t = 1; t <= TRIALS_AA; t++)); do
  # Alternate which tool goes first, so slow drift of the machine hits both alike.
  if ((t % 2)); then order=(hone hyperfine); else order=(hyperfine hone); fi
  for tool in "${order[@]}"; do
    if [[ $tool == hone ]]; then
      run_trial aa "" "$t" hone -- "$HONE" compare --format json -- "$A" "$A"
    else
      run_trial aa "" "$t" hyperfine -- "$HYPERFINE_PATH" -N --style none --export-json out.json "$A" "$A"
    fi
  done
done

# ---- (c) detection -----------------------------------------------------------------------
for pct in 1 2 5; do
  n_b=$(( (SPIN_N * (100 + pct) + 50) / 100 ))
  B="$SPIN $n_b"
  progress "(c) detection +$pct%: '$A' vs '$B', $TRIALS_DETECT trials"
  for ((t = 1; t <= TRIALS_DETECT; t++)); do
    if ((t % 2)); then order=(hone hyperfine); else order=(hyperfine hone); fi
    for tool in "${order[@]}"; do
      if [[ $tool == hone ]]; then
        run_trial detect "$pct" "$t" hone -- "$HONE" compare --format json -- "$A" "$B"
      else
        run_trial detect "$pct" "$t" hyperfine -- "$HYPERFINE_PATH" -N --style none --export-json out.json "$A" "$B"
      fi
    done
  done
done

end_all=$(now)
printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/meta.tsv"
printf 'total_seconds\t%s\n' "$(python3 -c "print(round($end_all - $start_all))")" >>"$work/meta.tsv"

progress "done in $(python3 -c "print(round($end_all - $start_all))") s; writing $RESULTS"
if ! report=$("${analyze[@]}" report "$work") || [[ -z "$report" ]]; then
  trap stop_hogs EXIT
  die "analysis failed; trial files kept in $work"
fi
printf '%s\n' "$report" >"$RESULTS"
printf '%s\n' "$report"
