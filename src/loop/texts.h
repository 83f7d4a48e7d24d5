#pragma once
// The words the loop writes: commit messages (3.3), worklog entries (2.3), lessons notes (2.4),
// the final and incomplete reports (4.1, 4.2). Pure functions of recorded facts.
#include <string>
#include <vector>

#include "loop/decide.h"
#include "util/metric.h"

namespace hone::loop {

// "52.3 ms", "1.23 G" — a value of the metric in its unit.
std::string format_metric(Metric m, double v, const std::string& unit = "");
// "1.52x faster [1.48x, 1.55x]" for a ratio after/before and its CI.
std::string format_change(const stats::RatioEstimate& r);

// | Benchmark | Before (median) | After (median) | Change: paired ratio [95% CI] | — one row per result.
std::string results_table(const std::vector<BenchResult>& results, Metric m, const std::string& before = "Before",
                          const std::string& after = "After", const std::string& change = "Change");

// Git's convention: a subject of at most 72 characters, a blank line, the body.
inline constexpr size_t kMaxSubject = 72;
// Any commit message hone writes, with its subject (first line) at most kMaxSubject characters
// (UTF-8 code points): a longer one is cut at a word boundary and ends in "...", and the whole
// line, uncut, opens the body. Trailing blanks go; a shorter subject is left as it is.
std::string fit_subject(const std::string& message);

struct CommitInfo {
  std::string name, mechanism;
  std::vector<BenchResult> results;
  Metric metric = Metric::wall;
  int64_t candidate_id = 0, run_id = 0;
  std::string tradeoff;  // a mixed result kept: what it costs, and why the criteria accept it
};
// Subject "<Name>: <mechanism>" (the mechanism, else "no mechanism reported"), cut to
// kMaxSubject with the whole line in the body (fit_subject), then the measured before → after
// table and the headline speedups.
std::string commit_message(const CommitInfo& c);

struct AttemptEntry {
  int64_t candidate_id = 0;
  std::string name;
  Decision decision;
  std::string mechanism;
  std::string review;  // review_summary
  std::vector<std::string> changed_files;
  std::vector<BenchResult> results;
  Metric metric = Metric::wall;
  std::vector<ClaimCheck> claims;
  std::string report_status;  // ok / missing / garbled, with problems
  std::vector<std::string> ideas;
  std::string commit;   // kept: the commit on main
  std::string branch;   // slow/rejected: where the attempt is kept
  std::string lessons;  // path of the lessons note
  std::string tradeoff;
};
std::string attempt_title(const AttemptEntry& e);
// The body in 2.3's format: Status, Changes, Results, Commit.
std::string attempt_body(const AttemptEntry& e);

struct LessonsInput {
  std::string name, proposed, mechanism, notes, reason;
  std::vector<BenchResult> results;
  Metric metric = Metric::wall;
  std::string branch;
  std::vector<std::string> ideas;
};
// research/NN-<slug>-lessons.md in 2.4's template, with the numbers filled in.
std::string lessons_note(const LessonsInput& in);

struct Applied {
  int64_t id = 0;
  std::string name, mechanism, commit;
};
// 4.1: Final Results (Start | End | Improvement), Optimizations Applied, Key Insights.
std::string final_report(const std::vector<BenchResult>& start_end, Metric m, const std::vector<Applied>& applied,
                         const std::vector<std::string>& insights, const std::string& criteria_summary);
struct Tried {
  int64_t id = 0;
  std::string name, outcome, reason;
};
// 4.2: the incomplete report's worklog body.
std::string incomplete_report(const std::vector<BenchResult>& start_end, Metric m, const std::vector<Applied>& applied,
                              const std::vector<Tried>& tried, const std::string& criteria_summary);
// 4.2: research/NN-future-optimizations.md.
std::string future_optimizations_note(const std::string& project, const std::vector<BenchResult>& start_end, Metric m,
                                      const std::vector<Applied>& applied, const std::vector<Tried>& tried,
                                      const std::vector<std::string>& ideas, const std::string& criteria_summary);

}  // namespace hone::loop
