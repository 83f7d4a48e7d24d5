// hone bench: measure the configured benchmarks × targets, interleaved, and record the run.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"
#include "cli/session.h"
#include "fleet/shard.h"
#include "measure/runner.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::cli {

// Runs project.build in the project's folder; a failure is an error with the build's stderr.
void build_project(const Config& cfg) {
  const std::string& build = cfg.project.build;
  fmt::print(stderr, "hone: building: {}\n", build);
  ProcessRunner runner;
  CommandSpec cmd{expand_command(build, {}), build, cfg.root.string(), {}};
  RunOutcome out = runner.run(cmd, RunOptions{});
  if (!out.ok()) {
    std::string msg = fmt::format("build command `{}` {}", build, out.describe_failure(0));
    if (out.spawn_failed) msg = out.error;
    if (!out.stderr_tail.empty()) msg += "\n--- its stderr (last lines) ---\n" + out.stderr_tail;
    throw Error(msg);
  }
}

// Targets in measuring order: ours first (the baseline of every comparison), then the rest in
// file order.
std::vector<std::string> default_targets(const Config& cfg) {
  std::vector<std::string> names;
  if (cfg.find_target(cfg.project.ours) != nullptr) names.push_back(cfg.project.ours);
  for (const TargetConfig& t : cfg.targets)
    if (t.name != cfg.project.ours) names.push_back(t.name);
  return names;
}

std::vector<std::string> all_benchmarks(const Config& cfg) {
  std::vector<std::string> names;
  for (const BenchmarkConfig& b : cfg.benchmarks) names.push_back(b.name);
  return names;
}

SessionResult measure_project(const Config& cfg, Store& store, const Selection& sel,
                             const std::string& kind) {
  if (cfg.benchmarks.empty()) fail("{} has no [[benchmark]]: nothing to measure", cfg.file.string());
  if (cfg.targets.empty()) fail("{} has no [target.NAME]: nothing to run", cfg.file.string());
  SessionRequest req;
  req.kind = kind;
  req.measure = apply_flags(cfg.measure, sel.flags);
  req.fixed_runs = sel.flags.runs > 0;
  req.config = &cfg;
  std::vector<std::string> benches = sel.benches.empty() ? all_benchmarks(cfg) : sel.benches;
  std::vector<std::string> targets = sel.targets.empty() ? default_targets(cfg) : sel.targets;
  std::string shard_label;
  if (!sel.shard.empty()) {
    // A slice of whole benchmarks: each keeps its targets, interleaved on this machine.
    fleet::Shard shard = fleet::parse_shard(sel.shard);
    std::vector<std::string> suite = benches;
    benches = fleet::shard_benchmarks(suite, shard);
    req.settings["shard"] = fleet::shard_json(shard, benches, suite);
    shard_label = fmt::format(" (shard {}/{})", shard.index, shard.count);
    fmt::print(stderr, "hone: shard {}/{} ({}): {}\n", shard.index, shard.count, shard.source, fmt::join(benches, ", "));
  }
  req.jobs = configured_jobs(cfg, benches, targets);
  req.label = fmt::format("{} × {}{}", fmt::join(benches, ","), fmt::join(targets, ","), shard_label);
  if (!sel.no_build && !cfg.project.build.empty()) build_project(cfg);
  return run_session(store, req);
}

void add_selection_flags(CLI::App& sub, Selection& sel) {
  sub.add_option("--bench", sel.benches, "Only these benchmarks (repeatable)");
  sub.add_option("--target", sel.targets, "Only these targets (repeatable; the first is the baseline)");
  sub.add_flag("--no-build", sel.no_build, "Skip project.build");
  add_measure_flags(sub, sel.flags);
}

Action setup_bench(CLI::App& sub, const GlobalOptions& g) {
  auto sel = std::make_shared<Selection>();
  add_selection_flags(sub, *sel);
  sub.add_option("--shard", sel->shard,
                 "Measure slice K of N of the suite (K/N, from 1/N), or auto: from SLURM_ARRAY_TASK_ID or "
                 "JOB_COMPLETION_INDEX");
  return [sel, &g] {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_recording_store(cfg);
    SessionResult r = measure_project(*cfg, store, *sel, "bench");
    print_analysis(r.analysis, g);
    return r.interrupted ? 130 : 0;
  };
}

}  // namespace hone::cli
