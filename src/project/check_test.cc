#include "project/check.h"

#include <gtest/gtest.h>

namespace hone {
namespace {

TEST(Check, JudgeRegressionAgainstTheBound) {
  EXPECT_EQ(judge_regression({1.06, 1.10}, 0.05), Gate::regressed);  // wholly above 1.05
  EXPECT_EQ(judge_regression({0.90, 1.05}, 0.05), Gate::clean);      // at or below the bound
  EXPECT_EQ(judge_regression({1.01, 1.07}, 0.05), Gate::unsure);     // straddles it
  EXPECT_STREQ(gate_word(Gate::regressed), "REGRESSED");
}

TEST(Check, SummaryMarkdownNamesBothSidesAndHowTheChangeWasMeasured) {
  CheckResult r;
  r.analysis.metric = Metric::wall;
  r.base_name = "ours@HEAD~1";
  r.head_name = "ours@HEAD";
  r.paired = true;
  r.overall = Gate::regressed;
  r.rows.push_back(GateRow{"utf8", 0.010, 0.0112, stats::RatioEstimate{1.12, {1.08, 1.16}}, Gate::regressed});
  r.rows.push_back(GateRow{"short", std::nullopt, 0.002, stats::RatioEstimate{1.0, {0.98, 1.02}}, Gate::clean});
  std::string md = check_summary_markdown(r, 0.05);
  EXPECT_NE(md.find("## hone check: regression beyond 5%"), std::string::npos) << md;
  EXPECT_NE(md.find("| Benchmark | ours@HEAD~1 (median) | ours@HEAD (median) |"), std::string::npos) << md;
  EXPECT_NE(md.find("| utf8 |"), std::string::npos) << md;
  EXPECT_NE(md.find("+12.0% [+8.0%, +16.0%] | REGRESSED |"), std::string::npos) << md;
  EXPECT_NE(md.find("| short | — |"), std::string::npos) << md;
  EXPECT_NE(md.find("the paired ratio over the rounds of one interleaved run"), std::string::npos) << md;
  r.paired = false;
  EXPECT_NE(check_summary_markdown(r, 0.05).find("the ratio of the medians of two separate runs"), std::string::npos);
}

}  // namespace
}  // namespace hone
