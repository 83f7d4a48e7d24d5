#pragma once
// The parent's verdict on an attempt (procedure 2.3–2.5): claims checked against the measured
// confidence intervals, then kept / slow / rejected with the reason in words. Pure.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "loop/agent_report.h"
#include "loop/review.h"
#include "stats/sequential.h"
#include "stats/stats.h"

namespace hone::loop {

// One benchmark of the verification run: base (before) against the attempt (after), measured
// interleaved. Values in the metric's unit (seconds for time metrics).
struct BenchResult {
  std::string benchmark;
  double before = 0, after = 0;  // medians
  stats::Interval before_ci, after_ci;
  stats::RatioEstimate ratio;  // after / before: the paired ratio with its 95% CI
  // One-sided p-value of "after / before < 1 - threshold" (stats::p_below): the keep rule's
  // Hochberg step over the benchmarks.
  double p_faster = 1;
  // The unit of before/after for a reported metric ("s" when the harness reported a time, "B",
  // or the harness's own word); empty for the other metrics, whose unit the metric names.
  std::string unit = {};
};

// A claimed ratio is believed when it points the way the measurement does with confidence (a
// claimed speedup needs a CI wholly below 1, a claimed slowdown one wholly above) and lies within
// the measured CI widened by this much on either side: the agent measured on its own runs, with
// its own noise, so an honest claim lands near the CI but rarely exactly inside it; a fabricated
// one (2x for a no-op) lands far outside. A claim of after_ms alone is checked against the
// after median's CI, widened likewise.
inline constexpr double kClaimTolerance = 0.10;

struct ClaimCheck {
  std::string benchmark;
  Claim claim;
  bool verified = false;
  std::string why;  // "claimed 2.00x faster (…); measured 1.00x faster [0.99x, 1.01x] (paired ratio, 95% CI)"
};

// How claims in milliseconds relate to what hone measured.
enum class ClaimUnits {
  time,         // wall or cpu seconds: ratios and after_ms both checkable
  ratios_only,  // a harness's own numbers (metric "reported"): a before → after ratio is
                // unit-free and checkable; after_ms alone is not (the harness's unit is unknown)
  none,         // counts (instructions, bytes): not checkable
};
// Claims that cannot be checked are reported as unverified with the reason.
std::vector<ClaimCheck> check_claims(const std::map<std::string, Claim>& claims,
                                     const std::vector<BenchResult>& results, ClaimUnits units);

// One benchmark measured across the project's layout variants ([layout], Stabilizer-style:
// Curtsinger & Berger, "STABILIZER: statistically sound performance evaluation", ASPLOS 2013):
// base and attempt each built once per variant, each pair measured interleaved. A gain that
// comes from where the change happened to put the hot code, not from what the code does,
// moves from variant to variant; a real one holds in every layout.
struct LayoutResult {
  std::string benchmark;
  std::vector<stats::RatioEstimate> variants;  // after / before at each variant, in [layout] order
  // The geometric mean of the variants' ratios, with a t interval (N - 1 degrees of freedom) of
  // their logs at kSequentialConfidence: the layouts are the sample, so the spread between them
  // (which holds each variant's own noise too) is what the gain must clear.
  stats::RatioEstimate across;
};
// Combines the per-variant ratios of one benchmark (at least 2).
LayoutResult across_layouts(const std::string& benchmark, const std::vector<stats::RatioEstimate>& variants);

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
  // Measured across the [layout] variants (empty: none declared, or no gain to check): a gain is
  // credited only when the slow end of its `across` interval also lies below 1 - threshold.
  std::vector<LayoutResult> layout;
};

// The keep rule (procedure 2.5; docs/loop.md "Keep or park"): the burden of proof is on the
// change.
//   - A benchmark is credited as improved when it is faster by more than `threshold` with
//     confidence: its CI's slow end below 1 - threshold, and its one-sided p-value rejected by
//     Hochberg's step-up procedure over all k benchmarks at kKeepAlpha (so noise alone makes
//     some benchmark look faster at most 1 time in 50, whatever k).
//   - Every other benchmark must be shown within the regression bound: its CI's slow end at
//     most 1 + regression. One whose whole CI lies beyond it regressed; one whose CI straddles
//     it is not yet shown (the measurement goes on while the budget lasts, stats::keep_question).
//   - With layout variants measured (facts.layout), a gain is credited only when it holds
//     across them too; one that does not is "within layout noise", with the numbers.
//   - Kept: something improved, nothing regressed, everything else shown within the bound.
//     Mixed (improved, and something regressed or not shown): kept only when the done criteria
//     accept it, and the trade-off is written down. Otherwise parked: slow, or unsure when only
//     unshown benchmarks stood in the way.
struct Decision {
  enum Outcome { kept, slow, rejected } outcome = rejected;
  std::string reason;
  bool mixed = false;
  bool unsure = false;  // parked because the measurement could not show a benchmark within the bound
  std::vector<std::string> improved, regressed, unshown;  // benchmark names
  // Gains the measurement showed on the builds as they are, but that did not hold across the
  // layout variants: "within layout noise", not credited.
  std::vector<std::string> layout_noise;
};

// The family-wise level of the Hochberg step: one side of the interval an adaptive run reports
// (stats::kSequentialConfidence, 96%: 2%).
inline constexpr double kKeepAlpha = (1 - stats::kSequentialConfidence) / 2;

const char* outcome_name(Decision::Outcome o);

// The results as an attempt's agent may read them (commit messages, lessons notes): each
// benchmark in `held_out` renamed "held-out #1", "held-out #2"... in order, its numbers kept, so
// the next agent learns that a hidden input got slower without learning which one.
std::vector<BenchResult> mask_held_out(const std::vector<BenchResult>& results, const std::set<std::string>& held_out);
Decision decide(const AttemptFacts& f);

}  // namespace hone::loop
