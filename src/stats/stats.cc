#include "stats/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>

#include "stats/walsh.h"
#include "util/error.h"

namespace hone::stats {

// ---- Helpers ---------------------------------------------------------------------------------

namespace {

void check_finite(std::span<const double> xs, const char* what) {
  for (double x : xs)
    if (!std::isfinite(x)) fail("{}: sample value {} is not a finite number", what, x);
}

void check_ratio_side(std::span<const double> xs, const char* what, const char* side) {
  if (xs.empty()) fail("{}: the {} has no samples", what, side);
  for (double x : xs)
    if (!std::isfinite(x) || x <= 0)
      fail("{}: {} value {} is not a positive finite number (a ratio needs positive values)", what, side, x);
}

void check_bootstrap_args(int resamples, double confidence, const char* what) {
  if (resamples < 1) fail("{}: resamples must be at least 1, not {}", what, resamples);
  if (!(confidence > 0 && confidence < 1))
    fail("{}: confidence must lie strictly between 0 and 1, not {}", what, confidence);
}

bool is_constant(std::span<const double> xs) {
  auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
  return *lo == *hi;
}

// Percentile interval over the bootstrap replicates, with linear interpolation between order
// statistics (Hyndman & Fan type 7, numpy's default). Sorts reps.
Interval percentile_interval(std::vector<double>& reps, double confidence) {
  std::sort(reps.begin(), reps.end());
  const double alpha = (1 - confidence) / 2;
  auto q = [&](double p) {
    const double h = static_cast<double>(reps.size() - 1) * p;
    const auto i = static_cast<size_t>(std::floor(h));
    if (i + 1 >= reps.size()) return reps.back();
    return reps[i] + (h - static_cast<double>(i)) * (reps[i + 1] - reps[i]);
  };
  return {q(alpha), q(1 - alpha)};
}

// A resample only ever holds values of the original sample, so its median can be found by
// counting how often each sorted position was drawn and walking the counts to the middle:
// O(n) per replicate with no copying or partial sorting of values.
class ResampleMedian {
 public:
  explicit ResampleMedian(std::span<const double> xs) : sorted_(xs.begin(), xs.end()), counts_(xs.size(), 0) {
    std::sort(sorted_.begin(), sorted_.end());
  }
  size_t size() const { return sorted_.size(); }
  // Draw any element uniformly: its sorted position will do.
  void add_random(Rng& rng) { ++counts_[rng.below(sorted_.size())]; }
  // Median of the values drawn since the last call (exactly size() of them); resets the counts.
  double take_median() {
    const size_t n = sorted_.size(), k1 = (n - 1) / 2, k2 = n / 2;
    size_t cum = 0;
    double v1 = 0, v2 = 0;
    bool have1 = false;
    for (size_t p = 0; p < n; ++p) {
      cum += counts_[p];
      if (!have1 && cum > k1) {
        v1 = sorted_[p];
        have1 = true;
      }
      if (cum > k2) {
        v2 = sorted_[p];
        break;
      }
    }
    std::fill(counts_.begin(), counts_.end(), 0);
    return n % 2 ? v2 : (v1 + v2) / 2;
  }

 private:
  std::vector<double> sorted_;
  std::vector<uint32_t> counts_;
};

// Bootstrap replicates of the ratio of medians of two independent samples.
class RatioResampler {
 public:
  RatioResampler(std::span<const double> baseline, std::span<const double> candidate)
      : base_(baseline), cand_(candidate) {}
  double replicate(Rng& rng) {
    for (size_t i = 0; i < base_.size(); ++i) base_.add_random(rng);
    for (size_t i = 0; i < cand_.size(); ++i) cand_.add_random(rng);
    const double b = base_.take_median();
    return cand_.take_median() / b;
  }

