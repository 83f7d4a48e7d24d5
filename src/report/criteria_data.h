#pragma once
// The numbers the done criteria are judged on (criteria::Data), taken from analyses: ours against
// every other target of one run, and ours against the baseline, either paired in the same run
// (ours at the baseline's commit was measured beside ours now) or unpaired from a stored baseline
// run. `hone criteria`, `hone fleet collect` and the loop's judgements all read them from here.
#include <cstdint>
#include <optional>
#include <string>

#include "criteria/criteria.h"
#include "report/analysis.h"
#include "store/store.h"

namespace hone {

// ours' numbers per benchmark, and ours/X for each other target X of the analysis (inverted when
// ours was the analysis' first target, that is its reference).
criteria::Data criteria_data(const Analysis& a, const std::string& ours);

// Sets the data's `vs baseline` numbers from the comparisons of `a` that hold `ours_label` against
// `baseline_label` (ours/baseline per benchmark, and their geometric mean).
void set_vs_baseline(criteria::Data& d, const Analysis& a, const std::string& baseline_label,
                     const std::string& ours_label);

// Stored runs: `baseline_run` against `now`, ours' values only, never paired (separate runs), with
// `opts` ; `now` are ours' series of the judged run under the target's own name.
Analysis unpaired_vs_baseline(Store& store, int64_t baseline_run, const std::vector<Series>& now,
                              const std::string& ours, Metric metric, const AnalyzeOptions& opts);

// The data of stored run `run_id`, with `vs baseline` from `baseline_run` when given (exactly 1
// when it is the judged run itself).
criteria::Data stored_criteria_data(Store& store, int64_t run_id, const std::string& ours,
                                    std::optional<int64_t> baseline_run);

}  // namespace hone
