#include "loop/judge.h"

#include <fmt/format.h>

#include <algorithm>

#include "fleet/machine_id.h"
#include "loop/worklog.h"
#include "report/criteria_data.h"
#include "util/error.h"

namespace hone::loop {

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
  std::optional<int64_t> baseline_run = store.baseline(baseline);
  bool vs_baseline =
      std::any_of(clauses.begin(), clauses.end(), [](const criteria::Clause& c) { return c.reference == "baseline"; });
  if (baseline_run && vs_baseline) {
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
  EventRecord e;
  e.kind = "criteria";
  e.title = fmt::format("Done criteria: {}", j.met ? "met" : "not met");
  e.body = j.body;
  e.run_id = j.run;
  e.data = {{"met", j.met}};
  store.add_event(e);
  update_worklog(cfg, store);
  return j;
}

MeasuredJudgement judge_measured(LoopContext& ctx, const std::string& baseline) {
  MeasuredJudgement j;
  ctx.baseline = baseline;
  j.start = criteria_start(ctx, baseline);
  j.m = measure_start_end(ctx, j.start, "criteria", "criteria: start vs end");
  if (j.m.interrupted) return j;
  j.met = j.m.criteria_met.value_or(false);
  EventRecord e;
  e.kind = "criteria";
  e.title = fmt::format("Done criteria: {}", j.met ? "met" : "not met");
  e.body = fmt::format("{}\nJudged on run {}: the start {} against main's head, measured interleaved.\n",
                       j.m.criteria_summary, j.m.run_id, j.start.substr(0, 12));
  e.run_id = j.m.run_id;
  e.data = {{"met", j.met}};
  ctx.store->add_event(e);
  update_worklog(ctx.cfg, *ctx.store);
  return j;
}

}  // namespace hone::loop