 private:
  ResampleMedian base_, cand_;
};

// The standard normal quantile: the z with P(Z <= z) = p, by bisection on erfc (60 halvings
// of [-40, 40] leave an error far below a double's resolution at the z values used here).
double normal_quantile(double p) {
  double lo = -40, hi = 40;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// The null distribution of the Wilcoxon signed-rank statistic W+ for n pairs: P(W+ = s) for
// s = 0..n(n+1)/2, by dynamic programming over the 2^n equally likely sign patterns. Cached per n:
// the stop rule asks after every round.
const std::vector<double>& signed_rank_pmf(size_t n) {
  static thread_local std::map<size_t, std::vector<double>> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const size_t total = n * (n + 1) / 2;
  std::vector<double> p(total + 1, 0.0);  // p[s] = P(W+ = s) for ranks 1..i
  p[0] = 1;
  for (size_t i = 1; i <= n; ++i) {
    const size_t top = i * (i + 1) / 2;
    for (size_t s = top; s >= i; --s) p[s] = (p[s] + p[s - i]) / 2;
    for (size_t s = i; s-- > 0;) p[s] /= 2;
  }
  return cache.emplace(n, std::move(p)).first->second;
}

// The sums d_i + d_j (i <= j) of sorted values, as floating-point additions give them, and their
// order statistics without storing all n(n+1)/2 of them (10,000 rounds would take 400 MB and
// seconds): a bisection on the value, counting the sums at or below it with two pointers (O(n)
// each: a rounded sum grows with either operand), until few enough sums lie between the bounds to select among them
// directly. The result is the very double a sort of all the sums would give.
class WalshSums {
 public:
  explicit WalshSums(std::span<const double> sorted) : d_(sorted) {}
  size_t size() const { return d_.size() * (d_.size() + 1) / 2; }

  // The (k+1)-th smallest sum, given the k-th, x: x again when more than k + 1 sums are at or
  // below it, else the smallest sum above it (two O(n) passes instead of another selection).
  double next(double x, size_t k) const {
    if (count_at_or_below(x) > k + 1) return x;
    const size_t n = d_.size();
    double best = INFINITY;
    size_t j = n;  // the first j >= i with d_i + d_j > x, found from the top as i grows
    for (size_t i = 0; i < n; ++i) {
      if (j < i) j = i;
      while (j > i && d_[i] + d_[j - 1] > x) --j;
      if (j < n && d_[i] + d_[j] > x) best = std::min(best, d_[i] + d_[j]);
    }
    return best;
  }

  // The k-th smallest sum, from 0.
  double nth(size_t k) const {
    const size_t n = d_.size();
    double lo = std::nextafter(d_.front() + d_.front(), -INFINITY);  // no sum at or below it
    double hi = d_.back() + d_.back();                               // every sum at or below it
    size_t below_lo = 0, below_hi = size();
    int steps = 0;
    while (below_hi - below_lo > std::max<size_t>(n, 64)) {
      const uint64_t a = key(lo), b = key(hi);
      if (b - a <= 1) return hi;  // nothing lies strictly between: every sum in (lo, hi] is hi
      // For the first steps, the value where the count would reach a third of n below k (even
      // steps) or above it (odd), interpolated between the bounds: on smooth data both bounds
      // close in within a few steps. Then the middle bit pattern, which halves what is left of the
      // 2^64 doubles: at most 32 + 64 steps whatever the data.
      double mid = NAN;
      if (steps < 32) {
        const double third = static_cast<double>(n) / 3, kd = static_cast<double>(k);
        const double target = steps % 2 ? kd + third : kd - third;
        const double f = std::clamp((target - static_cast<double>(below_lo)) / static_cast<double>(below_hi - below_lo),
                                    1.0 / 64, 63.0 / 64);
        mid = lo + (hi - lo) * f;
      }
      ++steps;
      if (!(mid > lo && mid < hi)) mid = value(a + (b - a) / 2);
      const size_t c = count_at_or_below(mid);
      (c > k ? hi : lo) = mid;
      (c > k ? below_hi : below_lo) = c;
    }
    std::vector<double> between;  // the sums in (lo, hi]
    between.reserve(below_hi - below_lo);
    size_t j_lo = n, j_hi = n;  // past the last j with d_i + d_j <= lo (<= hi)
    for (size_t i = 0; i < n; ++i) {
      while (j_hi > i && d_[i] + d_[j_hi - 1] > hi) --j_hi;
      while (j_lo > i && d_[i] + d_[j_lo - 1] > lo) --j_lo;
      if (j_hi <= i) break;
      for (size_t j = std::max(j_lo, i); j < j_hi; ++j) between.push_back(d_[i] + d_[j]);
    }
    const size_t r = k - below_lo;
    std::nth_element(between.begin(), between.begin() + static_cast<ptrdiff_t>(r), between.end());
    return between[r];
  }

 private:
  // The sums at or below v.
  size_t count_at_or_below(double v) const {
    const size_t n = d_.size();
    size_t count = 0, j = n;  // past the last j with d_i + d_j <= v
    for (size_t i = 0; i < n; ++i) {
      while (j > i && d_[i] + d_[j - 1] > v) --j;
      if (j <= i) break;
      count += j - i;
    }
    return count;
  }
  // Finite doubles in order as unsigned integers, and back.
  static uint64_t key(double x) {
    const uint64_t bits = std::bit_cast<uint64_t>(x);
    return bits >> 63 ? ~bits : bits | (uint64_t{1} << 63);
  }
  static double value(uint64_t k) { return std::bit_cast<double>(k >> 63 ? k & ~(uint64_t{1} << 63) : ~k); }

  std::span<const double> d_;
};

// Past this many samples the median's CI is the order-statistic interval (bootstrap_median_ci).
constexpr size_t kOrderStatisticMedianFrom = 1000;

struct Cut {
  size_t c = 1;      // Walsh averages dropped from each end
  double level = 0;  // the confidence of the interval that leaves
};

// The number c of Walsh averages to cut from each end for a confidence interval at level
// `confidence` from n paired differences: the largest c with P(W+ <= c - 1) <= alpha / 2 under
// the null distribution of the Wilcoxon signed-rank statistic W+ (exact up to 100 pairs;
// normal approximation beyond). At least 1, so that the interval is always [a Walsh average, a
// Walsh average]; the level is then what that interval really has (93.75% at 5 pairs).
Cut signed_rank_cut(size_t n, double confidence) {
  const double alpha = 1 - confidence;
  const size_t total = n * (n + 1) / 2;
  Cut cut;
  if (n <= 100) {
    const std::vector<double>& p = signed_rank_pmf(n);
    size_t c = 0;
    double cum = 0;  // P(W+ <= c - 1)
    while (c < total && cum + p[c] <= alpha / 2) cum += p[c++];
    if (c == 0) {
      c = 1;
      cum = p[0];
    }
    cut.c = c;
    cut.level = 1 - 2 * cum;
  } else {
    const double dn = static_cast<double>(n);
    const double mean = dn * (dn + 1) / 4, sd = std::sqrt(dn * (dn + 1) * (2 * dn + 1) / 24);
    cut.c =
        std::max<size_t>(1, static_cast<size_t>(std::max(0.0, std::floor(mean - normal_quantile(1 - alpha / 2) * sd))));
    cut.level = confidence;
  }
  return cut;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

void check_pair(std::span<const double> baseline, std::span<const double> candidate, bool paired, const char* what) {
  check_ratio_side(baseline, what, "baseline");
  check_ratio_side(candidate, what, "candidate");
  if (paired && baseline.size() != candidate.size())
    fail("{}: paired samples need equal lengths, but the baseline has {} and the candidate {}", what, baseline.size(),
         candidate.size());
}

}  // namespace

// ---- Summaries -------------------------------------------------------------------------------

double median(std::vector<double> xs) {
  if (xs.empty()) fail("median of an empty sample set");
  const size_t k = xs.size() / 2;
  std::nth_element(xs.begin(), xs.begin() + static_cast<ptrdiff_t>(k), xs.end());
  const double upper = xs[k];
  if (xs.size() % 2) return upper;
  const double lower = *std::max_element(xs.begin(), xs.begin() + static_cast<ptrdiff_t>(k));
  return (lower + upper) / 2;
}

Summary summarize(std::span<const double> xs) {
  if (xs.empty()) fail("summary of an empty sample set");
  check_finite(xs, "summary");
  Summary s;
  s.n = xs.size();
  auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
  s.min = *lo;
  s.max = *hi;
  std::vector<double> v(xs.begin(), xs.end());
  s.median = median(v);
  s.mean = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(s.n);
  if (s.n >= 2) {
    double ss = 0;
    for (double x : xs) ss += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(ss / static_cast<double>(s.n - 1));
  }
  for (size_t i = 0; i < v.size(); ++i) v[i] = std::abs(xs[i] - s.median);
  s.mad = 1.4826 * median(std::move(v));
  s.cv = s.mean == 0 ? 0 : s.stddev / s.mean;
  for (double x : xs)
    if (std::abs(x - s.median) > 3 * s.mad) ++s.outliers;
  return s;
}

// ---- Bootstrap -------------------------------------------------------------------------------

Interval bootstrap_median_ci(std::span<const double> xs, uint64_t seed, int resamples, double confidence) {
  if (xs.empty()) fail("bootstrap of the median: no samples");
  check_finite(xs, "bootstrap of the median");
  check_bootstrap_args(resamples, confidence, "bootstrap of the median");
  if (is_constant(xs)) return {xs[0], xs[0]};
  if (xs.size() > kOrderStatisticMedianFrom) {
    // Order statistics x_(l) and x_(u) around the middle, l and u from Binomial(n, 1/2) (its normal
    // approximation, rounded outwards): the distribution-free interval the bootstrap's converges
    // to, without 2000 resamples of n draws (a 10,000-sample series took 0.2 s).
    const double n = static_cast<double>(xs.size());
    const double half = normal_quantile(1 - (1 - confidence) / 2) * std::sqrt(n) / 2;
    const auto l = static_cast<size_t>(std::max(1.0, std::floor(n / 2 - half)));
    const auto u = static_cast<size_t>(std::min(n, std::ceil(1 + n / 2 + half)));
    std::vector<double> v(xs.begin(), xs.end());
    std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(l - 1), v.end());
    const double lo = v[l - 1];
    std::nth_element(v.begin() + static_cast<ptrdiff_t>(l), v.begin() + static_cast<ptrdiff_t>(u - 1), v.end());
    return {lo, v[u - 1]};
  }
  ResampleMedian m(xs);
  Rng rng(seed);
  std::vector<double> reps(static_cast<size_t>(resamples));
  for (double& r : reps) {
    for (size_t i = 0; i < m.size(); ++i) m.add_random(rng);
    r = m.take_median();
  }
  return percentile_interval(reps, confidence);
}

RatioEstimate ratio_of_medians(std::span<const double> baseline, std::span<const double> candidate, uint64_t seed,
                               int resamples, double confidence) {
  constexpr const char* what = "ratio of medians";
  check_pair(baseline, candidate, false, what);
  check_bootstrap_args(resamples, confidence, what);
  RatioEstimate est;
  est.ratio = median({candidate.begin(), candidate.end()}) / median({baseline.begin(), baseline.end()});
  if (is_constant(baseline) && is_constant(candidate)) {
    est.ci = {est.ratio, est.ratio};  // deterministic metric: nothing to resample
    est.level = 1;
    return est;
  }
  RatioResampler rs(baseline, candidate);
  Rng rng(seed);
  std::vector<double> reps(static_cast<size_t>(resamples));
  for (double& r : reps) r = rs.replicate(rng);
  est.ci = percentile_interval(reps, confidence);
  est.level = confidence;
  return est;
}

std::vector<RatioEstimate> paired_ratio_levels(std::span<const double> baseline, std::span<const double> candidate,
                                               std::span<const double> confidences) {
  constexpr const char* what = "paired ratio";
  check_pair(baseline, candidate, true, what);
  for (double c : confidences) check_bootstrap_args(1, c, what);
  const size_t n = baseline.size();
  std::vector<double> d(n);
  for (size_t i = 0; i < n; ++i) d[i] = std::log(candidate[i] / baseline[i]);
  std::vector<RatioEstimate> out;
  if (is_constant(d)) {
    const double r = std::exp(d[0]);
    for (size_t i = 0; i < confidences.size(); ++i) out.push_back(RatioEstimate{r, {r, r}, 1.0});
    return out;
  }
  std::sort(d.begin(), d.end());
  const WalshSums walsh(d);
  const size_t m = walsh.size();
  // Order statistics of the Walsh averages, (d_i + d_j) / 2: the sums halved (exactly).
  auto nth = [&](size_t k) { return walsh.nth(k) / 2; };
  double mid = 0;
  if (m % 2) {
    mid = nth(m / 2);
  } else {
    const double below = walsh.nth(m / 2 - 1);
    mid = (below / 2 + walsh.next(below, m / 2 - 1) / 2) / 2;
  }
  const double hl = std::exp(mid);
  for (double confidence : confidences) {
    const Cut cut = signed_rank_cut(n, confidence);
    const double lo = nth(cut.c - 1), hi = nth(m - cut.c);
    out.push_back(RatioEstimate{hl, {std::exp(lo), std::exp(hi)}, cut.level});
  }
  return out;
}

double walsh_average(std::span<const double> sorted, size_t k) {
  if (sorted.empty() || k >= sorted.size() * (sorted.size() + 1) / 2)
    fail("Walsh average {} of {} values: out of range", k, sorted.size());
  check_finite(sorted, "Walsh average");
  if (!std::is_sorted(sorted.begin(), sorted.end())) fail("Walsh average: the values are not sorted");
  return WalshSums(sorted).nth(k) / 2;
}

RatioEstimate paired_ratio(std::span<const double> baseline, std::span<const double> candidate, double confidence) {
  const double levels[] = {confidence};
  return paired_ratio_levels(baseline, candidate, levels).front();
}

RatioEstimate compare_ratio(std::span<const double> baseline, std::span<const double> candidate, bool paired,
                            uint64_t seed, int resamples, double confidence) {
  return paired ? paired_ratio(baseline, candidate, confidence)
                : ratio_of_medians(baseline, candidate, seed, resamples, confidence);
}

GeoMean geometric_mean_ratio(std::span<const Pair> pairs, uint64_t seed, int resamples, double confidence) {
  if (pairs.empty()) fail("geometric mean of ratios: no benchmarks to combine");
  std::vector<RatioEstimate> estimates;
  uint64_t i = 0;
  for (const Pair& p : pairs)
    estimates.push_back(compare_ratio(p.baseline, p.candidate, p.paired, seed + i++, resamples, confidence));
  return geometric_mean_of(estimates, confidence);
}

GeoMean geometric_mean_of(std::span<const RatioEstimate> estimates, double confidence) {
  if (estimates.empty()) fail("geometric mean of ratios: no benchmarks to combine");
  const double z = normal_quantile(1 - (1 - confidence) / 2);
  const double k = static_cast<double>(estimates.size());
  // Each side of a pair's interval on the log scale, divided by z, is that side's standard
  // error: intervals need not be symmetric, so the two sides are combined separately.
  double log_sum = 0, var_lo = 0, var_hi = 0;
  for (const RatioEstimate& e : estimates) {
    const double l = std::log(e.ratio);
    log_sum += l;
    var_lo += std::pow((l - std::log(e.ci.lo)) / z, 2);
    var_hi += std::pow((std::log(e.ci.hi) - l) / z, 2);
  }
  GeoMean g;
  const double mean = log_sum / k;
  g.value = std::exp(mean);
  g.ci = {std::exp(mean - z * std::sqrt(var_lo) / k), std::exp(mean + z * std::sqrt(var_hi) / k)};
  return g;
}

// ---- One-sided tests and multiplicity --------------------------------------------------------

double p_below(std::span<const double> baseline, std::span<const double> candidate, bool paired, double cut,
               uint64_t seed, int resamples) {
  constexpr const char* what = "one-sided test";
  check_pair(baseline, candidate, paired, what);
  check_bootstrap_args(resamples, 0.5, what);
  if (!(cut > 0) || !std::isfinite(cut)) fail("{}: the cut {} is not a positive finite ratio", what, cut);
  if (!paired) {
    if (is_constant(baseline) && is_constant(candidate)) return candidate[0] / baseline[0] < cut ? 0.0 : 1.0;
    RatioResampler rs(baseline, candidate);
    Rng rng(seed);
    size_t at_or_above = 0;
    for (int i = 0; i < resamples; ++i) at_or_above += rs.replicate(rng) >= cut;
    return static_cast<double>(at_or_above) / resamples;
  }
  std::vector<double> d(baseline.size());
  for (size_t i = 0; i < d.size(); ++i) d[i] = std::log(candidate[i] / baseline[i]);
  if (is_constant(d)) return std::exp(d[0]) < cut ? 0.0 : 1.0;
  const double shift = std::log(cut);
  std::vector<double> x;
  for (double v : d)
    if (v - shift != 0) x.push_back(v - shift);
  if (x.empty()) return 1;
  std::sort(x.begin(), x.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
  const size_t n = x.size();
  double w = 0, tie_term = 0;  // W+: the sum of the ranks of the positive differences
  bool ties = false;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && std::abs(x[j]) == std::abs(x[i])) ++j;
    const double t = static_cast<double>(j - i);
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k)
      if (x[k] > 0) w += midrank;
    if (t > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
    i = j;
  }
  if (n <= 100 && !ties) {
    const std::vector<double>& p = signed_rank_pmf(n);
    double cum = 0;
    for (size_t s = 0; s <= static_cast<size_t>(std::llround(w)); ++s) cum += p[s];
    return std::min(1.0, cum);
  }
  const double dn = static_cast<double>(n);
  const double mean = dn * (dn + 1) / 4;
  const double var = dn * (dn + 1) * (2 * dn + 1) / 24 - tie_term / 48;
  if (var <= 0) return 1;
  return normal_cdf((w - mean + 0.5) / std::sqrt(var));
}

std::vector<bool> hochberg(std::span<const double> p, double alpha) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<bool> rejected(p.size(), false);
  const size_t k = order.size();
  for (size_t i = k; i-- > 0;) {  // i: 0-based rank; threshold alpha / (k - i)
    if (p[order[i]] <= alpha / static_cast<double>(k - i)) {
      for (size_t j = 0; j <= i; ++j) rejected[order[j]] = true;
      break;
    }
  }
  return rejected;
}

