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
  double stddev = 0;  // sample standard deviation (n-1); 0 when n < 2
  double mad = 0;     // median absolute deviation, scaled by 1.4826 (consistent with sigma)
  double cv = 0;      // stddev / mean; 0 when mean == 0
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
Interval bootstrap_median_ci(std::span<const double> xs, uint64_t seed, int resamples = 2000,
                             double confidence = 0.95);

struct RatioEstimate {
  double ratio = 1;  // median(candidate) / median(baseline)
  Interval ci;       // bootstrap percentile interval of that ratio
};

// Ratio of medians, candidate / baseline, with a seeded bootstrap CI. When paired is true the
// two spans have equal length and element i of both came from the same round: rounds are
// resampled jointly, so drift that hit both sides alike cancels. When all values of both sides
// are identical (a deterministic metric), the CI collapses to the exact ratio.
// Throws hone::Error on an empty side, unequal lengths when paired, or a value that is not
// finite and positive (a ratio of times or counts needs both).
RatioEstimate ratio_of_medians(std::span<const double> baseline, std::span<const double> candidate,
                               bool paired, uint64_t seed, int resamples = 2000,
                               double confidence = 0.95);

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
  double value = 1;  // geometric mean of the per-pair ratios of medians
  Interval ci;       // bootstrap: every pair resampled independently in each replicate
};
// Throws hone::Error when pairs is empty or any pair is invalid for ratio_of_medians.
GeoMean geometric_mean_ratio(std::span<const Pair> pairs, uint64_t seed, int resamples = 2000,
                             double confidence = 0.95);

}  // namespace hone::stats
