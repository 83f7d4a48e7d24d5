#!/usr/bin/env bash
# hone profile when perf cannot help: not installed, not permitted (perf_event_paranoid), or the
# program has no symbols. Each time hone says what to do.
source "$(dirname "$0")/common.sh"
command -v make >/dev/null || { echo "SKIP: make is not installed"; exit 0; }
make_wc_repo
make -s build/wc-naive inputs/small-words.txt >/dev/null

# 1. perf not installed: a PATH with git (hone asks it for the commit) and nothing else.
mkdir -p "$WORK/noperf"
ln -s "$(command -v git)" "$WORK/noperf/git"
expect_status 2 env PATH="$WORK/noperf" "$HONE" profile small-words --no-build
expect_contains err.txt "perf is not installed"
expect_contains err.txt "apt-get install linux-perf"
expect_contains err.txt "hone profile small-words --metric instructions"
[[ ! -d perf/research ]] || fail "a failed profile must not leave a note"

# 2. perf not permitted: a fake perf that fails the way perf does under
#    kernel.perf_event_paranoid=3 for a user without CAP_PERFMON.
mkdir -p "$WORK/fakeperf"
cat >"$WORK/fakeperf/perf" <<'EOF'
#!/bin/sh
if [ "$1" = "--version" ]; then echo "perf version 6.1.0"; exit 0; fi
cat >&2 <<'MSG'
Error:
Access to performance monitoring and observability operations is limited.
Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open
access to performance monitoring and observability operations for processes
without CAP_PERFMON, CAP_SYS_PTRACE or CAP_SYS_ADMIN Linux capability.
perf_event_paranoid setting is 3:
  -1: Allow use of (almost) all events by all users
>= 0: Disallow raw and ftrace function tracepoint access
>= 1: Disallow CPU event access
>= 2: Disallow kernel profiling
To make the adjusted perf_event_paranoid setting permanent preserve it
in /etc/sysctl.conf (e.g. kernel.perf_event_paranoid = <setting>)
MSG
exit 255
EOF
chmod +x "$WORK/fakeperf/perf"
expect_status 2 env PATH="$WORK/fakeperf:$PATH" "$HONE" profile small-words --no-build
expect_contains err.txt "perf may not sample here"
expect_contains err.txt "sudo sysctl kernel.perf_event_paranoid=1"
expect_contains err.txt "hone profile small-words --metric instructions"
expect_contains err.txt "Access to performance monitoring"  # what perf said, for the record
[[ ! -d perf/research ]] || fail "a failed profile must not leave a note"

# 3. The benchmark itself fails under perf: its command and stderr are shown.
if command -v perf >/dev/null; then
  mv inputs/small-words.txt inputs/moved.txt
  expect_status 2 "$HONE" profile small-words --no-build
  expect_contains err.txt "./build/wc-naive inputs/small-words.txt"
  expect_contains err.txt "No such file or directory"
  mv inputs/moved.txt inputs/small-words.txt

  # 4. A stripped program: the note (and the terminal) say to build with -g and frame pointers.
  strip build/wc-naive
  expect_status 0 "$HONE" profile small-words --no-build --frequency 4999
  expect_contains err.txt "note: wc-naive has no symbols"
  note=perf/research/01-profile-small-words.md
  expect_contains "$note" "wc-naive has no symbols"
  expect_contains "$note" "debug info (-g)"
  expect_contains "$note" "keep frame pointers (-fno-omit-frame-pointer)"
  expect_contains "$note" "[unknown] (wc-naive)"
fi
echo "PASS"
