#!/usr/bin/env bash
# Incremental attempts (issue 11): every revision and attempt is built in a fresh worktree of its
# own, through ccache (its compiler links first in PATH, the worktree as CCACHE_BASEDIR, the folder
# out of the hash), so an attempt recompiles only the files it changed. Counted exactly with
# ccache's own statistics in a cache of the test's own:
#   1. `hone try`: the base is built: 6 compilations, all misses.
#   2. The attempt changes one of the 6 sources and a header included by one other: `hone finish`
#      builds the attempt's fresh worktree: 2 misses, 4 hits.
#   3. No stale object: the changed header's value is what the attempt's binary reports (the
#      harness prints it), so the keep decision sees the change: kept, 2.00x faster.
#   4. `[project] ccache = false`: nothing goes through ccache; `ccache = true` without ccache
#      installed is an error naming the key; a build failure quotes the compiler's error line.
source "$(dirname "$0")/common.sh"
command -v ccache >/dev/null || { echo "SKIP: ccache is not installed (scripts/setup.sh installs it)"; exit 0; }
links=""
for d in /usr/lib/ccache /usr/lib64/ccache /usr/local/lib/ccache; do [[ -L $d/gcc || -L $d/cc ]] && links=$d && break; done
[[ -n $links ]] || { echo "SKIP: no ccache compiler links folder"; exit 0; }
export CCACHE_DIR="$WORK/ccache"
unset CCACHE_DISABLE CCACHE_PREFIX CCACHE_BASEDIR
misses() { ccache --print-stats | awk -F'\t' '$1 == "cache_miss" { print $2 }'; }
hits() { ccache --print-stats | awk -F'\t' '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { s += $2 } END { print s + 0 }'; }

mkdir proj && cd proj
git init -q -b main
cat > hone.toml <<'TOML'
[project]
name = "incremental"
build = "make"
test = "true"

[[benchmark]]
name = "work"
targets = ["ours"]

[target.ours]
kind = "regex"
command = "./prog"
pattern = 'time: (?<value>[0-9.]+) ms'
unit = "ms"

[measure]
metric = "reported"
min_runs = 4
max_runs = 4
seed = 5
TOML
cat > Makefile <<'MK'
CFLAGS = -O2 -g
OBJS = main.o a.o b.o c.o d.o e.o
prog: $(OBJS)
	$(CC) -o $@ $(OBJS)
%.o: %.c cost.h
	$(CC) $(CFLAGS) -c $< -o $@
MK
echo '#define COST 40' > cost.h
cat > main.c <<'C'
#include <stdio.h>
int a(void); int b(void); int c(void); int d(void); int e(void);
int main(void) { printf("time: %d ms\n", a() + b() + c() + d() + e()); return 0; }
C
for f in a b c d; do echo "int $f(void) { return 10; }" > $f.c; done
printf '#include "cost.h"\nint e(void) { return COST; }\n' > e.c
printf '.hone/\nperf/\n*.o\nprog\n' > .gitignore
git add -A && git_commit "base"

expect_status 0 "$HONE" candidate add "Cheaper"
expect_status 0 "$HONE" candidate approve 1
expect_status 0 "$HONE" try 1
[[ $(misses) == 6 ]] || fail "the base build should be 6 misses, got $(misses) (hits $(hits))"
expect_contains .hone/logs/build-$(git rev-parse --short=12 HEAD).log "# CCACHE_BASEDIR=$PWD/.hone/worktrees/"
wt=.hone/worktrees/cheaper
# One source, and the header that one other source includes.
echo '#define COST 0' > $wt/cost.h
echo 'int a(void) { return 0; }' > $wt/a.c
expect_status 0 "$HONE" finish
# main.o, b.o, c.o, d.o come from the cache; a.o and e.o (its header changed) are compiled.
[[ $(misses) == 8 ]] || fail "the attempt should add 2 misses (a.c, e.c via cost.h), got $(misses) in all"
[[ $(hits) == 4 ]] || fail "the attempt should hit the cache for its 4 unchanged files, got $(hits)"
# Before: 10*4 + 40 = 80 ms; after: 0 + 10*3 + 0 = 30 ms, exactly, every round.
expect_contains out.txt "kept"
expect_contains out.txt "2.67x faster [2.67x, 2.67x]"

# Off: no compilation goes through ccache.
sed -i 's/^test = "true"/test = "true"\nccache = false/' hone.toml
git commit -qam "ccache off"
before=$(( $(misses) + $(hits) ))
expect_status 0 "$HONE" compare HEAD~1 HEAD --runs 2
[[ $(( $(misses) + $(hits) )) == "$before" ]] || fail "ccache = false still compiled through ccache"

# Required but missing: an error naming the key.
sed -i 's/^ccache = false/ccache = true/' hone.toml
HONE_CCACHE_LINKS="" expect_status 2 "$HONE" compare HEAD~2 HEAD --runs 2
expect_contains err.txt "hone.toml: [project] ccache = true, but ccache is not installed"
git checkout -q hone.toml

# A build that fails quotes the compiler's error, not make's summary.
echo 'int b(void) { return undeclared; }' > b.c
git commit -qam "broken"
expect_status 2 "$HONE" compare HEAD~1 HEAD --runs 2
expect_contains err.txt "  b.c:1:22: error: "
expect_not_contains err.txt "*** [Makefile"
echo "PASS"
