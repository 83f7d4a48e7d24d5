// hone check: the CI gate (project/check.h), its flags and its output.
#include <fmt/format.h>

#include "cli/commands.h"
#include "project/check.h"
#include "report/render.h"
#include "util/error.h"
#include "util/files.h"
#include "util/units.h"

namespace hone::cli {

namespace {

std::string pct(double ratio) { return fmt::format("{:+.1f}%", (ratio - 1) * 100); }

}  // namespace

Action setup_check(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::string base, baseline, rev = "HEAD", target, summary, regression;
    std::vector<std::string> benches;
    MeasureFlags flags;
    bool any_machine = false;
  };
  auto st = std::make_shared<State>();
  sub.add_option("--base", st->base, "Base revision to measure against, in one interleaved run");
  sub.add_option("--baseline", st->baseline, "Stored baseline to compare with (default: 'default')");
  sub.add_option("--rev", st->rev, "Revision under test: HEAD (default), any revision, or WORKTREE");
  sub.add_option("--target", st->target, "The target to check (default: project.ours)");
  sub.add_option("--bench", st->benches, "Only these benchmarks (repeatable)");
  sub.add_option("--summary", st->summary, "Write a markdown summary (for a pull-request comment) here");
  sub.add_option("--regression", st->regression, "Regression bound (default: [criteria] regression)");
  sub.add_flag("--any-machine", st->any_machine,
               "Compare with a baseline measured on another machine (refused by default)");
  add_measure_flags(sub, st->flags);
  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    CheckRequest req;
    req.base = st->base;
    req.baseline = st->baseline;
    req.rev = st->rev;
    req.target = st->target;
    req.benches = st->benches;
    req.bound = cfg->criteria.regression;
    if (!st->regression.empty()) {
      std::optional<double> b = parse_fraction(st->regression);
      if (!b) fail("--regression '{}': expected a percentage such as 5%", st->regression);
      req.bound = *b;
    }
    req.measure = apply_flags(cfg->measure, st->flags);
    req.fixed_runs = st->flags.runs > 0;
    req.any_machine = st->any_machine;
    req.store_name = store_path(cfg).string();
    Store store = open_recording_store(cfg);
    CheckResult r = run_check(*cfg, store, req);
    if (!r.load_warning.empty()) fmt::print(stderr, "hone: {}\n", r.load_warning);
    if (g.format == "json") {
      nlohmann::json j = render_json(r.analysis);
      nlohmann::json benchmarks = nlohmann::json::array();
      for (const GateRow& row : r.rows)
        benchmarks.push_back({{"benchmark", row.benchmark},
                              {"ratio", row.estimate.ratio},
                              {"ci", {row.estimate.ci.lo, row.estimate.ci.hi}},
                              {"status", row.gate == Gate::regressed ? "regressed" : gate_word(row.gate)}});
      j["check"] = {{"status", r.overall == Gate::regressed ? "regressed" : gate_word(r.overall)},
                    {"regression", req.bound},
                    {"base", r.base_name},
                    {"head", r.head_name},
                    {"benchmarks", benchmarks}};
      fmt::print("{}\n", j.dump(2));
    } else {
      print_analysis(r.analysis, g);
    }
    if (g.format == "terminal") {
      fmt::print("\ncheck (regression bound {:.3g}%):\n", req.bound * 100);
      for (const GateRow& row : r.rows)
        fmt::print("  {:<20} {} [{}, {}]  {}\n", row.benchmark, pct(row.estimate.ratio), pct(row.estimate.ci.lo),
                   pct(row.estimate.ci.hi), gate_word(row.gate));
    }
    if (!st->summary.empty()) write_file_checked(st->summary, check_summary_markdown(r, req.bound));
    if (r.interrupted) return Exit::interrupted;
    switch (r.overall) {
      case Gate::clean: return Exit::ok;
      case Gate::regressed: return Exit::no;
      case Gate::unsure: return Exit::unsure;
    }
    return Exit::error;
  };
}

}  // namespace hone::cli
