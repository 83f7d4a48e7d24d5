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
  bool done = last && last->stage == Stage::done;
  bool measured = last && last->run_id > 0;  // measuring happens only after build and tests pass
  bool finished = f.final_report || f.incomplete_report;

  Checklist c;
  c.before_starting = {
      {f.criteria > 0, "Done criteria received from driver",
       f.criteria ? fmt::format("{} in [criteria] done", f.criteria) : "", "criteria"},
      {f.baseline, "Baseline benchmarks recorded", "", "baseline"},
      {f.profiled, "Profile data collected", "", "profile"},
      {f.researched, "Research notes written", "", "research"},
      {listed, "Optimization list prioritized", fmt::format("{} candidates", f.candidates.size()), "candidates"},
      {approved, "Driver approved the list", proposed ? fmt::format("{} proposed awaiting approval", proposed) : "",
       "approved"},
  };
  const bool open = last && last->stage == Stage::human;  // `hone try`, waiting for `hone finish`
  c.last_attempt = last ? fmt::format(": #{} attempt {}, {}", last->candidate_id, last->id,
                                      last->stage == Stage::done ? outcome_name(last->outcome)
                                      : open                     ? std::string_view("open (hone try)")
                                                                 : stage_name(last->stage))
                        : ": none yet";
  c.each_optimization = {
      {last.has_value(), "Subagent spawned with full context", "", "spawned"},
      {measured, "Tests pass after change", "", "tests_pass"},
      {measured, "Benchmarks run multiple times", "", "benchmarks_run"},
      {measured, "Results verified by parent agent (re-measured by hone)", "", "verified"},
      {last && last->outcome == Outcome::kept, "Commit message includes numbers", "", "commit_numbers"},
      {done, "Worklog updated", "", "worklog"},
      {done, "Todo list updated", "", "todo"},
  };
  c.before_completing = {
      {f.final_report, "Final benchmarks match done criteria", "", "final_benchmarks"},
      {finished, "All tests pass", "", "all_tests"},
      {finished, "Worklog has final summary", "", "final_summary"},
      {f.final_report || f.future_note, "Future optimizations documented", "", "future"},
      {finished, "Driver notified of completion", "", "notified"},
  };

  std::optional<CandidateRecord> runnable;
  try {
    runnable = next_runnable(f.candidates);
  } catch (const Error&) {
    // a builds-on cycle: `hone candidate list` says which
  }
  auto step = [&c](std::string text, std::string command = "") {
    c.next = std::move(text);
    c.next_command = std::move(command);
  };
  if (open) {
    std::string failed = last->data.value("finish_failure", "");
    failed = failed.substr(0, failed.find('\n'));
    step(fmt::format("attempt {} is open in {}: {}`hone finish` it, or end it with `hone abandon`", last->id,
                     last->worktree,
                     failed.empty() ? "" : fmt::format("the last `hone finish` failed ({}); fix it, then ", failed)),
         "hone finish");
  } else if (f.final_report)
    step("done: the final report is in the worklog");
  else if (f.criteria == 0)
    step(fmt::format("write the done criteria into [criteria] done in {}", f.config_file));
  else if (!f.baseline)
    step("record the baseline: `hone baseline`", "hone baseline");
  else if (!f.profiled)
    step("profile the hottest benchmark: `hone profile BENCH`", "hone profile BENCH");
  else if (!listed)
    step("add optimization candidates: `hone candidate add NAME --proposed ...`", "hone candidate add NAME");
  else if (!approved || (proposed && !runnable))
    step("the driver approves candidates: `hone candidate approve ID...`", "hone candidate approve ID...");
  else if (runnable)
    step(fmt::format("run the next candidate: `hone run --next` (#{} {})", runnable->id, runnable->name),
         "hone run --next");
  else if (f.incomplete_report)
    step("the driver decides: revise the criteria, approve more candidates, or accept");
  else
    step("write the completion report: `hone report`", "hone report");
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

nlohmann::json status_json(const StatusFacts& f) {
  Checklist c = checklist(f);
  auto boxes = [](const std::vector<Box>& bs) {
    nlohmann::json out = nlohmann::json::array();
    for (const Box& b : bs) out.push_back({{"key", b.key}, {"done", b.done}, {"text", b.text}, {"detail", b.detail}});
    return out;
  };
  nlohmann::json counts = nlohmann::json::object();
  for (const char* s : {"proposed", "approved", "kept", "slow", "rejected", "dropped"}) counts[s] = 0;
  for (const CandidateRecord& cand : f.candidates) counts[cand.status] = counts.value(cand.status, 0) + 1;
  return {{"before_starting", boxes(c.before_starting)},
          {"each_optimization", boxes(c.each_optimization)},
          {"before_completing", boxes(c.before_completing)},
          {"last_attempt", f.last_attempt ? attempt_json(*f.last_attempt) : nlohmann::json(nullptr)},
          {"candidates", counts},
          {"next", c.next},
          {"next_command", c.next_command.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.next_command)}};
}

}  // namespace hone::loop
