#include "project/bisect.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "util/error.h"

namespace hone::bisect {
namespace {

// A fake measurement: each commit's true ratio against GOOD, measured with an interval of
// ± width(commit, attempt) around it. Deterministic: the point is the search, not the noise.
struct FakeHistory {
  std::vector<double> ratio;  // per commit, BAD last
  std::function<double(size_t, int)> width = [](size_t, int) { return 0.0; };
  std::map<size_t, int> measured;  // commit -> times measured

  Measurement measure(const Step& s) {
    ++measured[s.index];
    double r = ratio.at(s.index), w = width(s.index, s.attempt);
    Measurement m;
    m.estimate.ratio = r;
    m.estimate.ci = {r - w, r + w};
    m.run_id = static_cast<int64_t>(100 + s.index);
    return m;
  }
};

// The caller's loop, as `hone bisect` runs it.
Result run(Bisector& b, FakeHistory& h) {
  for (Step s = b.next_step(); !s.done; s = b.next_step()) b.record(h.measure(s));
  return b.result();
}

std::vector<double> planted(size_t n, size_t at, double step) {
  std::vector<double> r(n, 1.0);
  for (size_t i = at; i < n; ++i) r[i] = 1 + step;
  return r;
}

TEST(Bisect, FindsAPlantedFivePercentRegressionAnywhereInThirtyTwoCommitsInSixProbes) {
  for (size_t at = 0; at < 32; ++at) {
    FakeHistory h{planted(32, at, 0.05)};
    Bisector b(32, 0.01);
    Result r = run(b, h);
    ASSERT_EQ(r.verdict, Verdict::found) << at;
    EXPECT_EQ(*r.first_bad, at);
    if (at == 0)
      EXPECT_FALSE(r.last_good);
    else
      EXPECT_EQ(*r.last_good, at - 1);
    EXPECT_LE(r.probes.size(), 6u) << at;  // BAD, then log2(32)
    EXPECT_EQ(r.probes.front().index, 31u);
    EXPECT_DOUBLE_EQ(r.boundary, 1.025);
    for (auto& [commit, times] : h.measured) EXPECT_EQ(times, 1) << commit;  // no commit twice
  }
}

TEST(Bisect, NoisyProbesStillFindTheRegressionWhenTheirIntervalsClearTheBoundary) {
  FakeHistory h{planted(32, 19, 0.05)};
  h.width = [](size_t, int) { return 0.02; };  // every CI ±2%: 1.00 → [0.98, 1.02], 1.05 → [1.03, 1.07]
  Bisector b(32, 0.01);
  Result r = run(b, h);
  ASSERT_EQ(r.verdict, Verdict::found);
  EXPECT_EQ(*r.first_bad, 19u);
  EXPECT_EQ(*r.last_good, 18u);
  EXPECT_LE(r.probes.size(), 8u);
}

TEST(Bisect, NoRegressionWithinNoiseAccusesNobody) {
  // BAD measures +0.5% [-1.5%, +2.5%]: the CI reaches beyond the 1% threshold but not wholly.
  FakeHistory h{std::vector<double>(32, 1.005)};
  h.width = [](size_t, int) { return 0.02; };
  Bisector b(32, 0.01);
  Result r = run(b, h);
  EXPECT_EQ(r.verdict, Verdict::not_slower);
  EXPECT_FALSE(r.first_bad);
  ASSERT_EQ(r.probes.size(), 2u);  // BAD, then BAD measured more: still unsure
  EXPECT_EQ(r.probes[0].outcome, Outcome::unsure);
  EXPECT_EQ(r.probes[1].attempt, 2);
  EXPECT_TRUE(r.probes[1].skipped);
  EXPECT_EQ(h.measured[31], 2);
}

TEST(Bisect, AnExactlyUnchangedOrFasterBadStopsAtOnce) {
  for (double ratio : {1.0, 1.004, 0.9}) {
    FakeHistory h{std::vector<double>(32, ratio)};
    Bisector b(32, 0.01);
    Result r = run(b, h);
    EXPECT_EQ(r.verdict, Verdict::not_slower) << ratio;
    EXPECT_EQ(r.probes.size(), 1u);
    EXPECT_EQ(r.probes[0].outcome, Outcome::good);
  }
}

TEST(Bisect, MeasuringMoreSettlesAnUnsureProbe) {
  FakeHistory h{planted(32, 10, 0.05)};
  // Commit 15 (the first probe after BAD) is noisy at first: [1.02, 1.08] straddles 1.025.
  h.width = [](size_t c, int attempt) { return c == 15 && attempt == 1 ? 0.03 : 0.0; };
  Bisector b(32, 0.01);
  Result r = run(b, h);
  ASSERT_EQ(r.verdict, Verdict::found);
  EXPECT_EQ(*r.first_bad, 10u);
  EXPECT_EQ(h.measured[15], 2);
  EXPECT_EQ(r.probes[1].outcome, Outcome::unsure);
  EXPECT_EQ(r.probes[2].index, 15u);
  EXPECT_EQ(r.probes[2].attempt, 2);
  EXPECT_EQ(r.probes[2].outcome, Outcome::bad);  // 15 comes after the regression
  EXPECT_LE(r.probes.size(), 8u);
}

TEST(Bisect, AProbeUnsureTwiceIsSkippedForItsNeighbour) {
  FakeHistory h{planted(32, 10, 0.05)};
  h.width = [](size_t c, int) { return c == 15 ? 0.03 : 0.0; };
  Bisector b(32, 0.01);
  Result r = run(b, h);
  ASSERT_EQ(r.verdict, Verdict::found);  // 15 lies after the regression: skipping it costs one probe
  EXPECT_EQ(*r.first_bad, 10u);
  EXPECT_EQ(h.measured[15], 2);
  EXPECT_TRUE(r.probes[2].skipped);
  EXPECT_EQ(r.probes[3].index, 14u);  // the older neighbour nearest the middle
}

TEST(Bisect, SkippedCommitsNextToTheRegressionLeaveARange) {
  // The regression enters at 20, and 19 cannot be told apart from the boundary.
  FakeHistory h{planted(32, 20, 0.05)};
  h.ratio[19] = 1.025;
  h.width = [](size_t c, int) { return c == 19 ? 0.01 : 0.0; };
  Bisector b(32, 0.01);
  Result r = run(b, h);
  ASSERT_EQ(r.verdict, Verdict::range);
  EXPECT_EQ(*r.first_bad, 20u);
  EXPECT_EQ(*r.last_good, 18u);
  EXPECT_EQ(r.suspects, (std::vector<size_t>{19, 20}));
}

TEST(Bisect, OneCommitAfterGood) {
  FakeHistory h{{1.2}};
  Bisector b(1, 0.01);
  Result r = run(b, h);
  ASSERT_EQ(r.verdict, Verdict::found);
  EXPECT_EQ(*r.first_bad, 0u);
  EXPECT_FALSE(r.last_good);
  EXPECT_EQ(r.probes.size(), 1u);
}

TEST(Bisect, TheQuestionStopsAMeasurementOnceItsIntervalIsOnOneSide) {
  Bisector b(8, 0.01);
  Step s = b.next_step();
  EXPECT_FALSE(s.done);
  EXPECT_EQ(s.index, 7u);
  EXPECT_DOUBLE_EQ(s.bound, 1.01);
  stats::Question q = s.question();
  EXPECT_EQ(q({1.02, 1.03}), 1);
  EXPECT_EQ(q({0.99, 1.005}), 0);
  EXPECT_FALSE(q({1.0, 1.02}));
}

TEST(Bisect, RefusesWhatItCannotSearch) {
  EXPECT_THROW(Bisector(0, 0.01), Error);
  EXPECT_THROW(Bisector(4, 0), Error);
  EXPECT_THROW(Bisector(4, 0.01, 0), Error);
  Bisector b(4, 0.01);
  Measurement flat;
  flat.estimate.ci = {1, 1};
  b.record(flat);
  EXPECT_TRUE(b.next_step().done);
  EXPECT_THROW(b.record(flat), Error);
}

}  // namespace
}  // namespace hone::bisect
