// hone check: the CI gate. Our code at a revision (HEAD by default, or WORKTREE) against a base
// revision (one interleaved run of both builds) or a stored baseline; a benchmark regressed
// when the CI of new/base lies wholly above 1 + the regression bound.
#include <fmt/format.h>

#include <fstream>

#include "cli/commands.h"
#include "fleet/machine_id.h"
#include "project/revisions.h"
#include "report/render.h"
#include "util/error.h"
#include "util/files.h"
#include "util/units.h"

namespace hone::cli {

namespace {

enum class Gate { clean, regressed, unsure };

struct GateRow {
  std::string benchmark;
  const ResultRow* base = nullptr;
  const ResultRow* head = nullptr;
  stats::RatioEstimate estimate;
  Gate gate = Gate::unsure;
};

Gate judge_regression(const stats::Interval& ci, double bound) {
  if (ci.lo > 1 + bound) return Gate::regressed;
  if (ci.hi <= 1 + bound) return Gate::clean;
  return Gate::unsure;
}

const char* gate_word(Gate g) {
  switch (g) {
    case Gate::clean: return "ok";
    case Gate::regressed: return "REGRESSED";
    case Gate::unsure: return "unsure";
  }
  return "?";
}

std::string pct(double ratio) { return fmt::format("{:+.1f}%", (ratio - 1) * 100); }

std::string summary_markdown(const Analysis& a, const std::vector<GateRow>& rows, Gate overall, double bound,
                             const std::string& base_name, const std::string& head_name, bool paired) {
  std::string title;
  switch (overall) {
    case Gate::clean: title = fmt::format("no regression beyond {:.3g}%", bound * 100); break;
    case Gate::regressed: title = fmt::format("regression beyond {:.3g}%", bound * 100); break;
    case Gate::unsure: title = "unsure: some benchmarks need more runs to tell"; break;
  }
  std::string out = fmt::format("## hone check: {}\n\n", title);
  out += fmt::format("| Benchmark | {} (median) | {} (median) | Change [95% CI] | Status |\n", base_name, head_name);
  out += "|---|---|---|---|---|\n";
  for (const GateRow& r : rows)
    out += fmt::format("| {} | {} | {} | {} [{}, {}] | {} |\n", r.benchmark,
                       r.base ? format_value(a, r.base->summary.median) : "—",
                       r.head ? format_value(a, r.head->summary.median) : "—", pct(r.estimate.ratio),
                       pct(r.estimate.ci.lo), pct(r.estimate.ci.hi), gate_word(r.gate));
  out += fmt::format(
      "\nMetric: {} ({}); regression bound {:.3g}%; a benchmark regressed when the "
      "whole CI of the change lies above the bound. Change: {}.\n",
      metric_name(a.metric), a.source, bound * 100,
      paired ? "the paired ratio over the rounds of one interleaved run, head / base"
             : "the ratio of the medians of two separate runs, head / base");
  return out;
}

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
    if (!st->base.empty() && !st->baseline.empty()) fail("give --base or --baseline, not both");
    std::optional<Config> cfg = load_project(g, true);
    double bound = cfg->criteria.regression;
    if (!st->regression.empty()) {
      std::optional<double> b = parse_fraction(st->regression);
      if (!b) fail("--regression '{}': expected a percentage such as 5%", st->regression);
      bound = *b;
    }
    std::string target = st->target.empty() ? cfg->project.ours : st->target;
    std::vector<std::string> benches = st->benches.empty() ? all_benchmarks(*cfg) : st->benches;
    Store store = open_recording_store(cfg);
    SessionRequest req;
    req.kind = "check";
    req.config = &*cfg;
    req.measure = apply_flags(cfg->measure, st->flags);
    req.fixed_runs = st->flags.runs > 0;
    Analysis a;
    std::string base_name, head_name;
    bool interrupted = false;
    if (!st->base.empty()) {
      std::vector<Revision> revs = prepare_revisions(*cfg, {st->base, st->rev}, target);
      req.jobs = revision_jobs(*cfg, revs, benches, target);
      req.label = fmt::format("check {}: {} vs {}", target, st->base, st->rev);
      // Rounds go on until each benchmark is shown within the bound or beyond it.
      req.question = stats::bound_question(bound);
      SessionResult r = run_session(store, req);
      a = r.analysis;
      interrupted = r.interrupted;
      base_name = revs[0].label;
      head_name = revs[1].label;
    } else {
      std::string name = st->baseline.empty() ? "default" : st->baseline;
      std::optional<int64_t> base_run = store.baseline(name);
      if (!base_run)
        fail("no baseline named '{}' in {}: run `hone baseline` first, or pass --base REV", name,
             store_path(cfg).string());
      std::vector<Revision> revs = prepare_revisions(*cfg, {st->rev}, target);
      req.jobs = revision_jobs(*cfg, revs, benches, target);
      req.label = fmt::format("check {}: {} vs baseline {}", target, st->rev, name);
      std::optional<RunRecord> base_rec = store.get_run(*base_run);
      if (!base_rec)
        fail("baseline '{}' points at run {}, which is not in {}", name, *base_run, store_path(cfg).string());
      std::string machine_note =
          fleet::require_same_machine(base_rec->machine, fmt::format("baseline '{}' (run {})", name, *base_run),
                                      current_machine(&*cfg), "this check", st->any_machine);
      Analysis stored = analyze_run(store, *base_run);
      if (stored.metric != req.measure.metric)
        fail("baseline '{}' measured {}, but this check measures {}: pass --metric {}", name,
             metric_name(stored.metric), metric_name(req.measure.metric), metric_name(stored.metric));
      base_name = fmt::format("{}@baseline", target);
      head_name = revs[0].label;
      std::vector<Series> series = target_series(store, *base_run, stored.metric, target, base_name);
      if (series.empty()) fail("baseline '{}' (run {}) has no samples of target '{}'", name, *base_run, target);
      // Rounds go on until each benchmark's head is shown within the bound or beyond it, against
      // the baseline's samples (unpaired), as with --base.
      req.question = stats::bound_question(bound);
      req.reference = series;
      SessionResult r = run_session(store, req);
      interrupted = r.interrupted;
      std::vector<Series> now = target_series(store, r.run_id, stored.metric, head_name, head_name);
      series.insert(series.end(), now.begin(), now.end());
      AnalyzeOptions o = options_of(r.analysis);
      o.metric = stored.metric;
      o.deterministic = r.analysis.deterministic && stored.deterministic;
      a = analyze(series, o);
      a.run_id = r.run_id;
      a.spawn_floor = r.analysis.spawn_floor;
      a.notes = r.analysis.notes;  // the run's own: when it settled, the spawn floor...
      a.notes.push_back(
          fmt::format("compared with baseline '{}' (run {}), measured separately: machine "
                      "drift between the two runs is not cancelled",
                      name, *base_run));
      if (!machine_note.empty()) a.notes.push_back(machine_note);
      if (std::optional<RunRecord> now_rec = store.get_run(r.run_id)) {
        std::string load =
            fleet::load_difference(base_rec->machine, fmt::format("baseline '{}' (run {})", name, *base_run),
                                   now_rec->machine, fmt::format("this check (run {})", r.run_id));
        if (!load.empty()) {
          fmt::print(stderr, "hone: {}\n", load);
          a.notes.push_back(load);
        }
      }
    }
    std::vector<GateRow> rows;
    Gate overall = Gate::clean;
    for (const ComparisonRow& c : a.comparisons) {
      GateRow row{c.benchmark, a.find(c.benchmark, c.baseline), a.find(c.benchmark, c.candidate), c.estimate,
                  judge_regression(c.estimate.ci, bound)};
      if (row.gate == Gate::regressed)
        overall = Gate::regressed;
      else if (row.gate == Gate::unsure && overall == Gate::clean)
        overall = Gate::unsure;
      rows.push_back(row);
    }
    if (rows.empty()) fail("nothing to compare: no benchmark was measured on both sides");
    if (g.format == "json") {
      nlohmann::json j = render_json(a);
      nlohmann::json benchmarks = nlohmann::json::array();
      for (const GateRow& r : rows)
        benchmarks.push_back({{"benchmark", r.benchmark},
                              {"ratio", r.estimate.ratio},
                              {"ci", {r.estimate.ci.lo, r.estimate.ci.hi}},
                              {"status", r.gate == Gate::regressed ? "regressed" : gate_word(r.gate)}});
      j["check"] = {{"status", overall == Gate::regressed ? "regressed" : gate_word(overall)},
                    {"regression", bound},
                    {"base", base_name},
                    {"head", head_name},
                    {"benchmarks", benchmarks}};
      fmt::print("{}\n", j.dump(2));
    } else {
      print_analysis(a, g);
    }
    if (g.format == "terminal") {
      fmt::print("\ncheck (regression bound {:.3g}%):\n", bound * 100);
      for (const GateRow& r : rows)
        fmt::print("  {:<20} {} [{}, {}]  {}\n", r.benchmark, pct(r.estimate.ratio), pct(r.estimate.ci.lo),
                   pct(r.estimate.ci.hi), gate_word(r.gate));
    }
    if (!st->summary.empty()) {
      write_file_checked(st->summary,
                         summary_markdown(a, rows, overall, bound, base_name, head_name, !st->base.empty()));
    }
    if (interrupted) return Exit::interrupted;
    switch (overall) {
      case Gate::clean: return Exit::ok;
      case Gate::regressed: return Exit::no;
      case Gate::unsure: return Exit::unsure;
    }
    return Exit::error;
  };
}

}  // namespace hone::cli
