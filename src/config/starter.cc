// `hone init`'s hone.toml when nothing was detected: every section, commented.
#include <fmt/format.h>

#include <cctype>

#include "config/config.h"

namespace hone {

std::string starter_config(const std::string& project_name) {
  std::string name = "\"";
  for (char ch : project_name) {
    if (ch == '"' || ch == '\\')
      name += '\\', name += ch;
    else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      name += fmt::format("\\u{:04X}", static_cast<int>(ch));
    else
      name += ch;
  }
  name += '"';
  return fmt::format(R"toml(# hone.toml: what hone measures and how. Reference: docs/config.md.
# Every key below shows its default value; commented-out keys are optional.
# Commands are split into words like a shell does, but run without a shell (no pipes,
# globs or $VARS) unless the target sets shell = true. Placeholders such as {{args}} and
# {{bench}} are replaced by whole words, so names and arguments can never inject commands.

[project]
name = {}
# build = "cmake --build build -j"     # run in each revision's worktree before measuring
# test = "ctest --test-dir build"      # the correctness gate: must pass before a change is kept
artifacts = "perf"                     # where WORKLOG.md and research/ are written (committed)
# ours = "ours"                        # the target under optimization; default: the target
                                       # named "ours", else the first target in this file

# One [[benchmark]] per row of the tables. name: letters, digits, '_', '.', '-'.
# args replaces {{args}} in target commands; any other string key you add here (say
# size = "large") replaces {{size}}.
[[benchmark]]
name = "example"
args = "data/example.txt"
# targets = ["ours"]                   # only these targets; default: every command target
                                       # (a harness target runs only benchmarks naming it)
# harness = "BM_Example"               # its name in a harness's output; also {{harness}}

# Targets: the programs compared on every benchmark.
[target.ours]                          # the code under optimization, rebuilt at any revision
command = "./build/app {{args}}"
kind = "command"                       # command | google-benchmark | criterion | hyperfine-json | regex
                                       # (harness kinds have keys of their own: pattern, unit,
                                       # criterion_dir, cpu_time; see docs/config.md)
shell = false                          # true runs the command through /bin/sh -c
# dir = "."                            # working directory, relative to this file
# env = {{ LC_ALL = "C" }}              # extra environment variables
# build = "make app"                   # overrides [project] build for this target

[target.competitor]                    # a competitor: a fixed command, not rebuilt
command = "/usr/bin/other-app {{args}}"

[measure]
metric = "wall"                        # wall | cpu | max_rss | instructions | reported
min_runs = 5                           # runs per command before stopping is considered
max_runs = 200                         # never more runs per command than this
max_time = "10s"                       # time budget per benchmark, all its targets together
precision = "1%"                       # a lone target stops once its median's 95% CI is this tight
warmup = 1                             # unmeasured runs per command before measuring
pin = ""                               # CPU list like "2" or "2-3"; "" = no pinning
timeout = "10m"                        # per run: a run that hangs fails; 0 = none
threshold = "1%"                       # differences smaller than this are "same"
# seed = 42                            # shuffle seed; default: a fresh one per run (recorded)
env_padding = true                     # each run inherits HONE_PAD of 0-4095 random bytes, so
                                       # stack alignment averages out (docs/statistics.md)

[criteria]
done = []                              # e.g. ["faster than competitor on 3/4 benchmarks"]
regression = "5%"                      # a kept change may slow no benchmark by more

[agent]
# preset = "claude-code"               # a coding-agent CLI run unattended: claude-code, codex,
                                       # aider, gemini or opencode (docs/agents.md#presets)
command = ""                           # or any command, e.g. "my-agent --prompt-file {{prompt}}"
                                       # (command is ignored when preset is set)
timeout = "2h"                         # per attempt
context = []                           # files every prompt includes, e.g. ["DESIGN.md"]

[git]
branch_prefix = "hone/"                # work branches; failed attempts go to <prefix>slow-<name>

[machine]
# name = "ci-large"                    # this machine's name in the store (default: the hostname;
                                       # HONE_MACHINE overrides); runs pair only within one machine

[store]
# url = "postgresql://hone@db.example/perf"  # a team's shared store (default: .hone/hone.db;
                                       # HONE_STORE overrides); see docs/team.md
)toml",
                     name);
}

}  // namespace hone