// ---- Mann–Whitney ----------------------------------------------------------------------------

namespace {
// Number of ways each U value 0..m*n arises among the C(m+n, m) equally likely splits: the
// coefficients of the Gaussian binomial [m+n choose m]_q, built as the product over i of
// (1 - q^(n+i)) / (1 - q^i); each division is exact.
std::vector<int64_t> u_distribution(size_t m, size_t n) {
  std::vector<int64_t> c(m * n + m + 1, 0);
  c[0] = 1;
  for (size_t i = 1; i <= m; ++i) {
    const size_t up = n + i;
    for (size_t j = c.size() - 1; j >= up; --j) c[j] -= c[j - up];
    for (size_t j = i; j < c.size(); ++j) c[j] += c[j - i];
  }
  c.resize(m * n + 1);
  return c;
}
}  // namespace

double mann_whitney_p(std::span<const double> a, std::span<const double> b) {
  const size_t na = a.size(), nb = b.size(), n = na + nb;
  if (na == 0 || nb == 0) return 1;
  check_finite(a, "Mann-Whitney test");
  check_finite(b, "Mann-Whitney test");
  struct V {
    double x;
    bool from_a;
  };
  // Each side sorted on its own, then merged (a sort of plain doubles is the cheaper one).
  std::vector<double> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  std::vector<V> all;
  all.reserve(n);
  for (size_t i = 0, j = 0; i < na || j < nb;) {
    if (j == nb || (i < na && sa[i] <= sb[j]))
      all.push_back({sa[i++], true});
    else
      all.push_back({sb[j++], false});
  }
  double rank_sum_a = 0, tie_term = 0;
  bool ties = false;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && all[j].x == all[i].x) ++j;
    const double t = static_cast<double>(j - i);
    const double midrank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k)
      if (all[k].from_a) rank_sum_a += midrank;
    if (t > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
    i = j;
  }
  const double dna = static_cast<double>(na), dnb = static_cast<double>(nb);
  const double u_a = rank_sum_a - dna * (dna + 1) / 2;
  const double u_b = dna * dnb - u_a;

  if (na <= 20 && nb <= 20 && !ties) {
    const auto c = u_distribution(na, nb);
    const auto u = static_cast<size_t>(std::llround(std::min(u_a, u_b)));
    int64_t total = 0, below = 0;
    for (size_t k = 0; k < c.size(); ++k) {
      total += c[k];
      if (k <= u) below += c[k];
    }
    return std::min(1.0, 2 * static_cast<double>(below) / static_cast<double>(total));
  }
  const double dn = static_cast<double>(n);
  const double var = dna * dnb / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (var <= 0) return 1;  // every value tied: no evidence either way
  const double z = (std::abs(u_a - dna * dnb / 2) - 0.5) / std::sqrt(var);
  if (z <= 0) return 1;
  return std::min(1.0, std::erfc(z / std::sqrt(2.0)));
}

