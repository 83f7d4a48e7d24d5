#include "loop/checklist.h"

#include <fmt/format.h>

#include <algorithm>

#include "loop/candidates.h"
#include "util/error.h"

namespace hone::loop {

Checklist checklist(const StatusFacts& f) {
  auto count = [&](const std::string& status) {
    return std::count_if(f.candidates.begin(), f.candidates.end(), [&](const auto& c) { return c.status == status; });
  };
  bool listed = !f.candidates.empty();
  bool approved = count("approved") + count("kept") + count("slow") + count("rejected") > 0;
  long proposed = count("proposed");
  const std::optional<ExperimentRecord>& last = f.last_attempt;
  bool done = last && last->stage == "done";
  bool measured = last && last->run_id > 0;  // measuring happens only after build and tests pass
  bool finished = f.final_report || f.incomplete_report;

  Checklist c;
  c.before_starting = {
      {f.criteria > 0, "Done criteria received from driver",
       f.criteria ? fmt::format("{} in [criteria] done", f.criteria) : ""},
      {f.baseline, "Baseline benchmarks recorded", ""},
      {f.profiled, "Profile data collected", ""},
      {f.researched, "Research notes written", ""},
      {listed, "Optimization list prioritized", fmt::format("{} candidates", f.candidates.size())},
      {approved, "Driver approved the list", proposed ? fmt::format("{} proposed awaiting approval", proposed) : ""},
  };
  c.last_attempt = last ? fmt::format(": #{} attempt {}, {}", last->candidate_id, last->id,
                                      last->stage == "done" ? last->outcome : last->stage)
                        : ": none yet";
  c.each_optimization = {
      {last.has_value(), "Subagent spawned with full context", ""},
      {measured, "Tests pass after change", ""},
      {measured, "Benchmarks run multiple times", ""},
      {measured, "Results verified by parent agent (re-measured by hone)", ""},
      {last && last->outcome == "kept", "Commit message includes numbers", ""},
      {done, "Worklog updated", ""},
      {done, "Todo list updated", ""},
  };
  c.before_completing = {
      {f.final_report, "Final benchmarks match done criteria", ""},
      {finished, "All tests pass", ""},
      {finished, "Worklog has final summary", ""},
      {f.final_report || f.future_note, "Future optimizations documented", ""},
      {finished, "Driver notified of completion", ""},
  };

  std::optional<CandidateRecord> runnable;
  try {
    runnable = next_runnable(f.candidates);
  } catch (const Error&) {
    // a builds-on cycle: `hone candidate list` says which
  }
  if (f.final_report) c.next = "done: the final report is in the worklog";
  else if (f.criteria == 0) c.next = fmt::format("write the done criteria into [criteria] done in {}", f.config_file);
  else if (!f.baseline) c.next = "record the baseline: `hone baseline`";
  else if (!f.profiled) c.next = "profile the hottest benchmark: `hone profile BENCH`";
  else if (!listed) c.next = "add optimization candidates: `hone candidate add NAME --proposed ...`";
  else if (!approved || (proposed && !runnable)) c.next = "the driver approves candidates: `hone candidate approve ID...`";
  else if (runnable) c.next = fmt::format("run the next candidate: `hone run --next` (#{} {})", runnable->id, runnable->name);
  else if (f.incomplete_report) c.next = "the driver decides: revise the criteria, approve more candidates, or accept";
  else c.next = "write the completion report: `hone report`";
  return c;
}

std::string render_checklist(const Checklist& c) {
  std::string out;
  auto section = [&](const std::string& title, const std::vector<Box>& boxes) {
    out += title + "\n";
    for (const Box& b : boxes)
      out += fmt::format("- [{}] {}{}\n", b.done ? "x" : " ", b.text, b.detail.empty() ? "" : "  (" + b.detail + ")");
  };
  section("Before Starting", c.before_starting);
  out += "\n";
  section("For Each Optimization (last attempt" + c.last_attempt + ")", c.each_optimization);
  out += "\n";
  section("Before Completing", c.before_completing);
  out += fmt::format("\nNext: {}\n", c.next);
  return out;
}

}  // namespace hone::loop
