#include "project/project.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "fleet/shard.h"
#include "git/git.h"
#include "measure/runner.h"
#include "util/error.h"
#include "util/units.h"
#include "util/words.h"

namespace hone {

namespace {

double duration_flag(const std::string& flag, const std::string& v) {
  std::optional<double> d = parse_duration(v);
  if (!d || !std::isfinite(*d) || *d < 0) fail("{} '{}': expected a duration such as 500ms, 10s, 2m", flag, v);
  return *d;
}

// A fraction in [0, 1) ("1%", "0.01"); above 0 when `positive`.
double fraction_flag(const std::string& flag, const std::string& v, bool positive) {
  std::optional<double> f = parse_fraction(v);
  if (!f || !std::isfinite(*f)) fail("{} '{}': expected a percentage such as 1% or a fraction such as 0.01", flag, v);
  if (*f < 0 || *f >= 1 || (positive && *f == 0))
    fail("{} '{}': must be {} 0 and below 100%", flag, v, positive ? "above" : "at least");
  return *f;
}

}  // namespace

MeasureConfig apply_flags(MeasureConfig m, const MeasureFlags& f) {
  if (!f.metric.empty()) {
    std::optional<Metric> metric = parse_metric(f.metric);
    if (!metric) fail("--metric '{}': expected one of wall, cpu, max_rss, instructions, reported", f.metric);
    m.metric = *metric;
  }
  if (f.runs < 0 || f.min_runs < 0 || f.max_runs < 0) fail("run counts must be positive");
  if (f.min_runs > 0) m.min_runs = f.min_runs;
  if (f.max_runs > 0) m.max_runs = f.max_runs;
  if (f.runs > 0) m.min_runs = m.max_runs = f.runs;
  if (m.min_runs > m.max_runs) {
    // A flag raising one bound past the configured other moves that one along.
    if (f.min_runs > 0 && f.max_runs == 0)
      m.max_runs = m.min_runs;
    else if (f.max_runs > 0 && f.min_runs == 0)
      m.min_runs = m.max_runs;
    else
      fail("--min-runs {} is larger than --max-runs {}", m.min_runs, m.max_runs);
  }
  if (!f.max_time.empty()) {
    m.max_time = duration_flag("--max-time", f.max_time);
    if (m.max_time <= 0) fail("--max-time '{}': must be above zero", f.max_time);
  }
  if (!f.precision.empty()) m.precision = fraction_flag("--precision", f.precision, true);
  if (f.warmup >= 0) m.warmup = f.warmup;
  if (!f.threshold.empty()) m.threshold = fraction_flag("--threshold", f.threshold, false);
  if (f.seed) m.seed = f.seed;
  if (!f.pin.empty()) {
    parse_cpu_list(f.pin);  // validates, naming the text
    m.pin = f.pin;
  }
  if (!f.timeout.empty()) m.timeout = duration_flag("--timeout", f.timeout);
  if (f.duet) m.duet = true;
  return m;
}

std::filesystem::path research_dir(const Config& cfg) { return cfg.root / cfg.project.artifacts / "research"; }

namespace {

// Runs one build command, its output captured. A failure is an error: `what`, how it failed,
// then the compiler's error lines (git::error_lines), or else the last lines of its stderr.
void run_build(const CommandSpec& cmd, const std::string& what) {
  ProcessRunner runner;
  RunOptions opts;
  opts.capture_stdout = true;  // make -k and ninja print the compiler's errors on stdout
  RunOutcome out = runner.run(cmd, opts);
  if (out.ok()) return;
  std::string msg = fmt::format("{} {}", what, out.spawn_failed ? out.error : out.describe_failure(0));
  std::string quoted = out.spawn_failed ? "" : git::error_lines(out.stdout_text + "\n" + out.stderr_tail);
  if (!quoted.empty())
    msg += "\n" + quoted;
  else if (!out.stderr_tail.empty())
    msg += "\n--- its stderr (last lines) ---\n" + out.stderr_tail;
  throw Error(msg);
}

}  // namespace

void build_project(const Config& cfg) {
  const std::string& build = cfg.project.build;
  fmt::print(stderr, "hone: building: {}\n", build);
  // With [layout] declared, {layout} is the build as it is: no variant.
  std::map<std::string, std::string> vars;
  if (cfg.layout.declared()) vars["layout"] = "";
  run_build(CommandSpec{expand_command(build, vars), build, cfg.root.string(), {}},
            fmt::format("build command `{}`", build));
}

int build_competitors(const Config& cfg) {
  int built = 0;
  for (const TargetConfig& t : cfg.targets) {
    if (t.name == cfg.project.ours || t.build.empty()) continue;
    std::string dir = t.dir.empty() ? cfg.root.string() : t.dir;
    fmt::print(stderr, "hone: building competitor {}: {}\n", t.name, t.build);
    run_build(CommandSpec{split_words(t.build), t.build, dir, {}},
              fmt::format("{}: [target.{}] build `{}` (in {})", cfg.file.string(), t.name, t.build, dir));
    ++built;
  }
  return built;
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

SessionResult measure_project(const Config& cfg, Store& store, const Selection& sel, const std::string& kind) {
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
    fmt::print(stderr, "hone: shard {}/{} ({}): {}\n", shard.index, shard.count, shard.source,
               fmt::join(benches, ", "));
  }
  req.jobs = configured_jobs(cfg, benches, targets);
  req.label = fmt::format("{} × {}{}", fmt::join(benches, ","), fmt::join(targets, ","), shard_label);
  if (!sel.no_build && !cfg.project.build.empty()) build_project(cfg);
  if (!sel.no_build) build_competitors(cfg);
  return run_session(store, req);
}

}  // namespace hone