// ---- Verdicts --------------------------------------------------------------------------------

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::faster: return "faster";
    case Verdict::slower: return "slower";
    case Verdict::same: return "same";
    case Verdict::unsure: return "unsure";
  }
  return "?";
}

Judgement judge(Interval ci, double threshold) {
  Judgement j;
  const bool within = ci.lo >= 1 - threshold && ci.hi <= 1 + threshold;
  if (ci.lo > 1 || ci.hi < 1) {
    j.verdict = ci.lo > 1 ? Verdict::slower : Verdict::faster;
    j.negligible = within;
  } else {
    j.verdict = within ? Verdict::same : Verdict::unsure;
  }
  return j;
}

namespace {
// "2.1%", but never "0.0%" for a real, tiny difference.
std::string percent(double pct) {
  return std::abs(pct) < 0.1 && pct != 0 ? fmt::format("{:.2f}%", pct) : fmt::format("{:.1f}%", pct);
}
}  // namespace

std::string describe(double ratio, const Judgement& j, double threshold) {
  switch (j.verdict) {
    case Verdict::same: return fmt::format("same (±{:.3g}%)", threshold * 100);
    case Verdict::unsure: {
      double pct = (ratio - 1) * 100;
      if (std::abs(pct) < 0.05) pct = 0;  // no "-0.0%"
      return fmt::format("unsure ({}{})", pct >= 0 ? "+" : "", percent(pct));
    }
    case Verdict::slower:
    case Verdict::faster: {
      const bool slower = j.verdict == Verdict::slower;
      const double factor = slower ? ratio : 1 / ratio;
      std::string s = factor >= 1.1 ? fmt::format("{:.2f}x", factor) : percent(std::abs(ratio - 1) * 100);
      s += slower ? " slower" : " faster";
      if (j.negligible) s += ", negligible";
      return s;
    }
  }
  return "?";
}

}  // namespace hone::stats
