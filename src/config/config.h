#pragma once
// hone.toml: what to measure (benchmarks × targets), how (measure settings), and the
// settings later stages use (criteria, agent, git). Parsed with toml++; every error names
// file:line:column and, for an unknown key, the nearest known one.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "util/metric.h"

namespace hone {

struct ProjectConfig {
  std::string name;
  std::string build;               // shell-free command run before measuring a revision
  std::string test;                // correctness gate
  std::string artifacts = "perf";  // WORKLOG.md and research/ live here
  std::string ours = "ours";       // the target that is the code under optimization
  // Builds of revisions and attempts in hone's worktrees go through ccache (its compiler links
  // first in PATH, the worktree as CCACHE_BASEDIR), so an attempt's fresh worktree recompiles
  // only what it changed. Unset: on when ccache is installed; false: off; true: required.
  std::optional<bool> ccache;
};

struct BenchmarkConfig {
  std::string name;
  std::string args;  // substituted for {args}
  // The targets this benchmark runs on, as written (each names a [target.X]); empty = unset:
  // every command target. See Config::runs_on.
  std::vector<std::string> targets;
  // The benchmark's name inside a harness's output ("BM_Count/utf8"); empty = unset.
  // When set it is also vars["harness"], so commands can use {harness}.
  std::string harness;
  std::map<std::string, std::string> vars;  // any other string keys, usable as {key}
  // Never shown to an attempt's agent (not in its prompt, not run by hone inside its worktree,
  // named "held-out #N" in what it can read), and always counted in the keep decision.
  bool held_out = false;

  // The name to look for in a harness's output: `harness`, or `name` when unset.
  const std::string& harness_name() const { return harness.empty() ? name : harness; }
};

struct TargetConfig {
  std::string name;
  std::string command;           // template: {args}, {bench} and benchmark vars substituted
  std::string kind = "command";  // command | google-benchmark | criterion | hyperfine-json | regex
  bool shell = false;            // run through /bin/sh -c
  std::string dir;               // working directory, relative to hone.toml's folder
  std::map<std::string, std::string> env;
  std::string build;  // overrides project.build for this target
  // kind = "regex": a pattern over stdout whose group (?<value>...) (else its first group)
  // matches the number, and the number's unit ("ms", "s", ...; "" = as is). The pattern is
  // required for regex targets and only allowed there, as is the unit.
  std::string pattern;
  std::string unit;
  // kind = "criterion": criterion.rs's output folder, relative to the command's working
  // directory (dir). Only allowed on criterion targets.
  std::string criterion_dir = "target/criterion";
  // kind = "google-benchmark": read cpu_time instead of real_time. Only allowed there.
  bool cpu_time = false;

