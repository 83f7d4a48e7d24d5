#pragma once
// `hone check`: the CI gate. Our code at a revision (HEAD by default, or WORKTREE) against a base
// revision (one interleaved run of both builds) or a stored baseline (unpaired); a benchmark
// regressed when the CI of new/base lies wholly above 1 + the regression bound, is ok when it lies
// wholly at or below it, and is unsure otherwise.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "report/analysis.h"
#include "store/store.h"

namespace hone {

enum class Gate { clean, regressed, unsure };

// "ok", "REGRESSED", "unsure".
const char* gate_word(Gate g);
Gate judge_regression(const stats::Interval& ci, double bound);

struct GateRow {
  std::string benchmark;
  std::optional<double> base_median, head_median;  // of the metric's values
  stats::RatioEstimate estimate;
  Gate gate = Gate::unsure;
};

struct CheckRequest {
  std::string base;      // a revision measured interleaved with `rev`; "" = a stored baseline
  std::string baseline;  // the stored baseline's name ("" = "default") when base is ""
  std::string rev = "HEAD";
  std::string target;                // "" = project.ours
  std::vector<std::string> benches;  // "" = every benchmark
  MeasureConfig measure;             // the flags applied
  bool fixed_runs = false;
  double bound = 0.05;  // the regression bound
  bool any_machine = false;
  std::string store_name;  // for errors: the store's path or URL
};

struct CheckResult {
  Analysis analysis;
  std::vector<GateRow> rows;  // one per benchmark measured on both sides
  Gate overall = Gate::clean;
  std::string base_name, head_name;  // "ours@HEAD~1", "ours@baseline"...
  bool paired = false;               // --base: one interleaved run
  bool interrupted = false;
  std::string load_warning;  // a stored baseline measured under clearly different load
};

// Builds what it must, measures until each benchmark is decided against the bound (or the budget
// ends) and judges. Throws hone::Error on bad requests, naming the value at fault.
CheckResult run_check(const Config& cfg, Store& store, const CheckRequest& req);

// The markdown summary for a pull-request comment.
std::string check_summary_markdown(const CheckResult& r, double bound);

}  // namespace hone
