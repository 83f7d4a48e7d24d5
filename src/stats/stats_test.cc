// Reference numbers below come from src/stats/reference.py (Python standard library only,
// independent of this code); each test names the line of its output it uses. Rerun it with
// `python3 src/stats/reference.py` after changing any data here.
#include "stats/stats.h"
#include "stats/walsh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "util/error.h"

namespace hone::stats {
namespace {

// Standard normal from our own generator (Box–Muller), so test data is identical everywhere.
double normal(Rng& rng) {
  const double u1 = 1 - rng.uniform(), u2 = rng.uniform();
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// ---- Rng ----

TEST(Rng, MatchesPythonPort) {
  // reference.py "RngGolden": splitmix64 seeding, xoshiro256**, Lemire's bounded draw.
  Rng a(42);
  EXPECT_EQ(a.next(), 1546998764402558742ULL);
  EXPECT_EQ(a.next(), 6990951692964543102ULL);
  EXPECT_EQ(a.next(), 12544586762248559009ULL);
  Rng b(7);
  std::vector<uint64_t> got;
  for (int i = 0; i < 10; ++i) got.push_back(b.below(10));
  EXPECT_EQ(got, (std::vector<uint64_t>{7, 2, 8, 9, 9, 8, 0, 1, 4, 1}));
}

TEST(Rng, BelowStaysInRangeAndUniformInUnitInterval) {
  Rng r(1);
  std::vector<int> hits(7, 0);
  for (int i = 0; i < 70000; ++i) ++hits[r.below(7)];
  for (int h : hits) EXPECT_NEAR(h, 10000, 500);
  EXPECT_EQ(r.below(1), 0u);
  for (int i = 0; i < 1000; ++i) {
    const double u = r.uniform();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

// ---- summarize / median ----

TEST(Summarize, MatchesPython) {
  // reference.py "SummarizeMatchesPython": statistics.median/mean/stdev,
  // MAD = 1.4826 * median(|x - median|), CV = stdev / mean, outliers |x - median| > 3 MAD.
  const std::vector<double> xs{10.2, 9.8, 10.0, 10.5, 9.9, 30.0, 10.1, 10.3};
  const Summary s = summarize(xs);
  EXPECT_EQ(s.n, 8u);
  EXPECT_EQ(s.min, 9.8);
  EXPECT_EQ(s.max, 30.0);
  EXPECT_DOUBLE_EQ(s.median, 10.149999999999999);
  EXPECT_DOUBLE_EQ(s.mean, 12.6);
  EXPECT_NEAR(s.stddev, 7.03420215802759, 1e-12);
  EXPECT_NEAR(s.mad, 0.29652000000000023, 1e-12);
  EXPECT_NEAR(s.cv, 0.5582700125418723, 1e-12);
  EXPECT_EQ(s.outliers, 1u);  // the 30.0
}

TEST(Summarize, SingleAndConstantSamples) {
  const std::vector<double> one{5.0};
  Summary s = summarize(one);
  EXPECT_EQ(s.n, 1u);
  EXPECT_EQ(s.median, 5.0);
  EXPECT_EQ(s.stddev, 0.0);
  EXPECT_EQ(s.cv, 0.0);
  const std::vector<double> same(10, 3.0);
  s = summarize(same);
  EXPECT_EQ(s.stddev, 0.0);
  EXPECT_EQ(s.mad, 0.0);
  EXPECT_EQ(s.outliers, 0u);
  const std::vector<double> zeros(3, 0.0);
  EXPECT_EQ(summarize(zeros).cv, 0.0);  // mean 0: CV defined as 0, not NaN
}

TEST(Median, OddAndEven) {
  // reference.py "MedianOddEven": statistics.median([3,1,2]) = 2, ([4,1,3,2]) = 2.5
  EXPECT_EQ(median({3, 1, 2}), 2.0);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({7}), 7.0);
}

TEST(Errors, EmptyAndInvalidInput) {
  const std::vector<double> empty, xs{1, 2, 3}, ys{1, 2}, bad{1, 0, 2};
  EXPECT_THROW(median({}), Error);
  EXPECT_THROW(summarize(empty), Error);
  EXPECT_THROW(summarize(std::vector<double>{1, NAN}), Error);
  EXPECT_THROW(bootstrap_median_ci(empty, 1), Error);
  EXPECT_THROW(ratio_of_medians(empty, xs, 1), Error);
  EXPECT_THROW(ratio_of_medians(xs, empty, 1), Error);
  EXPECT_THROW(ratio_of_medians(xs, bad, 1), Error);
  EXPECT_THROW(ratio_of_medians(xs, xs, 1, 0), Error);
  EXPECT_THROW(ratio_of_medians(xs, xs, 1, 100, 1.0), Error);
  EXPECT_THROW(paired_ratio(empty, empty), Error);
  EXPECT_THROW(paired_ratio(xs, bad), Error);
  EXPECT_THROW(paired_ratio(xs, xs, 0.0), Error);
  EXPECT_THROW(geometric_mean_ratio({}, 1), Error);
  try {
    compare_ratio(xs, ys, true, 1);
    FAIL() << "mismatched paired lengths accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "paired ratio: paired samples need equal lengths, but the baseline has 3 "
                 "and the candidate 2");
  }
  const Pair mismatched{xs, ys, true};
  EXPECT_THROW(geometric_mean_ratio({&mismatched, 1}, 1), Error);
  // Unpaired sides may differ in length.
  EXPECT_NO_THROW(compare_ratio(xs, ys, false, 1));
}

// ---- Mann–Whitney ----

TEST(MannWhitney, ExactSmallSamples) {
  // reference.py "MannWhitneyExact": p = min(1, 2 min(P(U <= u), P(U >= u))) counted over all
  // C(n, m) splits with itertools.combinations.
  const std::vector<double> a{1.1, 2.3, 3.5, 4.2, 5.0}, b{2.9, 4.8, 6.1, 7.3, 8.4, 9.0};
  EXPECT_NEAR(mann_whitney_p(a, b), 0.05194805194805195, 1e-14);
  EXPECT_NEAR(mann_whitney_p(b, a), 0.05194805194805195, 1e-14);
  const std::vector<double> a12{3.1, 4.7, 2.2, 5.9, 6.3, 1.8, 7.4, 4.1, 5.2, 3.6, 6.8, 2.7};
  const std::vector<double> b10{5.5, 7.9, 6.6, 8.2, 4.4, 9.1, 7.1, 5.7, 8.8, 6.0};
  EXPECT_NEAR(mann_whitney_p(a12, b10), 0.00714455822814956, 1e-14);
  const std::vector<double> low{1, 2, 3, 4, 5}, high{6, 7, 8, 9, 10};
  EXPECT_NEAR(mann_whitney_p(low, high), 0.007936507936507936, 1e-15);  // 2 / C(10,5)
}

TEST(MannWhitney, ExactAtTheSizeLimitIsAProbability) {
  // 20 v 20, interleaved: U = n1 n2 / 2 exactly, so the two-sided p is capped at 1.
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(2 * i);
    b.push_back(2 * i + 1);
  }
  const double p = mann_whitney_p(a, b);
  EXPECT_GT(p, 0.5);
  EXPECT_LE(p, 1.0);
  // Fully separated 20 v 20: p = 2 / C(40,20).
  for (auto& x : b) x += 100;
  EXPECT_NEAR(mann_whitney_p(a, b), 2.0 / 137846528820.0, 1e-22);
}

TEST(MannWhitney, NormalApproximationWithTies) {
  // reference.py "MannWhitneyNormalTies": midranks, tie-corrected variance, continuity 0.5,
  // p = erfc(z / sqrt 2).
  const std::vector<double> a{1, 2, 2, 3, 3, 3, 4, 5}, b{3, 4, 4, 5, 5, 6, 6, 7, 8};
  EXPECT_NEAR(mann_whitney_p(a, b), 0.0063731338380858885, 1e-12);
}

TEST(MannWhitney, NormalApproximationLargeSamples) {
  // reference.py "MannWhitneyNormalLarge": same data generated by the same expressions.
  std::vector<double> a, b;
  for (int i = 0; i < 25; ++i) a.push_back((i * 37 % 101) / 10.0);
  for (int i = 0; i < 22; ++i) b.push_back((i * 53 % 103) / 10.0 + 2.55);
  EXPECT_NEAR(mann_whitney_p(a, b), 0.03764429063101598, 1e-12);
}

TEST(MannWhitney, DegenerateInputs) {
  const std::vector<double> empty, xs{1, 2, 3}, same(5, 2.0);
  EXPECT_EQ(mann_whitney_p(empty, xs), 1.0);
  EXPECT_EQ(mann_whitney_p(xs, empty), 1.0);
  EXPECT_EQ(mann_whitney_p(same, same), 1.0);
}

// ---- judge / describe ----

TEST(Judge, AllVerdicts) {
  const double t = 0.01;
  Judgement j = judge({1.02, 1.05}, t);
  EXPECT_EQ(j.verdict, Verdict::slower);
  EXPECT_FALSE(j.negligible);
  j = judge({0.90, 0.95}, t);
  EXPECT_EQ(j.verdict, Verdict::faster);
  EXPECT_FALSE(j.negligible);
  j = judge({0.995, 1.004}, t);
  EXPECT_EQ(j.verdict, Verdict::same);
  EXPECT_FALSE(j.negligible);
  j = judge({0.98, 1.03}, t);
  EXPECT_EQ(j.verdict, Verdict::unsure);
  j = judge({0.995, 1.02}, t);  // contains 1, reaches past +1% only
  EXPECT_EQ(j.verdict, Verdict::unsure);
}

TEST(Judge, NegligibleAndBoundaries) {
  const double t = 0.01;
  Judgement j = judge({1.002, 1.006}, t);
  EXPECT_EQ(j.verdict, Verdict::slower);
  EXPECT_TRUE(j.negligible);
  j = judge({0.994, 0.998}, t);
  EXPECT_EQ(j.verdict, Verdict::faster);
  EXPECT_TRUE(j.negligible);
  j = judge({1.005, 1.015}, t);  // real, but not all inside the threshold
  EXPECT_EQ(j.verdict, Verdict::slower);
  EXPECT_FALSE(j.negligible);
  EXPECT_EQ(judge({1.0, 1.0}, t).verdict, Verdict::same);  // touching 1 counts as containing it
  EXPECT_EQ(judge({1.0, 1.2}, t).verdict, Verdict::unsure);
  EXPECT_STREQ(verdict_name(Verdict::faster), "faster");
  EXPECT_STREQ(verdict_name(Verdict::slower), "slower");
  EXPECT_STREQ(verdict_name(Verdict::same), "same");
  EXPECT_STREQ(verdict_name(Verdict::unsure), "unsure");
}

TEST(Describe, SeedWords) {
  const Judgement slower{Verdict::slower, false}, faster{Verdict::faster, false};
  EXPECT_EQ(describe(1.32, slower, 0.01), "1.32x slower");
  EXPECT_EQ(describe(0.80, faster, 0.01), "1.25x faster");
  EXPECT_EQ(describe(1.021, slower, 0.01), "2.1% slower");
  EXPECT_EQ(describe(0.95, faster, 0.01), "5.0% faster");
  EXPECT_EQ(describe(0.996, Judgement{Verdict::faster, true}, 0.01), "0.4% faster, negligible");
  EXPECT_EQ(describe(1.003, Judgement{Verdict::slower, true}, 0.01), "0.3% slower, negligible");
  EXPECT_EQ(describe(0.996, Judgement{Verdict::same, false}, 0.01), "same (±1%)");
  EXPECT_EQ(describe(1.0, Judgement{Verdict::same, false}, 0.005), "same (±0.5%)");
  EXPECT_EQ(describe(1.008, Judgement{Verdict::unsure, false}, 0.01), "unsure (+0.8%)");
  EXPECT_EQ(describe(0.97, Judgement{Verdict::unsure, false}, 0.01), "unsure (-3.0%)");
  EXPECT_EQ(describe(0.99999, Judgement{Verdict::unsure, false}, 0.01), "unsure (+0.0%)");
  EXPECT_EQ(describe(1.0004, Judgement{Verdict::slower, true}, 0.01), "0.04% slower, negligible");
  // The switch from percent to "x" at a 10% difference.
  EXPECT_EQ(describe(1.10, slower, 0.01), "1.10x slower");
  EXPECT_EQ(describe(1.099, slower, 0.01), "9.9% slower");
}

// ---- bootstrap ----

const std::vector<double> kBase{1.02, 0.98, 1.05, 1.01, 0.97, 1.03, 1.00, 1.04, 0.99, 1.06, 0.96, 1.02};
const std::vector<double> kCand{1.07, 1.01, 1.09, 1.05, 1.02, 1.06, 1.04, 1.10, 1.03, 1.08, 1.00, 1.05};

TEST(Bootstrap, MatchesPythonPort) {
  // reference.py "BootstrapGolden": the same algorithm (draws, medians, type-7 percentiles)
  // written independently in Python; guards the promise that a seed means the same CI on
  // every platform and standard library.
  Interval m = bootstrap_median_ci(kBase, 1);
  EXPECT_DOUBLE_EQ(m.lo, 0.985);
  EXPECT_DOUBLE_EQ(m.hi, 1.0350000000000001);
  RatioEstimate u = ratio_of_medians(kBase, kCand, 1);
  EXPECT_DOUBLE_EQ(u.ci.lo, 1.004854368932039);
  EXPECT_DOUBLE_EQ(u.ci.hi, 1.0761421319796955);
  EXPECT_DOUBLE_EQ(u.ratio, 1.05 / 1.015);  // medians 1.015 and 1.05
  EXPECT_EQ(compare_ratio(kBase, kCand, false, 1).ci.lo, u.ci.lo);
}

// ---- paired ratio (Hodges–Lehmann, Wilcoxon signed-rank interval) ----

TEST(PairedRatio, MatchesPythonEnumeration) {
  // reference.py "PairedRatio": Walsh averages sorted in Python, the signed-rank null
  // distribution by enumerating all 2^n sign patterns (the C++ uses a dynamic programme).
  const RatioEstimate p = paired_ratio(kBase, kCand);
  EXPECT_NEAR(p.ratio, 1.0394264640924278, 1e-13);
  EXPECT_NEAR(p.ci.lo, 1.0302042296151677, 1e-13);
  EXPECT_NEAR(p.ci.hi, 1.045757260277298, 1e-13);
  const RatioEstimate same = compare_ratio(kBase, kCand, true, 99);
  EXPECT_EQ(same.ci.lo, p.ci.lo);  // no resampling: the seed plays no part
  EXPECT_EQ(same.ci.hi, p.ci.hi);
  // Five rounds cannot reach 95%: the interval is [min d, max d].
  const std::vector<double> b5(kBase.begin(), kBase.begin() + 5), c5(kCand.begin(), kCand.begin() + 5);
  const RatioEstimate five = paired_ratio(b5, c5);
  EXPECT_NEAR(five.ratio, 1.0410266987058845, 1e-13);
  EXPECT_NEAR(five.ci.lo, 1.030612244897959, 1e-13);
  EXPECT_NEAR(five.ci.hi, 1.0515463917525774, 1e-13);
}

TEST(PairedRatio, CriticalValuesOfTheSignedRankTable) {
  // Two-sided 5% critical values T of the Wilcoxon signed-rank test for n = 6..12 are
  // 0, 2, 3, 5, 8, 10, 13 (any printed table; reference.py recomputes them): the interval
  // drops T Walsh averages from each end. Checked through the interval of differences 1..n,
  // whose Walsh averages are known in closed form.
  const size_t expected_cut[] = {1, 3, 4, 6, 9, 11, 14};
  for (size_t n = 6; n <= 12; ++n) {
    std::vector<double> base(n, 1.0), cand;
    std::vector<double> walsh;
    for (size_t i = 1; i <= n; ++i) cand.push_back(std::exp(static_cast<double>(i) / 100));
    for (size_t i = 1; i <= n; ++i)
      for (size_t j = i; j <= n; ++j) walsh.push_back(static_cast<double>(i + j) / 200);
    std::sort(walsh.begin(), walsh.end());
    const RatioEstimate e = paired_ratio(base, cand);
    const size_t c = expected_cut[n - 6];
    EXPECT_NEAR(std::log(e.ci.lo), walsh[c - 1], 1e-12) << n;
    EXPECT_NEAR(std::log(e.ci.hi), walsh[walsh.size() - c], 1e-12) << n;
  }
}

TEST(PairedRatio, LargeSamplesUseTheNormalApproximationContinuously) {
  // Across the switch from the exact distribution (n <= 100) to the normal approximation,
  // the interval's width changes smoothly: within 3% between n = 100 and 101.
  Rng rng(31);
  std::vector<double> a, b;
  for (int i = 0; i < 101; ++i) {
    a.push_back(1 + 0.02 * normal(rng));
    b.push_back(1.01 * (1 + 0.02 * normal(rng)));
  }
  const RatioEstimate e100 = paired_ratio(std::span(a).first(100), std::span(b).first(100));
  const RatioEstimate e101 = paired_ratio(a, b);
  const double w100 = e100.ci.hi - e100.ci.lo, w101 = e101.ci.hi - e101.ci.lo;
  EXPECT_NEAR(w101 / w100, 1.0, 0.03) << w100 << " " << w101;
}

TEST(WalshAverage, TheHodgesLehmannRatioIsTheMedianOfEveryAverage) {
  // paired_ratio's estimate against the median of all Walsh averages sorted, where the middle is
  // two averages (n(n+1)/2 even: n = 3, 4, 7, 8...) and with ties, where the two are one value.
  Rng rng(29);
  for (size_t n : {3, 4, 7, 8, 40, 103, 600, 1500}) {
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<double> base(n, 1.0), cand(n);
      for (size_t i = 0; i < n; ++i) {
        const double z = normal(rng);
        cand[i] = kind == 0 ? std::exp(0.05 * z) : kind == 1 ? std::exp(std::round(z * 3) / 100) : (i % 3 ? 1.0 : 1.5);
      }
      std::vector<double> d(n);
      for (size_t i = 0; i < n; ++i) d[i] = std::log(cand[i] / base[i]);
      std::sort(d.begin(), d.end());
      std::vector<double> all;
      for (size_t i = 0; i < n; ++i)
        for (size_t j = i; j < n; ++j) all.push_back((d[i] + d[j]) / 2);
      std::sort(all.begin(), all.end());
      const size_t m = all.size();
      const double mid = m % 2 ? all[m / 2] : (all[m / 2 - 1] + all[m / 2]) / 2;
      if (kind == 2 && n < 4) continue;  // constant differences: no interval to estimate
      ASSERT_EQ(paired_ratio(base, cand).ratio, std::exp(mid)) << "n=" << n << " kind=" << kind;
    }
  }
}

TEST(WalshAverage, EveryOrderStatisticIsTheOneASortGives) {
  // Against all the averages sorted: continuous values of both signs, heavy ties, one value
  // apart from many equal ones, a single value; every k for small n, a spread of k for larger.
  Rng rng(17);
  std::vector<std::vector<double>> sets = {{0.25}, {-1, 1}, {0, 0, 0, 1e-300}, {-0.0, 0.0, 0.0}};
  for (size_t n : {3, 7, 40, 101, 600}) {
    std::vector<double> cont, tied, one_off(n, 0.01);
    for (size_t i = 0; i < n; ++i) {
      cont.push_back(0.05 * normal(rng));
      tied.push_back(std::round(normal(rng) * 3) / 100);
    }
    one_off[n / 2] = 0.5;
    sets.insert(sets.end(), {cont, tied, one_off});
  }
  for (std::vector<double>& xs : sets) {
    std::sort(xs.begin(), xs.end());
    std::vector<double> all;
    for (size_t i = 0; i < xs.size(); ++i)
      for (size_t j = i; j < xs.size(); ++j) all.push_back((xs[i] + xs[j]) / 2);
    std::sort(all.begin(), all.end());
    const size_t step = all.size() < 2000 ? 1 : all.size() / 997;
    for (size_t k = 0; k < all.size(); k += step) ASSERT_EQ(walsh_average(xs, k), all[k]) << xs.size() << " k=" << k;
    ASSERT_EQ(walsh_average(xs, all.size() - 1), all.back());
  }
  const std::vector<double> unsorted = {2, 1};
  EXPECT_THROW(walsh_average(unsorted, 0), Error);
  EXPECT_THROW(walsh_average(std::vector<double>{1, 2}, 3), Error);
}

TEST(Bootstrap, LargeSeriesTakeTheOrderStatisticIntervalOfTheMedian) {
  // Past 1000 samples: x_(l) and x_(u) with l, u = n/2 -+ 1.96 sqrt(n)/2 (rounded outwards), here
  // for the values 1..4001 shuffled: ranks 1938 and 2064. Continuous with the bootstrap below it.
  Rng rng(5);
  std::vector<double> xs;
  for (int i = 1; i <= 4001; ++i) xs.push_back(i);
  for (size_t i = xs.size() - 1; i > 0; --i) std::swap(xs[i], xs[rng.below(i + 1)]);
  const Interval big = bootstrap_median_ci(xs, 1);
  EXPECT_EQ(big.lo, 1938);
  EXPECT_EQ(big.hi, 2064);
  std::vector<double> a, b;
  for (int i = 0; i < 1001; ++i) a.push_back(1 + 0.1 * normal(rng));
  b = a;
  b.pop_back();  // 1000 samples: the bootstrap's interval
  const Interval order = bootstrap_median_ci(a, 1), boot = bootstrap_median_ci(b, 1);
  EXPECT_NEAR((order.hi - order.lo) / (boot.hi - boot.lo), 1.0, 0.25);
}

TEST(PairedRatio, TenThousandRoundsInMilliseconds) {
  // All n(n+1)/2 = 50 million Walsh averages of 10,000 rounds would take 400 MB; selected
  // without storing them, the estimate takes milliseconds. Same value as the small-n path.
  Rng rng(3);
  std::vector<double> a, b;
  for (int i = 0; i < 10000; ++i) {
    a.push_back(1 + 0.02 * std::fabs(normal(rng)));
    b.push_back(1.02 * (1 + 0.02 * std::fabs(normal(rng))));
  }
  auto t0 = std::chrono::steady_clock::now();
  const RatioEstimate e = paired_ratio(a, b);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took, 1.0);  // about 5 ms; 50 million averages sorted took seconds
  EXPECT_GT(e.ci.lo, 1.0);
  EXPECT_LT(e.ci.lo, e.ratio);
  EXPECT_LT(e.ratio, e.ci.hi);
}

