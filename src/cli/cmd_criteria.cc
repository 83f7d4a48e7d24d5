// hone criteria: the done criteria, judged with confidence on the latest measurements.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"
#include "criteria/criteria.h"
#include "criteria/criteria_json.h"
#include "fleet/machine_id.h"
#include "loop/driver.h"
#include "loop/texts.h"
#include "loop/worklog.h"
#include "util/error.h"

namespace hone::cli {

namespace {

// ours/X from a comparison measured as X/ours.
stats::RatioEstimate invert(const stats::RatioEstimate& e) {
  return stats::RatioEstimate{1 / e.ratio, stats::Interval{1 / e.ci.hi, 1 / e.ci.lo}};
}

// The newest complete bench or baseline run of the main checkout that measured `ours`.
int64_t latest_run(Store& store, const std::string& ours) {
  if (std::optional<int64_t> id = store.latest_measurement(ours)) return *id;
  fail("no complete `hone bench` or `hone baseline` run measured target '{}' yet: run one first", ours);
}

}  // namespace

criteria::Data criteria_data(const Analysis& a, const std::string& ours) {
  criteria::Data d;
  d.metric = std::string(metric_name(a.metric));
  for (const std::string& b : a.benchmarks) {
    criteria::BenchNumbers n;
    n.benchmark = b;
    if (const ResultRow* r = a.find(b, ours)) {
      n.ours = r->summary;
      n.ours_ci = r->median_ci;
    }
    d.benchmarks.push_back(n);
  }
  auto bench = [&](const std::string& name) -> criteria::BenchNumbers& {
    for (auto& n : d.benchmarks)
      if (n.benchmark == name) return n;
    d.benchmarks.push_back(criteria::BenchNumbers{name, {}, {}, {}});
    return d.benchmarks.back();
  };
  bool ours_first = !a.targets.empty() && a.targets.front() == ours;
  for (const ComparisonRow& c : a.comparisons) {
    if (ours_first)
      bench(c.benchmark).vs[c.candidate] = invert(c.estimate);
    else if (c.candidate == ours)
      bench(c.benchmark).vs[c.baseline] = c.estimate;
  }
  for (const GeoMeanRow& gm : a.geomeans)
    if (ours_first)
      d.geomean_vs[gm.candidate] =
          stats::GeoMean{1 / gm.geomean.value, stats::Interval{1 / gm.geomean.ci.hi, 1 / gm.geomean.ci.lo}};
  return d;
}

namespace {

criteria::Data gather(Store& store, int64_t run_id, const std::string& ours, std::optional<int64_t> baseline_run) {
  Analysis a = analyze_run(store, run_id);
  criteria::Data d = criteria_data(a, ours);
  auto bench = [&](const std::string& name) -> criteria::BenchNumbers& {
    for (auto& n : d.benchmarks)
      if (n.benchmark == name) return n;
    d.benchmarks.push_back(criteria::BenchNumbers{name, {}, {}, {}});
    return d.benchmarks.back();
  };
  if (baseline_run && *baseline_run == run_id) {
    // Judged on the baseline run itself: ours is the baseline, exactly.
    for (criteria::BenchNumbers& n : d.benchmarks)
      if (n.ours) n.vs["baseline"] = stats::RatioEstimate{1, stats::Interval{1, 1}};
    d.geomean_vs["baseline"] = stats::GeoMean{1, stats::Interval{1, 1}};
  } else if (baseline_run) {
    std::vector<Series> series = target_series(store, *baseline_run, a.metric, ours, "baseline");
    std::vector<Series> now = target_series(store, run_id, a.metric, ours, ours);
    series.insert(series.end(), now.begin(), now.end());
    Analysis vs = analyze(series, options_of(a));
    for (const ComparisonRow& c : vs.comparisons) bench(c.benchmark).vs["baseline"] = c.estimate;
    for (const GeoMeanRow& gm : vs.geomeans) d.geomean_vs["baseline"] = gm.geomean;
  }
  return d;
}

// hone criteria --measure: start (the baseline's commit) against HEAD, measured now.
int judge_measured(const Config& cfg, Store& store, const std::string& baseline, const std::string& format) {
  require_main_checkout(cfg, "criteria --measure");
  loop::LoopContext ctx = loop::loop_context(cfg, store);
  std::string start = loop::criteria_start(ctx, baseline);
  loop::PairMeasurement m = loop::measure_start_end(ctx, start, "criteria", "criteria: start vs end");
  if (m.interrupted) return 130;
  bool met = m.criteria_met.value_or(false);
  EventRecord e;
  e.kind = "criteria";
  e.title = fmt::format("Done criteria: {}", met ? "met" : "not met");
  e.body = fmt::format("{}\nJudged on run {}: the start {} against main's head, measured interleaved.\n",
                       m.criteria_summary, m.run_id, start.substr(0, 12));
  e.run_id = m.run_id;
  e.data = {{"met", met}};
  store.add_event(e);
  loop::update_worklog(cfg, store);
  if (format == "json") {
    nlohmann::json j =
        criteria::results_json(m.run_id, std::string(metric_name(m.analysis.metric)), m.criteria_results);
    j["start"] = start;
    j["met"] = met;
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}", loop::results_table(m.results, m.analysis.metric, "Start", "End", "Improvement"));
    fmt::print("done criteria, judged on run {} (the start {} against main's head, measured now):\n", m.run_id,
               start.substr(0, 12));
    for (const criteria::Result& r : m.criteria_results) {
      fmt::print("  {}\n", criteria::result_line(r));
      for (const std::string& l : r.lines) fmt::print("      {}\n", l);
    }
    // (`vs baseline` is also the default reference of a clause that names none.)
    bool vs_baseline = std::any_of(cfg.criteria.done.begin(), cfg.criteria.done.end(), [](const std::string& t) {
      return criteria::parse(t).reference == "baseline";  // parsed without error above
    });
    if (m.baseline_paired && vs_baseline)
      fmt::print("'vs baseline' is ours at the baseline's commit against ours at the head, paired round by round\n");
    fmt::print("{}\n", met ? "all criteria met" : "criteria not met");
  }
  return met ? 0 : 1;
}

}  // namespace

