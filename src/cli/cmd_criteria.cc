// hone criteria: the done criteria, judged with confidence on the latest measurements.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"
#include "criteria/criteria.h"
#include "criteria/criteria_json.h"
#include "loop/driver.h"
#include "loop/judge.h"
#include "loop/texts.h"
#include "util/error.h"

namespace hone::cli {

namespace {

// hone criteria --measure: start (the baseline's commit) against HEAD, measured now.
Exit print_measured(const Config& cfg, Store& store, const std::string& baseline, const std::string& format) {
  require_main_checkout(cfg, "criteria --measure");
  loop::LoopContext ctx = loop::loop_context(cfg, store);
  loop::MeasuredJudgement j = loop::judge_measured(ctx, baseline);
  const loop::PairMeasurement& m = j.m;
  if (m.interrupted) return Exit::interrupted;
  if (format == "json") {
    nlohmann::json out =
        criteria::results_json(m.run_id, std::string(metric_name(m.analysis.metric)), m.criteria_results);
    out["start"] = j.start;
    out["met"] = j.met;
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{}", loop::results_table(m.results, m.analysis.metric, "Start", "End", "Improvement"));
    fmt::print("done criteria, judged on run {} (the start {} against {}, measured now):\n", m.run_id,
               j.start.substr(0, 12), j.end);
    for (const criteria::Result& r : m.criteria_results) {
      fmt::print("  {}\n", criteria::result_line(r));
      for (const std::string& l : r.lines) fmt::print("      {}\n", l);
    }
    if (m.baseline_paired)
      fmt::print("'vs baseline' is ours at the baseline's commit against ours at the head, paired round by round\n");
    fmt::print("{}\n", j.met ? "all criteria met" : "criteria not met");
  }
  return j.met ? Exit::ok : Exit::no;
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
  return [st, &g]() -> Exit {
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
      return print_measured(*cfg, store, st->baseline, g.format);
    }
    loop::StoredJudgement j =
        loop::judge_stored(*cfg, store, store_path(cfg).string(), clauses, st->run, st->baseline, st->any_machine);
    if (g.format == "json") {
      fmt::print("{}\n", criteria::results_json(j.run, j.metric, j.results).dump(2));
    } else if (g.format == "markdown") {
      fmt::print("{}", j.body);
    } else {
      fmt::print("done criteria, judged on run {} ({}):\n", j.run, j.metric);
      for (const criteria::Result& r : j.results) {
        fmt::print("  {}\n", criteria::result_line(r));
        for (const std::string& l : r.lines) fmt::print("      {}\n", l);
      }
      fmt::print("{}\n", j.met ? "all criteria met" : "criteria not met");
      if (!j.machine_note.empty()) fmt::print("note: {}\n", j.machine_note);
      if (!j.load_note.empty()) fmt::print("note: {}\n", j.load_note);
    }
    return j.met ? Exit::ok : Exit::no;
  };
}

}  // namespace hone::cli