  // Every kind but "command" reads a harness's output (adapters) instead of timing the process.
  bool is_harness() const { return kind != "command"; }
};

struct MeasureConfig {
  Metric metric = Metric::wall;
  int min_runs = 5;
  int max_runs = 200;
  double max_time = 10;     // seconds per benchmark (all its targets together)
  double precision = 0.01;  // a lone target stops once its median CI is at most this wide (relative)
  int warmup = 1;
  std::string pin;  // CPU list "0", "2-3", "0,2"; empty = none
  // Seconds per run; 0 = none. The default bounds an unattended loop: an attempt whose change
  // makes a benchmark hang fails after 10 minutes instead of stalling the loop for ever.
  double timeout = 600;
  double threshold = 0.01;       // noise threshold for verdicts
  std::optional<uint64_t> seed;  // none = a fresh seed per run (recorded)
  // Each measured run inherits an environment variable HONE_PAD of a random length (0..4095
  // bytes, from the seed), so stack-alignment effects average out (measure/schedule.h).
  bool env_padding = true;
  // Duet mode (measure/schedule.h): a benchmark's commands run at the same time, each on its own
  // CPU (the first two of `pin`, else of those hone may use), instead of one after another.
  bool duet = false;
};

struct CriteriaConfig {
  std::vector<std::string> done;
  double regression = 0.05;
};

struct AgentConfig {
  // The command hone runs: as written, or expanded from `preset` and `flags` at load.
  std::string command;
  std::string preset;  // "claude-code", ... (config/agent_presets.h); "" = none
  // Paths (at the worktree's top; "name*" matches a prefix) the preset's CLI leaves in the
  // repository it works in that never belong in a change: moved to the attempt's log folder
  // before hone collects the change.
  std::vector<std::string> scratch;
  double timeout = 7200;
  std::vector<std::string> context;
  std::string prompt_template;          // a prompt template file, relative to hone.toml; "" = built in
  std::vector<std::string> protect;     // more paths an attempt may not touch (globs, "dir/" prefixes)
  uint64_t max_file_size = 10'000'000;  // a larger file in an attempt is left behind, not a change
};

// [layout]: how to perturb the code layout of ours' build (docs/config.md "[layout]"). Each
// variant is a value of the placeholder {layout} in the build command of ours; a gain the keep
// rule would credit is measured again across builds of base and attempt at every variant, and
// is credited only when it holds across them (loop/decide.h, "within layout noise").
struct LayoutConfig {
  std::vector<std::string> variants;  // empty: no [layout]; else at least 2
  bool declared() const { return !variants.empty(); }
};

struct GitConfig {
  std::string branch_prefix = "hone/";
};

// [machine]: how runs measured here are named in the store (fleet/machine_id.h). HONE_MACHINE
// overrides it; empty = the hostname.
struct MachineConfig {
  std::string name;
};

// [store]: where runs are recorded. HONE_STORE overrides url; empty = .hone/hone.db (SQLite).
struct StoreConfig {
  std::string url;  // postgresql://... : a team's shared store
};

struct Config {
  std::filesystem::path file;  // absolute path of hone.toml
  std::filesystem::path root;  // its folder: relative paths resolve here
  // Inside one of hone's own worktrees (<main>/.hone/worktrees/<name>/...), as when an attempt's
  // agent runs `hone bench` there: `worktree` is its name, `home` the main checkout's folder
  // matching `root` (the store there is shared), and held-out benchmarks are left out. Outside:
  // worktree empty, home = root.
  std::filesystem::path home;
  std::string worktree;
  ProjectConfig project;
  std::vector<BenchmarkConfig> benchmarks;  // in file order
  std::vector<TargetConfig> targets;        // in file order
  MeasureConfig measure;
  CriteriaConfig criteria;
  AgentConfig agent;
  GitConfig git;
  MachineConfig machine;
  StoreConfig store;
  LayoutConfig layout;

  // The build command of a target (its own, else [project] build).
  const std::string& build_of(const std::string& target) const;
  // The names of the benchmarks with held_out = true.
  std::set<std::string> held_out_names() const;

  const TargetConfig* find_target(const std::string& name) const;
  const BenchmarkConfig* find_benchmark(const std::string& name) const;

  // Whether benchmark b runs on target t. A harness target (any kind but "command") runs only
  // the benchmarks that name it in `targets`; a command target runs every benchmark whose
  // `targets` is unset or names it.
  bool runs_on(const BenchmarkConfig& b, const TargetConfig& t) const;
};

// Parses TOML text; `file` is used in error messages and to resolve relative paths.
// Throws hone::Error "hone.toml:12:3: unknown key 'min_run' in [measure]; did you mean 'min_runs'?"
Config parse_config(const std::string& text, const std::filesystem::path& file);
// Reads at most kMaxConfigBytes: a larger file (or /dev/zero) is an error naming it.
Config load_config(const std::filesystem::path& file);

// Where hone's files live for a project folder: see Config::home and Config::worktree.
struct Checkout {
  std::filesystem::path home;
  std::string worktree;
};
Checkout checkout_of(const std::filesystem::path& root);
constexpr size_t kMaxConfigBytes = size_t{4} << 20;
// Looks for hone.toml in dir and its parents; nullopt when there is none.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& dir);

// The commented starter file `hone init` writes.
std::string starter_config(const std::string& project_name);

// Parses a CPU list "0", "2-3", "0,2,4-5". Throws hone::Error naming the text.
std::vector<int> parse_cpu_list(const std::string& text);

}  // namespace hone
