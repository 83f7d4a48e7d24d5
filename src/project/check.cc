#include "project/check.h"

#include <fmt/format.h>

#include "fleet/machine_id.h"
#include "project/project.h"
#include "project/revisions.h"
#include "project/session.h"
#include "report/render.h"
#include "util/error.h"

namespace hone {

namespace {

std::string pct(double ratio) { return fmt::format("{:+.1f}%", (ratio - 1) * 100); }

}  // namespace

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

CheckResult run_check(const Config& cfg, Store& store, const CheckRequest& in) {
  if (!in.base.empty() && !in.baseline.empty()) fail("give --base or --baseline, not both");
  std::string target = in.target.empty() ? cfg.project.ours : in.target;
  std::vector<std::string> benches = in.benches.empty() ? all_benchmarks(cfg) : in.benches;
  SessionRequest req;
  req.kind = "check";
  req.config = &cfg;
  req.measure = in.measure;
  req.fixed_runs = in.fixed_runs;
  // Rounds go on until each benchmark is shown within the bound or beyond it.
  req.question = stats::bound_question(in.bound);
  CheckResult out;
  Analysis& a = out.analysis;
  if (!in.base.empty()) {
    std::vector<Revision> revs = prepare_revisions(cfg, {in.base, in.rev}, target);
    req.jobs = revision_jobs(cfg, revs, benches, target);
    req.label = fmt::format("check {}: {} vs {}", target, in.base, in.rev);
    SessionResult r = run_session(store, req);
    a = r.analysis;
    out.interrupted = r.interrupted;
    out.base_name = revs[0].label;
    out.head_name = revs[1].label;
    out.paired = true;
  } else {
    std::string name = in.baseline.empty() ? "default" : in.baseline;
    std::optional<int64_t> base_run = store.baseline(name);
    if (!base_run)
      fail("no baseline named '{}' in {}: run `hone baseline` first, or pass --base REV", name, in.store_name);
    std::vector<Revision> revs = prepare_revisions(cfg, {in.rev}, target);
    req.jobs = revision_jobs(cfg, revs, benches, target);
    req.label = fmt::format("check {}: {} vs baseline {}", target, in.rev, name);
    std::optional<RunRecord> base_rec = store.get_run(*base_run);
    if (!base_rec) fail("baseline '{}' points at run {}, which is not in {}", name, *base_run, in.store_name);
    std::string machine_note =
        fleet::require_same_machine(base_rec->machine, fmt::format("baseline '{}' (run {})", name, *base_run),
                                    current_machine(&cfg), "this check", in.any_machine);
    Analysis stored = analyze_run(store, *base_run);
    if (stored.metric != req.measure.metric)
      fail("baseline '{}' measured {}, but this check measures {}: pass --metric {}", name, metric_name(stored.metric),
           metric_name(req.measure.metric), metric_name(stored.metric));
    out.base_name = fmt::format("{}@baseline", target);
    out.head_name = revs[0].label;
    std::vector<Series> series = target_series(store, *base_run, stored.metric, target, out.base_name);
    if (series.empty()) fail("baseline '{}' (run {}) has no samples of target '{}'", name, *base_run, target);
    // The head's samples are asked the question against the baseline's (unpaired), as with --base.
    req.reference = series;
    SessionResult r = run_session(store, req);
    out.interrupted = r.interrupted;
    std::vector<Series> now = target_series(store, r.run_id, stored.metric, out.head_name, out.head_name);
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
      out.load_warning =
          fleet::load_difference(base_rec->machine, fmt::format("baseline '{}' (run {})", name, *base_run),
                                 now_rec->machine, fmt::format("this check (run {})", r.run_id));
      if (!out.load_warning.empty()) a.notes.push_back(out.load_warning);
    }
  }
  for (const ComparisonRow& c : a.comparisons) {
    GateRow row{c.benchmark, std::nullopt, std::nullopt, c.estimate, judge_regression(c.estimate.ci, in.bound)};
    if (const ResultRow* b = a.find(c.benchmark, c.baseline)) row.base_median = b->summary.median;
    if (const ResultRow* h = a.find(c.benchmark, c.candidate)) row.head_median = h->summary.median;
    if (row.gate == Gate::regressed)
      out.overall = Gate::regressed;
    else if (row.gate == Gate::unsure && out.overall == Gate::clean)
      out.overall = Gate::unsure;
    out.rows.push_back(row);
  }
  if (out.rows.empty()) fail("nothing to compare: no benchmark was measured on both sides");
  return out;
}

std::string check_summary_markdown(const CheckResult& r, double bound) {
  const Analysis& a = r.analysis;
  std::string title;
  switch (r.overall) {
    case Gate::clean: title = fmt::format("no regression beyond {:.3g}%", bound * 100); break;
    case Gate::regressed: title = fmt::format("regression beyond {:.3g}%", bound * 100); break;
    case Gate::unsure: title = "unsure: some benchmarks need more runs to tell"; break;
  }
  std::string out = fmt::format("## hone check: {}\n\n", title);
  out +=
      fmt::format("| Benchmark | {} (median) | {} (median) | Change [95% CI] | Status |\n", r.base_name, r.head_name);
  out += "|---|---|---|---|---|\n";
  for (const GateRow& g : r.rows)
    out += fmt::format("| {} | {} | {} | {} [{}, {}] | {} |\n", g.benchmark,
                       g.base_median ? format_value(a, *g.base_median) : "—",
                       g.head_median ? format_value(a, *g.head_median) : "—", pct(g.estimate.ratio),
                       pct(g.estimate.ci.lo), pct(g.estimate.ci.hi), gate_word(g.gate));
  out += fmt::format(
      "\nMetric: {} ({}); regression bound {:.3g}%; a benchmark regressed when the "
      "whole CI of the change lies above the bound. Change: {}.\n",
      metric_name(a.metric), a.source, bound * 100,
      r.paired ? "the paired ratio over the rounds of one interleaved run, head / base"
               : "the ratio of the medians of two separate runs, head / base");
  return out;
}

}  // namespace hone
