#pragma once
// Statistics for benchmark samples. Pure functions of their inputs (and a seed): no I/O,
// no clocks, no formatting beyond describe(). Reference values in stats_test.cc were
// computed independently (see the comments there).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "util/random.h"

namespace hone::stats {

using hone::Rng;

struct Summary {
  size_t n = 0;
  double min = 0, max = 0, median = 0, mean = 0;
  double stddev = 0;    // sample standard deviation (n-1); 0 when n < 2
  double mad = 0;       // median absolute deviation, scaled by 1.4826 (consistent with sigma)
  double cv = 0;        // stddev / mean; 0 when mean == 0
  size_t outliers = 0;  // samples farther than 3 scaled MADs from the median (MAD 0: any off it)
};
// Throws hone::Error on an empty sample set or a non-finite value.
Summary summarize(std::span<const double> xs);

double median(std::vector<double> xs);  // by value: it partially sorts its copy; throws when empty

struct Interval {
  double lo = 0, hi = 0;
  bool contains(double x) const { return lo <= x && x <= hi; }
};

// Bootstrap (percentile) confidence interval of the median of xs. Seeded: same inputs, same CI.
Interval bootstrap_median_ci(std::span<const double> xs, uint64_t seed, int resamples = 2000, double confidence = 0.95);

struct RatioEstimate {
  double ratio = 1;  // candidate / baseline (see compare_ratio for which estimate)
  Interval ci;       // its confidence interval
  // The confidence the interval really has: the level asked for, or less when there are too few
  // rounds to reach it (a paired interval from 5 rounds is at most 93.75%); 1 when exact.
  double level = 0;
};

// The level of hone's verdicts: an interval from a run of fixed length (or two stored runs) is a
// 95% interval. An adaptive run, which may stop early, splits the 5% (stats/sequential.h):
// its intervals are computed at kSequentialConfidence.
inline constexpr double kConfidence = 0.95;

// Candidate against baseline, the estimate every table, verdict and stop rule uses:
// paired_ratio when the samples are paired by round, else ratio_of_medians.
RatioEstimate compare_ratio(std::span<const double> baseline, std::span<const double> candidate, bool paired,
                            uint64_t seed, int resamples = 2000, double confidence = 0.95);

// Paired samples (element i of both spans measured in the same interleaved round): the
// Hodges–Lehmann estimate of the per-round log ratio d_i = log(candidate_i / baseline_i) — the
// median of the Walsh averages (d_i + d_j) / 2, i <= j — with the distribution-free confidence
// interval that inverts the Wilcoxon signed-rank test (exact null distribution up to 100 rounds,
// the normal approximation beyond), mapped back by exp. Drift that hits both runs of a round
// cancels in d_i, and the estimator keeps ~95% of the mean's efficiency on normal noise while
// shrugging off outliers. No resampling: same inputs, same interval. When every d_i is equal
// (a deterministic metric) the interval collapses to the exact ratio. With fewer than 6 rounds
// the 95% level is not reachable; the interval is then [min d, max d] (93.75% at 5 rounds).
// Throws hone::Error on unequal lengths, an empty side or a value that is not finite and
// positive.
RatioEstimate paired_ratio(std::span<const double> baseline, std::span<const double> candidate,
                           double confidence = 0.95);
// The same at several levels from one set of Walsh averages (the stop rule asks for two).
std::vector<RatioEstimate> paired_ratio_levels(std::span<const double> baseline, std::span<const double> candidate,
                                               std::span<const double> confidences);

// Unpaired samples (two stored runs): ratio of medians, candidate / baseline, with a seeded
// bootstrap percentile CI (each side resampled on its own). When all values of both sides are
// identical (a deterministic metric), the CI collapses to the exact ratio.
// Throws hone::Error on an empty side or a value that is not finite and positive.
RatioEstimate ratio_of_medians(std::span<const double> baseline, std::span<const double> candidate, uint64_t seed,
                               int resamples = 2000, double confidence = 0.95);

// One-sided p-value for "candidate / baseline < cut" (the candidate is faster than `cut`), the
// test the interval inverts. Paired: the Wilcoxon signed-rank test of the per-round log ratios
// shifted by log(cut) (exact null distribution up to 100 rounds without ties, else the normal
// approximation with a continuity correction; rounds with a zero shifted difference are
// dropped). Unpaired: the share of bootstrap replicates of the ratio of medians at or above
// `cut` (seeded, as ratio_of_medians). Exact data (every log ratio equal, or both sides
// constant): 0 when the ratio is below the cut, else 1. Throws like compare_ratio.
double p_below(std::span<const double> baseline, std::span<const double> candidate, bool paired, double cut,
               uint64_t seed, int resamples = 2000);

// Hochberg's step-up procedure: which of the hypotheses with these p-values are rejected with
// the family-wise error rate at most alpha, for independent or positively dependent tests. With
// the p-values sorted, p(1) <= ... <= p(k): the largest i with p(i) <= alpha / (k - i + 1), and
// every hypothesis up to it. (Holm's step-down uses the same thresholds from the smallest p up
// and stops at the first failure; step-up rejects at least what Holm does: when every p is
// below alpha, all.) Same order as p.
std::vector<bool> hochberg(std::span<const double> p, double alpha);

// Two-sided Mann–Whitney U test p-value: exact distribution when both sides have at most 20
// values and no ties, otherwise the normal approximation with tie correction and continuity
// correction. Returns 1 when either side is empty.
double mann_whitney_p(std::span<const double> a, std::span<const double> b);

enum class Verdict { faster, slower, same, unsure };
const char* verdict_name(Verdict v);

struct Judgement {
  Verdict verdict = Verdict::unsure;
  bool negligible = false;  // slower/faster, but the whole CI lies within ±threshold
};

// Verdict of candidate against baseline from the CI of candidate/baseline:
//   CI entirely above 1 -> slower; entirely below 1 -> faster (negligible when the whole CI is
//   within [1-threshold, 1+threshold]);
//   CI contains 1 and lies within [1-threshold, 1+threshold] -> same;
//   CI contains 1 and reaches past the threshold -> unsure.
Judgement judge(Interval ratio_ci, double threshold);

// Words for a ratio and its judgement, as tables print them:
//   ratio 1.32 slower -> "1.32x slower"; 0.80 faster -> "1.25x faster";
//   below a 10% difference, percentages of the baseline, |ratio - 1|: "2.1% slower",
//   "0.4% faster, negligible";
//   same -> "same (±1%)" with the threshold; unsure -> "unsure (+0.8%)" with the point estimate.
std::string describe(double ratio, const Judgement& j, double threshold);

struct Pair {
  std::span<const double> baseline, candidate;
  bool paired = false;
};
struct GeoMean {
  double value = 1;  // geometric mean of the per-pair ratios (compare_ratio's estimates)
  Interval ci;       // per-pair intervals combined on the log scale (see geometric_mean_ratio)
};
// The geometric mean of the per-benchmark ratios, with an interval from the per-benchmark
// intervals: on the log scale each side of a pair's interval, divided by z, is that side's
// standard error; the errors of independent benchmarks add in quadrature and the mean's error
// is that sum over k (sides kept apart, so one pair gives back its own interval).
// Throws hone::Error when pairs is empty or any pair is invalid for compare_ratio.
GeoMean geometric_mean_ratio(std::span<const Pair> pairs, uint64_t seed, int resamples = 2000,
                             double confidence = 0.95);
// The same from per-benchmark estimates already made at `confidence` (an analysis's comparisons),
// so that the ratios are not estimated twice. Throws hone::Error when `estimates` is empty.
GeoMean geometric_mean_of(std::span<const RatioEstimate> estimates, double confidence = 0.95);

}  // namespace hone::stats
