#include "loop/decide.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::HasSubstr;

BenchResult result(std::string bench, double ratio, double lo, double hi) {
  BenchResult r;
  r.benchmark = std::move(bench);
  r.before = 0.100;
  r.after = 0.100 * ratio;
  r.before_ci = {0.099, 0.101};
  r.after_ci = {0.100 * lo, 0.100 * hi};
  r.ratio = {ratio, {lo, hi}};
  return r;
}

TEST(Decide, GatesRejectInOrder) {
  AttemptFacts f;
  f.agent_failure = "the agent timed out after 2 s";
  f.test_failure = "x";
  EXPECT_EQ(decide(f).outcome, Decision::rejected);
  EXPECT_EQ(decide(f).reason, "the agent timed out after 2 s");
  f.agent_failure.clear();
  EXPECT_THAT(decide(f).reason, HasSubstr("the tests failed"));
  f.test_failure.clear();
  f.no_changes = true;
  EXPECT_EQ(decide(f).reason, "the attempt changed nothing");
}

TEST(Decide, ConfidentGainIsKept) {
  AttemptFacts f;
  f.results = {result("a", 0.33, 0.32, 0.34), result("b", 1.0, 0.98, 1.03)};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_EQ(d.improved, std::vector<std::string>{"a"});
  EXPECT_THAT(d.reason, HasSubstr("a 3.03x faster"));
}

TEST(Decide, NoGainOrUnsureIsSlow) {
  AttemptFacts f;
  f.results = {result("a", 0.995, 0.98, 1.01)};
  EXPECT_EQ(decide(f).outcome, Decision::slow);
  f.results = {result("a", 2.5, 2.4, 2.6)};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::slow);
  EXPECT_THAT(d.reason, HasSubstr("a 2.50x slower"));
}

TEST(Decide, MixedIsJudgedByTheCriteria) {
  AttemptFacts f;
  f.results = {result("a", 0.5, 0.48, 0.52), result("b", 1.2, 1.15, 1.25)};
  Decision d = decide(f);
  EXPECT_TRUE(d.mixed);
  EXPECT_EQ(d.outcome, Decision::slow);
  EXPECT_THAT(d.reason, HasSubstr("no done criteria"));
  f.criteria_accept = true;
  f.criteria_summary = "no worse than 2x gnu-wc: met";
  d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_THAT(d.reason, HasSubstr("accepted by the done criteria"));
  f.criteria_accept = false;
  EXPECT_EQ(decide(f).outcome, Decision::slow);
}

TEST(Decide, FlaggedChangeIsNotKeptUnlessAllowed) {
  AttemptFacts f;
  f.results = {result("a", 0.2, 0.19, 0.21)};
  f.review.files = {{"gen/gen-inputs.cc", 1, 1, false}};
  f.review.flags = {{"gen/gen-inputs.cc", "protected (gen/)"}};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::rejected);
  EXPECT_THAT(d.reason, HasSubstr("touches gen/gen-inputs.cc (protected (gen/))"));
  EXPECT_THAT(d.reason, HasSubstr("--allow-bench-changes"));
  f.allow_bench_changes = true;
  EXPECT_EQ(decide(f).outcome, Decision::kept);
}

TEST(Claims, OutsideTheMeasuredIntervalIsUnverified) {
  std::vector<BenchResult> results = {result("utf8", 1.0, 0.99, 1.01), result("short", 0.5, 0.49, 0.51)};
  std::map<std::string, Claim> claims = {
      {"utf8", {100.0, 50.0}}, {"short", {100.0, 52.0}}, {"nosuch", {1.0, 0.5}}};
  std::vector<ClaimCheck> c = check_claims(claims, results, true);
  ASSERT_EQ(c.size(), 3u);  // map order: nosuch, short, utf8
  EXPECT_FALSE(c[0].verified);
  EXPECT_EQ(c[0].why, "no such benchmark was measured");
  EXPECT_TRUE(c[1].verified);
  EXPECT_FALSE(c[2].verified);
  EXPECT_THAT(c[2].why, HasSubstr("claimed 2.00x faster"));
  EXPECT_FALSE(check_claims(claims, results, false)[1].verified);
}

}  // namespace
}  // namespace hone::loop
