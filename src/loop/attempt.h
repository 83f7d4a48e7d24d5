#pragma once
// One attempt verified and decided (procedure 2.3–2.5), in the procedure's order: collect the
// change and review it, build, test, measure against the base, check the claims, decide, act.
// Everything that touches the world (git, the build, the tests, the measurement) goes through
// AttemptWorld, so the sequence is unit-tested with a fake (attempt_test.cc); loop/driver.cc
// implements it with real git worktrees and measurement sessions.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "loop/agent_report.h"
#include "loop/decide.h"
#include "loop/review.h"
#include "loop/texts.h"
#include "util/metric.h"

namespace hone::loop {

// The interleaved measurement of base against attempt, and the done criteria judged on it.
struct Measured {
  std::vector<BenchResult> results;
  std::optional<bool> criteria_met;  // nullopt: no criteria configured
  std::string criteria_summary;
  int64_t run_id = 0;
  bool interrupted = false;  // Ctrl-C while measuring
};

// The pairs measured again at each [layout] variant: base and attempt built with the variant,
// measured interleaved; one list of results per variant, in [layout] order.
struct LayoutMeasured {
  std::vector<std::vector<BenchResult>> variants;
  bool interrupted = false;  // Ctrl-C while measuring
};

struct AttemptOutcome;

// What became of a kept decision: the verified commit, and where it is.
struct Kept {
  std::string commit;
  std::string branch;   // the branch holding it
  std::string refused;  // "" when the loop's branch now has it; else why hone did not move it
};

class AttemptWorld {
 public:
  virtual ~AttemptWorld() = default;
  // Commits whatever the agent left on the attempt's branch; the diff against the base, reviewed.
  virtual DiffReview collect_changes() = 0;
  virtual std::string build() = 0;  // "" when it built, else why not
  virtual std::string test() = 0;   // "" when the tests passed, else why not
  virtual Measured measure() = 0;
  // Base and attempt built at every layout variant and measured pairwise (only called when the
  // project declares [layout] and the measurement credits a gain).
  virtual LayoutMeasured measure_layouts() { return {}; }
  // Called once the decision is made, before anything is changed: the record must say what is
  // about to happen, so a hone killed half-way can finish or undo it.
  virtual void decided(const AttemptOutcome& o) = 0;
  // kept: the attempt squashed into one commit with this message, kept on the branch the loop
  // started from unless that moved, the checkout switched or is unclean (then refused).
  virtual Kept commit_to_main(const std::string& message) = 0;
  // slow: the branch renamed to its slow- name (returned); lessons note written (path returned).
  virtual std::string park_slow() = 0;
  virtual std::string write_lessons(const std::string& text) = 0;
  // rejected: the worktree and branch stay for inspection; returns the branch.
  virtual std::string keep_for_inspection() = 0;
};

struct AttemptInputs {
  int64_t candidate_id = 0;
  std::string name, proposed;
  std::string agent_failure;  // from running the agent; "" when it finished
  ReportOutcome report;
  bool allow_bench_changes = false;
  // A person's attempt (`hone try`): a verification that rejects it (nothing changed, a hazard,
  // the build or tests failing, a flagged diff) decides nothing and leaves it open, to be fixed
  // in its worktree and `hone finish` run again (or `hone abandon`).
  bool fixable = false;
  double regression = 0.05;
  double threshold = 0.01;
  Metric metric = Metric::wall;
  // Benchmarks named only as "held-out #N" in what the repository and later agents read (the
  // commit message, the lessons note); the decision and the worklog use every name.
  std::set<std::string> held_out;
  size_t layout_variants = 0;  // [layout] variants declared; 0 = none
};

struct AttemptOutcome {
  Decision decision;
  Measured measured;
  std::vector<ClaimCheck> claims;
  std::vector<LayoutResult> layout;  // the gains measured across the layout variants, if any
  DiffReview review;
  bool interrupted = false;  // measuring was interrupted: nothing decided, nothing changed
  // fixable: why the attempt stays open (nothing decided, recorded as decided, or changed)
  std::string still_open;
  std::string commit, branch, lessons;
  AttemptEntry entry;  // the worklog entry (2.3)
};

AttemptOutcome run_attempt(AttemptWorld& world, const AttemptInputs& in);

}  // namespace hone::loop