Action setup_criteria(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::vector<std::string> sentences;
    int64_t run = 0;
    std::string baseline = "default";
    bool any_machine = false;
    bool measure = false;
  };
  auto st = std::make_shared<State>();
  sub.add_option("sentences", st->sentences, "Criteria to judge (default: [criteria] done)");
  sub.add_option("--run", st->run, "Judge this run (default: the newest bench or baseline run)");
  sub.add_option("--baseline", st->baseline, "Baseline for 'vs baseline' clauses (default: default)");
  sub.add_flag("--measure", st->measure,
               "Build the baseline's commit and HEAD, measure them interleaved with the competitors, and judge that");
  sub.add_flag("--any-machine", st->any_machine,
               "Judge 'vs baseline' clauses even when the baseline was measured on another machine");
  return [st, &g]() -> int {
    std::optional<Config> cfg = load_project(g, true);
    std::vector<std::string> sentences = st->sentences.empty() ? cfg->criteria.done : st->sentences;
    if (sentences.empty())
      fail(
          "no criteria: add [criteria] done = [\"faster than X on 3/4 benchmarks\"] to {} or pass "
          "sentences",
          cfg->file.string());
    std::vector<criteria::Clause> clauses;
    for (size_t i = 0; i < sentences.size(); ++i) {
      try {
        clauses.push_back(criteria::parse(sentences[i]));
      } catch (const criteria::ParseError& e) {
        std::string where = st->sentences.empty() ? fmt::format("{}: [criteria] done[{}]", cfg->file.string(), i)
                                                  : fmt::format("criterion {}", i + 1);
        fail("{}: column {}: {}\n  {}\n  {}^", where, e.column(), e.message(), sentences[i],
             std::string(static_cast<size_t>(std::max(0, e.column() - 1)), ' '));
      }
    }
    Store store = open_store(cfg);
    if (st->measure) {
      if (!st->sentences.empty()) fail("--measure judges [criteria] done: give no sentences with it");
      if (st->run > 0) fail("give --run or --measure, not both");
      return judge_measured(*cfg, store, st->baseline, g.format);
    }
    int64_t run = st->run > 0 ? st->run : latest_run(store, cfg->project.ours);
    std::optional<int64_t> baseline_run = store.baseline(st->baseline);
    std::string machine_note;
    bool vs_baseline = std::any_of(clauses.begin(), clauses.end(),
                                   [](const criteria::Clause& c) { return c.reference == "baseline"; });
    if (baseline_run && vs_baseline) {
      std::optional<RunRecord> judged = store.get_run(run), base = store.get_run(*baseline_run);
      if (!judged) fail("no run {} in {} (see `hone runs`)", run, store_path(cfg).string());
      if (base)
        machine_note = fleet::require_same_machine(base->machine,
                                                   fmt::format("baseline '{}' (run {})", st->baseline, *baseline_run),
                                                   judged->machine, fmt::format("run {}", run), st->any_machine);
    }
    criteria::Data data = gather(store, run, cfg->project.ours, baseline_run);
    std::vector<criteria::Result> results;
    for (const criteria::Clause& c : clauses) results.push_back(criteria::evaluate(c, data));
    bool all_met = std::all_of(results.begin(), results.end(),
                               [](const criteria::Result& r) { return r.status == criteria::Status::met; });

    std::string body;
    for (const criteria::Result& r : results) {
      body += fmt::format("- {} **{}** — {}: {}\n", criteria::status_mark(r.status), r.text,
                          criteria::status_name(r.status), r.summary);
      for (const std::string& l : r.lines) body += fmt::format("  - {}\n", l);
    }
    body +=
        fmt::format("\nJudged on run {} ({}); \"faster\" counts only where the 95% CI says so.\n", run, data.metric);
    if (!machine_note.empty()) body += fmt::format("\nNote: {}.\n", machine_note);
    EventRecord e;
    e.kind = "criteria";
    e.title = fmt::format("Done criteria: {}", all_met ? "met" : "not met");
    e.body = body;
    e.run_id = run;
    e.data = {{"met", all_met}};
    store.add_event(e);
    loop::update_worklog(*cfg, store);

    if (g.format == "json") {
      fmt::print("{}\n", criteria::results_json(run, data.metric, results).dump(2));
    } else if (g.format == "markdown") {
      fmt::print("{}", body);
    } else {
      fmt::print("done criteria, judged on run {} ({}):\n", run, data.metric);
      for (const criteria::Result& r : results) {
        fmt::print("  {}\n", criteria::result_line(r));
        for (const std::string& l : r.lines) fmt::print("      {}\n", l);
      }
      fmt::print("{}\n", all_met ? "all criteria met" : "criteria not met");
      if (!machine_note.empty()) fmt::print("note: {}\n", machine_note);
    }
    return all_met ? 0 : 1;
  };
}

}  // namespace hone::cli
