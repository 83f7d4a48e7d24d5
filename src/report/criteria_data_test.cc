#include "report/criteria_data.h"

#include <gtest/gtest.h>

namespace hone {
namespace {

Series series(const std::string& bench, const std::string& target, std::vector<double> values) {
  Series s{bench, target, "./" + target + " " + bench, {}, values};
  for (size_t i = 0; i < values.size(); ++i) s.rounds.push_back(static_cast<int>(i));
  return s;
}

Analysis analysis(const std::vector<Series>& ss) {
  AnalyzeOptions o;
  o.seed = 42;
  o.resamples = 200;
  return analyze(ss, o);
}

// Each ratio and interval, exactly 4x: no noise, so the numbers are known.
const std::vector<double> kTen(12, 10.0), kForty(12, 40.0), kTwenty(12, 20.0);

TEST(CriteriaData, OursFirstIsInvertedToOursOverOther) {
  criteria::Data d = criteria_data(analysis({series("a", "ours", kTen), series("a", "gnu", kForty),
                                             series("b", "ours", kTen), series("b", "gnu", kForty)}),
                                   "ours");
  ASSERT_EQ(d.benchmarks.size(), 2u);
  EXPECT_EQ(d.metric, "wall");
  ASSERT_TRUE(d.benchmarks[0].ours);
  EXPECT_DOUBLE_EQ(d.benchmarks[0].ours->median, 10);
  EXPECT_DOUBLE_EQ(d.benchmarks[0].vs.at("gnu").ratio, 0.25);  // ours / gnu: 4x faster
  EXPECT_DOUBLE_EQ(d.geomean_vs.at("gnu").value, 0.25);
}

TEST(CriteriaData, OursSecondIsTakenAsMeasured) {
  criteria::Data d = criteria_data(analysis({series("a", "gnu", kForty), series("a", "ours", kTen)}), "ours");
  EXPECT_DOUBLE_EQ(d.benchmarks[0].vs.at("gnu").ratio, 0.25);
  EXPECT_TRUE(d.geomean_vs.empty());  // with one benchmark, no geometric mean
}

TEST(CriteriaData, VsBaselineFromAPairedRun) {
  // ours@start (the baseline's commit) against ours@end in one run: end / start = 0.5.
  Analysis a = analysis({series("a", "ours@start", kTwenty), series("a", "ours@end", kTen),
                         series("b", "ours@start", kTwenty), series("b", "ours@end", kTen)});
  criteria::Data d = criteria_data(analysis({series("a", "ours", kTen), series("b", "ours", kTen)}), "ours");
  set_vs_baseline(d, a, "ours@start", "ours@end");
  EXPECT_DOUBLE_EQ(d.benchmarks[0].vs.at("baseline").ratio, 0.5);
  EXPECT_DOUBLE_EQ(d.benchmarks[1].vs.at("baseline").ratio, 0.5);
  EXPECT_DOUBLE_EQ(d.geomean_vs.at("baseline").value, 0.5);
  // Labels that do not match leave it unset.
  criteria::Data e = criteria_data(analysis({series("a", "ours", kTen)}), "ours");
  set_vs_baseline(e, a, "ours@end", "ours@start");
  EXPECT_EQ(e.benchmarks[0].vs.count("baseline"), 0u);
}

}  // namespace
}  // namespace hone
