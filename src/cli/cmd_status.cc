// hone status: the procedure's checklist, each box ticked from recorded facts, and what to do next.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/loop_support.h"
#include "loop/candidates.h"
#include "util/error.h"

namespace hone::cli {

namespace {

namespace fs = std::filesystem;

bool any_note(const fs::path& dir, const std::string& needle) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".md" && e.path().filename().string().find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

Action setup_status(CLI::App& /*sub*/, const GlobalOptions& g) {
  return [&g]() -> int {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    fs::path research = cfg->root / cfg->project.artifacts / "research";
    std::vector<CandidateRecord> cands = store.candidates();
    std::vector<ExperimentRecord> exps = store.experiments();
    std::vector<EventRecord> events = store.events();
    auto has_event = [&](const std::string& kind) {
      return std::any_of(events.begin(), events.end(), [&](const EventRecord& e) { return e.kind == kind; });
    };
    auto count = [&](const std::string& status) {
      return std::count_if(cands.begin(), cands.end(), [&](const auto& c) { return c.status == status; });
    };
    bool criteria = !cfg->criteria.done.empty();
    bool baseline = store.baseline("default").has_value();
    bool profiled = any_note(research, "profile") || has_event("profile");
    bool researched = any_note(research, "");
    bool listed = !cands.empty();
    bool approved = count("approved") + count("kept") + count("slow") + count("rejected") > 0;
    bool final_met = has_event("final");
    bool incomplete = has_event("incomplete");
    bool future = any_note(research, "future-optimizations");
    const ExperimentRecord* last = exps.empty() ? nullptr : &exps.back();

    auto box = [](bool b, const std::string& text, const std::string& detail = "") {
      fmt::print("- [{}] {}{}\n", b ? "x" : " ", text, detail.empty() ? "" : "  (" + detail + ")");
    };
    fmt::print("Before Starting\n");
    box(criteria, "Done criteria received from driver", criteria ? fmt::format("{} in [criteria] done", cfg->criteria.done.size()) : "");
    box(baseline, "Baseline benchmarks recorded");
    box(profiled, "Profile data collected");
    box(researched, "Research notes written");
    box(listed, "Optimization list prioritized", fmt::format("{} candidates", cands.size()));
    box(approved, "Driver approved the list",
        count("proposed") ? fmt::format("{} proposed awaiting approval", count("proposed")) : "");
    fmt::print("\nFor Each Optimization (last attempt{})\n",
               last ? fmt::format(": #{} attempt {}, {}", last->candidate_id, last->id,
                                  last->stage == "done" ? last->outcome : last->stage)
                    : ": none yet");
    bool measured = last && last->run_id > 0;
    bool tests = measured;  // measurement happens only after the tests passed
    box(last != nullptr, "Subagent spawned with full context");
    box(tests, "Tests pass after change");
    box(measured, "Benchmarks run multiple times");
    box(measured, "Results verified by parent agent (re-measured by hone)");
    box(last && last->outcome == "kept", "Commit message includes numbers");
    box(last && last->stage == "done", "Worklog updated");
    box(last && last->stage == "done", "Todo list updated");
    fmt::print("\nBefore Completing\n");
    box(final_met, "Final benchmarks match done criteria");
    box(final_met || incomplete, "All tests pass");
    box(final_met || incomplete, "Worklog has final summary");
    box(final_met || future, "Future optimizations documented");
    box(final_met || incomplete, "Driver notified of completion");

    std::string next;
    std::optional<CandidateRecord> runnable;
    try {
      runnable = loop::next_runnable(cands);
    } catch (const Error&) {
    }
    if (final_met) next = "done: the final report is in the worklog";
    else if (!criteria) next = fmt::format("write the done criteria into [criteria] done in {}", cfg->file.string());
    else if (!baseline) next = "record the baseline: `hone baseline`";
    else if (!profiled) next = "profile the hottest benchmark: `hone profile BENCH`";
    else if (!listed) next = "add optimization candidates: `hone candidate add NAME --proposed ...`";
    else if (!approved || (count("proposed") && !runnable)) next = "the driver approves candidates: `hone candidate approve ID...`";
    else if (runnable) next = fmt::format("run the next candidate: `hone run --next` (#{} {})", runnable->id, runnable->name);
    else if (incomplete) next = "the driver decides: revise the criteria, approve more candidates, or accept";
    else next = "write the completion report: `hone report`";
    fmt::print("\nNext: {}\n", next);
    return 0;
  };
}

}  // namespace hone::cli
