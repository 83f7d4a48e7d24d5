#include "loop/agent_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

TEST(AgentReport, FullReport) {
  ReportOutcome r = parse_agent_report(
      R"({"mechanism": "range tests", "claims": {"utf8": {"before_ms": 100, "after_ms": 40}},
          "ideas": ["buffered reads"], "notes": "easy"})",
      "report.json");
  EXPECT_EQ(r.status, ReportOutcome::ok);
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.report.mechanism, "range tests");
  EXPECT_EQ(*r.report.claims.at("utf8").after_ms, 40);
  EXPECT_EQ(r.report.ideas, std::vector<std::string>{"buffered reads"});
  EXPECT_EQ(r.report.notes, "easy");
}

TEST(AgentReport, EveryFieldOptional) {
  ReportOutcome r = parse_agent_report("{}", "r.json");
  EXPECT_EQ(r.status, ReportOutcome::ok);
  EXPECT_TRUE(r.report.claims.empty());
}

TEST(AgentReport, WrongTypesAreProblemsNotFailures) {
  ReportOutcome r = parse_agent_report(
      R"({"mechanism": 3, "claims": {"utf8": {"before_ms": "fast", "after_ms": 2}, "x": 5}, "ideas": "one"})",
      "r.json");
  EXPECT_EQ(r.status, ReportOutcome::ok);
  EXPECT_EQ(r.problems.size(), 4u);
  EXPECT_THAT(r.problems[0], HasSubstr("mechanism: expected a string"));
  EXPECT_FALSE(r.report.claims.at("utf8").before_ms);
  EXPECT_EQ(*r.report.claims.at("utf8").after_ms, 2);
}

TEST(AgentReport, GarbledAndMissing) {
  EXPECT_EQ(parse_agent_report("{\"mechanism\": ", "r.json").status, ReportOutcome::garbled);
  EXPECT_EQ(parse_agent_report("[1, 2]", "r.json").status, ReportOutcome::garbled);
  EXPECT_EQ(parse_agent_report("  \n", "r.json").status, ReportOutcome::missing);
  ReportOutcome none = read_agent_report("/nonexistent/hone/report.json");
  EXPECT_EQ(none.status, ReportOutcome::missing);
  EXPECT_THAT(none.problems.at(0), HasSubstr("no report"));
}

}  // namespace
}  // namespace hone::loop