TEST(Bootstrap, DeterministicPerSeed) {
  const RatioEstimate a = ratio_of_medians(kBase, kCand, 123);
  const RatioEstimate b = ratio_of_medians(kBase, kCand, 123);
  const RatioEstimate c = ratio_of_medians(kBase, kCand, 124);
  EXPECT_EQ(a.ci.lo, b.ci.lo);
  EXPECT_EQ(a.ci.hi, b.ci.hi);
  EXPECT_TRUE(a.ci.lo != c.ci.lo || a.ci.hi != c.ci.hi);
  EXPECT_EQ(a.ratio, c.ratio);  // the point estimate does not depend on the seed
  const Interval m1 = bootstrap_median_ci(kBase, 5), m2 = bootstrap_median_ci(kBase, 5);
  EXPECT_EQ(m1.lo, m2.lo);
  EXPECT_EQ(m1.hi, m2.hi);
}

TEST(Bootstrap, ContainsPointEstimate) {
  for (bool paired : {false, true}) {
    const RatioEstimate e = compare_ratio(kBase, kCand, paired, 9);
    EXPECT_TRUE(e.ci.contains(e.ratio)) << paired;
    EXPECT_LT(e.ci.lo, e.ci.hi);
  }
  const Interval m = bootstrap_median_ci(kBase, 9);
  EXPECT_TRUE(m.contains(median(kBase)));
}

