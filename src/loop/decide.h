#pragma once
// The parent's verdict on an attempt (procedure 2.3–2.5): claims checked against the measured
// confidence intervals, then kept / slow / rejected with the reason in words. Pure.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "loop/agent_report.h"
#include "loop/review.h"
#include "stats/stats.h"

namespace hone::loop {

// One benchmark of the verification run: base (before) against the attempt (after), measured
// interleaved. Values in the metric's unit (seconds for time metrics).
struct BenchResult {
  std::string benchmark;
  double before = 0, after = 0;  // medians
  stats::Interval before_ci, after_ci;
  stats::RatioEstimate ratio;  // after / before
};

// A claimed number is believed when it lies within the measured CI widened by this much on
// either side: the agent measured on its own runs, with its own noise, so an honest claim lands
// near the CI but rarely exactly inside it; a fabricated one (2x for a no-op) lands far outside.
inline constexpr double kClaimTolerance = 0.10;

struct ClaimCheck {
  std::string benchmark;
  Claim claim;
  bool verified = false;
  std::string why;  // "claimed 2.00x faster; measured 1.00x [0.99x, 1.01x]"
};

// time_metric false: the claims (milliseconds) cannot be checked against counts; each is
// reported as unverified with that reason.
std::vector<ClaimCheck> check_claims(const std::map<std::string, Claim>& claims,
                                     const std::vector<BenchResult>& results, bool time_metric);

struct AttemptFacts {
  // Gates, in order; the first that failed is the reason for rejection.
  std::string agent_failure;  // "the agent timed out after 2 s"; "" = it finished
  bool no_changes = false;
  std::string build_failure;
  std::string test_failure;
  DiffReview review;
  bool allow_bench_changes = false;
  std::vector<BenchResult> results;
  double regression = 0.05;  // a kept change may slow no benchmark more than this
  double threshold = 0.01;   // a gain smaller than this does not count as an improvement
  // For a mixed result (some faster, some slower past the bound): whether the done criteria,
  // judged on the attempt's measurements, accept it; nullopt when there are none to judge by.
  std::optional<bool> criteria_accept;
  std::string criteria_summary;
};

struct Decision {
  enum Outcome { kept, slow, rejected } outcome = rejected;
  std::string reason;
  bool mixed = false;
  std::vector<std::string> improved, regressed;  // benchmark names
};

const char* outcome_name(Decision::Outcome o);
Decision decide(const AttemptFacts& f);

}  // namespace hone::loop
