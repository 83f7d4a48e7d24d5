#pragma once
// The wiring of the optimization loop (`hone run`, `try`, `finish`, `report`): git, the agent
// process, the store and the worklog around the pure decisions of src/loop. Reads top to bottom
// like the procedure: prepare (2.1), agent (2.2), verify and decide (2.3–2.5), record, report (4).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "criteria/criteria.h"
#include "git/lock.h"
#include "git/repo.h"
#include "loop/decide.h"
#include "loop/prompt.h"
#include "project/project.h"
#include "project/revisions.h"
#include "store/store.h"

namespace hone::loop {

// Held while a loop command works on a repository (git/lock.h): a second one is refused with
// a message naming the first.
class LoopLock {
 public:
  LoopLock(const std::filesystem::path& repo, const std::string& command)
      : lock_(git::GitRepo(repo).common(), repo, command) {}

 private:
  git::LoopLock lock_;
};

struct LoopContext {
  Config cfg;
  Store* store = nullptr;
  std::filesystem::path repo;      // the repository top
  std::filesystem::path subdir;    // hone.toml's folder relative to the top ("" = the top)
  std::shared_ptr<git::Repo> git;  // the repository, every git call of the loop goes through it
  MeasureFlags flags;
  bool allow_bench_changes = false;
  std::string baseline = "default";  // the stored baseline 'vs baseline' clauses fall back on
};

LoopContext loop_context(const Config& cfg, Store& store);

CandidateRecord candidate_or_fail(Store& store, int64_t id);

// Finishes or cleans up attempts a killed hone left behind; returns a line per attempt handled.
std::vector<std::string> recover_attempts(LoopContext& ctx);

// The rendered prompt of a candidate, for `hone prompt` (paths as a real attempt would use).
std::string candidate_prompt(LoopContext& ctx, const CandidateRecord& c, const std::string& worktree,
                             const std::string& branch, const std::string& report_file);
// `hone prompt N`: the prompt of candidate N's next attempt, with the worktree, branch and report
// file that attempt will use.
loop::PromptView prompt_preview(LoopContext& ctx, const CandidateRecord& c);

struct AttemptResult {
  int64_t experiment = 0;
  loop::Decision decision;
  bool criteria_met = false;
  bool interrupted = false;
  std::string still_open;  // a person's attempt that failed verification: why it stays open
};

// Base checks, the attempt's branch and worktree, the prompt. mode: "agent" or "human".
ExperimentRecord prepare_attempt(LoopContext& ctx, const CandidateRecord& c, const std::string& mode);
struct AgentOutcome {
  std::string failure;       // "" when the agent finished with status 0, else why not
  bool interrupted = false;  // Ctrl-C: the agent's process group was killed, the attempt closed
};
// Runs the agent command in the attempt's worktree, with a timeout and Ctrl-C handling.
AgentOutcome run_agent(LoopContext& ctx, ExperimentRecord& e, const CandidateRecord& c);
// Verification, decision, git, worklog. agent_failure: from run_agent.
AttemptResult verify_and_decide(LoopContext& ctx, ExperimentRecord& e, const std::string& agent_failure);

// One interleaved run: ours at `before` and at `after`, and every competitor command target
// (run from the `before` checkout, so relative inputs resolve there); the done criteria judged
// with `after` standing for ours.
struct PairMeasurement {
  Analysis analysis;
  std::vector<loop::BenchResult> results;  // after against before, per benchmark
  int64_t run_id = 0;
  bool interrupted = false;
  std::optional<bool> criteria_met;  // nullopt: no criteria configured
  std::string criteria_summary;
  std::vector<criteria::Result> criteria_results;  // one per [criteria] done sentence, in order
  // 'vs baseline' clauses were judged on this run's own before → after (before is the baseline's
  // commit), paired, rather than on the stored baseline run.
  bool baseline_paired = false;
};
// layout_only: a pair of layout variants (loop::LayoutMeasured): ours at both revisions only, no
// competitors and no criteria.
PairMeasurement measure_pair(LoopContext& ctx, const Revision& before, const Revision& after, const std::string& label,
                             bool layout_only = false);

// <artifacts>/research: lessons and future-optimizations notes.
std::filesystem::path research_dir(const LoopContext& ctx);

// 4.1 / 4.2: measures the start of the loop against main's head and writes the final report (met)
// or the incomplete one with research/NN-future-optimizations.md. met_known: the caller already
// knows (from an attempt's measurement) whether the criteria are met; else the final measurement
// judges. Returns the worklog body; *met_out says which report it is.
std::string write_completion_report(LoopContext& ctx, bool met_known, bool met, bool* met_out = nullptr);
// Ours at `start` against ours at main's head, built and measured in one interleaved run with
// the competitors, the done criteria judged on it (`vs baseline` paired when `start` is the
// baseline's commit). `what` names it on stderr, `run_label` in `hone runs`.
// The start of `hone criteria --measure`: the commit the baseline was measured at, else the
// loop's first base; an error when neither exists or the baseline was measured on uncommitted
// changes.
std::string criteria_start(LoopContext& ctx, const std::string& baseline);
// The end those measure, for messages: "master's head" (the checkout's branch), or "the checkout's
// head" on a detached HEAD.
std::string head_name(LoopContext& ctx);
PairMeasurement measure_start_end(LoopContext& ctx, const std::string& start, const std::string& what,
                                  const std::string& run_label);
// `hone report --html`: the report just written as one HTML page (report/html.h): its final
// measurement (start -> end), the loop's attempts, the trends along HEAD's history, the flame graphs.
void write_report_page(LoopContext& ctx, bool met, const std::filesystem::path& file);

}  // namespace hone::loop