TEST(Bootstrap, PairingCancelsSharedDrift) {
  // Every round scales both sides by a common drift factor (0.7 .. 1.3); per-run noise is
  // 0.5%, and the candidate is 3% slower. Paired resampling sees through the drift.
  Rng rng(2024);
  std::vector<double> base, cand;
  for (int i = 0; i < 40; ++i) {
    const double drift = 0.7 + 0.6 * rng.uniform();
    base.push_back(drift * (1 + 0.005 * normal(rng)));
    cand.push_back(drift * 1.03 * (1 + 0.005 * normal(rng)));
  }
  const RatioEstimate p = compare_ratio(base, cand, true, 1);
  const RatioEstimate u = compare_ratio(base, cand, false, 1);
  const double wp = p.ci.hi - p.ci.lo, wu = u.ci.hi - u.ci.lo;
  EXPECT_LT(wp * 5, wu) << "paired " << wp << " unpaired " << wu;
  EXPECT_EQ(judge(p.ci, 0.01).verdict, Verdict::slower);
  EXPECT_EQ(judge(u.ci, 0.01).verdict, Verdict::unsure);
}

TEST(Bootstrap, DeterministicMetricCollapses) {
  const std::vector<double> base(7, 1000.0), cand(5, 1010.0);
  const RatioEstimate e = ratio_of_medians(base, cand, 3);
  EXPECT_EQ(e.ratio, 1010.0 / 1000.0);
  EXPECT_EQ(e.ci.lo, e.ratio);
  EXPECT_EQ(e.ci.hi, e.ratio);
  const std::vector<double> one_a{1000.0}, one_b{1010.0};  // callgrind: one run each
  const RatioEstimate one = compare_ratio(one_a, one_b, true, 3);
  EXPECT_EQ(one.ci.lo, one.ratio);
  EXPECT_EQ(one.ci.hi, one.ratio);
  EXPECT_EQ(judge(one.ci, 0.005).verdict, Verdict::slower);
  const Interval m = bootstrap_median_ci(base, 3);
  EXPECT_EQ(m.lo, 1000.0);
  EXPECT_EQ(m.hi, 1000.0);
}

