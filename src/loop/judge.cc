#include "loop/judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "fleet/machine_id.h"
#include "loop/worklog.h"
#include "report/criteria_data.h"
#include "util/error.h"

namespace hone::loop {

namespace {

// The judgement as a worklog event ("Done criteria: met").
void record_judgement(const Config& cfg, Store& store, bool met, const std::string& body, int64_t run_id) {
  EventRecord e;
  e.kind = "criteria";
  e.title = fmt::format("Done criteria: {}", met ? "met" : "not met");
  e.body = body;
  e.run_id = run_id;
  e.data = {{"met", met}};
  store.add_event(e);
  update_worklog(cfg, store);
}

}  // namespace

StoredJudgement judge_stored(const Config& cfg, Store& store, const std::string& store_name,
                             const std::vector<criteria::Clause>& clauses, int64_t run, const std::string& baseline,
                             bool any_machine) {
  StoredJudgement j;
  if (run > 0) {
    j.run = run;
  } else if (std::optional<int64_t> id = store.latest_measurement(cfg.project.ours)) {
    j.run = *id;
  } else {
    fail("no complete `hone bench` or `hone baseline` run measured target '{}' yet: run one first", cfg.project.ours);
  }
  // The stored baseline is read, checked and analysed only when a clause is against it.
  std::optional<int64_t> baseline_run =
      criteria::references_baseline(clauses) ? store.baseline(baseline) : std::optional<int64_t>();
  if (baseline_run) {
    std::optional<RunRecord> judged = store.get_run(j.run), base = store.get_run(*baseline_run);
    if (!judged) fail("no run {} in {} (see `hone runs`)", j.run, store_name);
    if (base) {
      std::string base_what = fmt::format("baseline '{}' (run {})", baseline, *baseline_run);
      j.machine_note = fleet::require_same_machine(base->machine, base_what, judged->machine,
                                                   fmt::format("run {}", j.run), any_machine);
      if (*baseline_run != j.run)
        j.load_note = fleet::load_difference(base->machine, base_what, judged->machine, fmt::format("run {}", j.run));
    }
  }
  criteria::Data data = stored_criteria_data(store, j.run, cfg.project.ours, baseline_run);
  j.metric = data.metric;
  for (const criteria::Clause& c : clauses) j.results.push_back(criteria::evaluate(c, data));
  j.met = std::all_of(j.results.begin(), j.results.end(),
                      [](const criteria::Result& r) { return r.status == criteria::Status::met; });

  for (const criteria::Result& r : j.results) {
    j.body += fmt::format("- {} **{}** — {}: {}\n", criteria::status_mark(r.status), r.text,
                          criteria::status_name(r.status), r.summary);
    for (const std::string& l : r.lines) j.body += fmt::format("  - {}\n", l);
  }
  j.body +=
      fmt::format("\nJudged on run {} ({}); \"faster\" counts only where the 95% CI says so.\n", j.run, data.metric);
  if (!j.machine_note.empty()) j.body += fmt::format("\nNote: {}.\n", j.machine_note);
  if (!j.load_note.empty()) j.body += fmt::format("\nNote: {}.\n", j.load_note);
  record_judgement(cfg, store, j.met, j.body, j.run);
  return j;
}

MeasuredJudgement judge_measured(LoopContext& ctx, const std::string& baseline) {
  MeasuredJudgement j;
  ctx.baseline = baseline;
  j.start = criteria_start(ctx, baseline);
  j.end = head_name(ctx);
  j.m = measure_start_end(ctx, j.start, "criteria", "criteria: start vs end");
  if (j.m.interrupted) return j;
  j.met = j.m.criteria_met.value_or(false);
  record_judgement(ctx.cfg, *ctx.store, j.met,
                   fmt::format("{}\nJudged on run {}: the start {} against {}, measured interleaved.\n",
                               j.m.criteria_summary, j.m.run_id, j.start.substr(0, 12), j.end),
                   j.m.run_id);
  return j;
}

}  // namespace hone::loop