TEST(Bootstrap, AaCoverage) {
  // Identical commands: 200 trials of 30 rounds with 2% normal noise (plus, for the paired
  // case, a shared per-round drift). The 95% CI should contain 1 in at least 85% of trials.
  Rng rng(77);
  int covered_paired = 0, covered_unpaired = 0;
  const int trials = 200;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> a, b;
    for (int i = 0; i < 30; ++i) {
      const double drift = 1 + 0.1 * rng.uniform();
      a.push_back(drift * (1 + 0.02 * normal(rng)));
      b.push_back(drift * (1 + 0.02 * normal(rng)));
    }
    covered_paired += compare_ratio(a, b, true, static_cast<uint64_t>(t)).ci.contains(1);
    covered_unpaired += compare_ratio(a, b, false, static_cast<uint64_t>(t)).ci.contains(1);
  }
  std::printf("A/A coverage over %d trials: paired %d, unpaired %d\n", trials, covered_paired, covered_unpaired);
  EXPECT_GE(covered_paired, trials * 85 / 100);
  EXPECT_GE(covered_unpaired, trials * 85 / 100);
}

TEST(Bootstrap, FastEnoughForEveryRound) {
  // Called after every round: n = 200, 2000 resamples should take well under 10 ms. The time is
  // printed, not asserted: a speed target in a unit test fails on a loaded machine or under a
  // sanitizer (56 ms seen with ASan beside a compile), so it is no test of correctness.
  Rng rng(5);
  std::vector<double> a, b;
  for (int i = 0; i < 200; ++i) {
    a.push_back(0.05 * (1 + 0.02 * normal(rng)));
    b.push_back(0.0505 * (1 + 0.02 * normal(rng)));
  }
  for (bool paired : {true, false}) {
    double best = 1e9;
    for (int rep = 0; rep < 5; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      const RatioEstimate e = compare_ratio(a, b, paired, static_cast<uint64_t>(rep));
      const auto t1 = std::chrono::steady_clock::now();
      EXPECT_TRUE(e.ci.contains(e.ratio));
      best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::printf("compare_ratio n=200, %s: %.3f ms\n", paired ? "paired" : "unpaired", best);
  }
}

// ---- geometric mean ----

TEST(GeoMean, PointValueAndInterval) {
  // reference.py "GeoMean": the per-pair estimates (ratios of medians 2.05 and 3.0/4.05 for
  // the unpaired pairs, bootstrap seeds 11 and 12; Hodges–Lehmann sqrt(1.1 * 1.2) for the
  // paired one) combined on the log scale.
  const std::vector<double> b1{1.0, 1.1, 0.9}, c1{2.0, 2.2, 1.8, 2.1};
  const std::vector<double> b2{4.0, 4.4, 3.6, 4.1}, c2{3.0, 3.1, 2.9};
  const std::vector<double> b3{10.0, 10.0}, c3{11.0, 12.0};
  const std::vector<Pair> pairs{{b1, c1, false}, {b2, c2, false}, {b3, c3, true}};
  const GeoMean g = geometric_mean_ratio(pairs, 11);
  EXPECT_NEAR(g.value, 1.2038406925804654, 1e-13);
  EXPECT_NEAR(g.ci.lo, 1.1280024120914842, 1e-12);
  EXPECT_NEAR(g.ci.hi, 1.2859391592180023, 1e-12);
  EXPECT_LT(g.ci.lo, g.ci.hi);
  const GeoMean again = geometric_mean_ratio(pairs, 11);
  EXPECT_EQ(again.ci.lo, g.ci.lo);
  EXPECT_EQ(again.ci.hi, g.ci.hi);
}

TEST(GeoMean, SinglePairEqualsItsRatioAndConstantPairsCollapse) {
  const std::vector<Pair> one{{kBase, kCand, true}};
  const GeoMean g = geometric_mean_ratio(one, 1);
  const RatioEstimate e = compare_ratio(kBase, kCand, true, 1);
  EXPECT_NEAR(g.value, e.ratio, 1e-15);
  EXPECT_NEAR(g.ci.lo, e.ci.lo, 1e-12);  // one pair: its own interval
  EXPECT_NEAR(g.ci.hi, e.ci.hi, 1e-12);
  const std::vector<double> b1(3, 100.0), c1(3, 110.0), b2(2, 50.0), c2(2, 40.0);
  const std::vector<Pair> det{{b1, c1, false}, {b2, c2, true}};
  const GeoMean d = geometric_mean_ratio(det, 1);
  EXPECT_NEAR(d.value, std::sqrt(1.1 * 0.8), 1e-15);
  EXPECT_EQ(d.ci.lo, d.value);
  EXPECT_EQ(d.ci.hi, d.value);
}

}  // namespace
}  // namespace hone::stats

namespace hone::stats {
namespace {

// ---- levels, one-sided tests, Holm ----

TEST(PairedRatio, SaysWhichLevelItReached) {
  Rng rng(5);
  std::vector<double> a, b;
  for (int i = 0; i < 11; ++i) {
    a.push_back(1 + 0.02 * normal(rng));
    b.push_back(1 + 0.02 * normal(rng));
  }
  // Five rounds: the range of d, 1 - 2/2^5 = 93.75%.
  EXPECT_DOUBLE_EQ(paired_ratio(std::span(a).first(5), std::span(b).first(5)).level, 0.9375);
  EXPECT_GE(paired_ratio(std::span(a).first(6), std::span(b).first(6)).level, 0.95);
  // 99.9% needs 11 rounds: at 10 the best is 1 - 2/1024 = 99.80%.
  EXPECT_NEAR(paired_ratio(std::span(a).first(10), std::span(b).first(10), 0.999).level, 1 - 2.0 / 1024, 1e-15);
  EXPECT_GE(paired_ratio(a, b, 0.999).level, 0.999);
  // Several levels at once give the single-level answers.
  const double levels[] = {0.95, 0.999};
  const std::vector<RatioEstimate> both = paired_ratio_levels(a, b, levels);
  EXPECT_EQ(both[0].ci.lo, paired_ratio(a, b).ci.lo);
  EXPECT_EQ(both[1].ci.hi, paired_ratio(a, b, 0.999).ci.hi);
  EXPECT_LE(both[1].ci.lo, both[0].ci.lo);  // nested
  EXPECT_GE(both[1].ci.hi, both[0].ci.hi);
  // Exact data: level 1.
  EXPECT_EQ(paired_ratio(std::vector<double>{2, 2}, std::vector<double>{3, 3}).level, 1);
}

TEST(OneSided, ThePairedTestAgreesWithTheInterval) {
  // The interval's fast end lies below a cut exactly when the one-sided signed-rank test of
  // "ratio < cut" rejects at 2.5%: the number of positive Walsh averages of d - log(cut) is W+.
  Rng rng(17);
  int checked = 0, rejected = 0;
  for (int t = 0; t < 300; ++t) {
    const size_t n = 6 + rng.below(60);
    std::vector<double> a, b;
    for (size_t i = 0; i < n; ++i) {
      a.push_back(1 + 0.03 * std::abs(normal(rng)));
      b.push_back(0.98 * (1 + 0.03 * std::abs(normal(rng))));
    }
    for (double cut : {0.97, 0.98, 0.99, 1.0, 1.01}) {
      const bool ci_below = paired_ratio(a, b).ci.hi < cut;
      const bool test_below = p_below(a, b, true, cut, 0) <= 0.025;
      EXPECT_EQ(ci_below, test_below) << "n " << n << " cut " << cut;
      ++checked;
      rejected += test_below;
    }
  }
  EXPECT_GT(rejected, 100);  // both outcomes were exercised
  EXPECT_LT(rejected, checked - 100);
}

TEST(OneSided, SmallCasesByHand) {
  // d = log(0.9) every round but one: exact data only when all are equal.
  const std::vector<double> base{1, 1, 1, 1, 1, 1};
  const std::vector<double> all_faster{0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
  EXPECT_EQ(p_below(base, all_faster, true, 0.99, 0), 0);  // exact: 0.9 < 0.99
  EXPECT_EQ(p_below(base, all_faster, true, 0.85, 0), 1);
  // Six distinct log ratios all below the cut: W+ = 0, p = 1/64.
  const std::vector<double> faster{0.90, 0.91, 0.92, 0.93, 0.94, 0.95};
  EXPECT_DOUBLE_EQ(p_below(base, faster, true, 0.99, 0), 1.0 / 64);
  // All above: p = 1.
  EXPECT_DOUBLE_EQ(p_below(faster, base, true, 0.99, 0), 1.0);
  // Unpaired constant sides: exact.
  EXPECT_EQ(p_below(base, all_faster, false, 0.99, 1), 0);
  // Unpaired noisy: a clear gain has a small p, a clear loss a large one.
  Rng rng(3);
  std::vector<double> a, b;
  for (int i = 0; i < 30; ++i) {
    a.push_back(1 + 0.01 * normal(rng));
    b.push_back(0.9 * (1 + 0.01 * normal(rng)));
  }
  EXPECT_LT(p_below(a, b, false, 0.99, 1, 500), 0.01);
  EXPECT_GT(p_below(b, a, false, 0.99, 1, 500), 0.99);
}

TEST(Hochberg, StepsUpFromTheLargestP) {
  // alpha 0.05, k = 4, sorted 0.005, 0.01, 0.03, 0.04: 0.04 > 0.05/1? no, 0.04 <= 0.05: the
  // largest p passes its threshold, so all four are rejected.
  EXPECT_EQ(hochberg(std::vector<double>{0.01, 0.04, 0.03, 0.005}, 0.05), (std::vector<bool>{true, true, true, true}));
  // 0.06 > 0.05, 0.03 > 0.025, 0.01 <= 0.0167: the two smallest (Holm would stop at 0.03 too).
  EXPECT_EQ(hochberg(std::vector<double>{0.01, 0.06, 0.03, 0.005}, 0.05),
            (std::vector<bool>{true, false, false, true}));
  // Where step-up rejects more than Holm's step-down: 0.0156 twice at alpha 0.02 (two
  // benchmarks, each faster in all of 6 rounds): Holm fails the first (> 0.01) and stops;
  // Hochberg sees the larger <= 0.02 and rejects both.
  EXPECT_EQ(hochberg(std::vector<double>{1.0 / 64, 1.0 / 64}, 0.02), (std::vector<bool>{true, true}));
  // One hypothesis: the plain test.
  EXPECT_EQ(hochberg(std::vector<double>{0.02}, 0.025), std::vector<bool>{true});
  EXPECT_EQ(hochberg(std::vector<double>{0.03}, 0.025), std::vector<bool>{false});
  // 0.02 alone passes 0.025, but not among three with larger ones (0.025/3).
  EXPECT_EQ(hochberg(std::vector<double>{0.02, 0.5, 0.9}, 0.025), (std::vector<bool>{false, false, false}));
  EXPECT_TRUE(hochberg(std::vector<double>{}, 0.05).empty());
}

}  // namespace
}  // namespace hone::stats
