#include "loop/decide.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

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
  // A clear gain has a tiny one-sided p-value; anything else none worth the name.
  r.p_faster = hi < 0.99 ? 1e-6 : 0.5;
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
  std::map<std::string, Claim> claims = {{"utf8", {100.0, 50.0}}, {"short", {100.0, 52.0}}, {"nosuch", {1.0, 0.5}}};
  std::vector<ClaimCheck> c = check_claims(claims, results, ClaimUnits::time);
  ASSERT_EQ(c.size(), 3u);  // map order: nosuch, short, utf8
  EXPECT_FALSE(c[0].verified);
  EXPECT_EQ(c[0].why, "no such benchmark was measured");
  EXPECT_TRUE(c[1].verified);
  EXPECT_FALSE(c[2].verified);
  EXPECT_THAT(c[2].why, HasSubstr("claimed 2.00x faster"));
  EXPECT_FALSE(check_claims(claims, results, ClaimUnits::none)[1].verified);
}

TEST(Decide, ABenchmarkNotShownWithinTheBoundBlocksKeeping) {
  // The case of issue 10: text faster, deep and attrs slower with CIs that reach past 5%.
  AttemptFacts f;
  f.results = {result("text", 0.89, 0.86, 0.92), result("deep", 1.09, 1.02, 1.46), result("attrs", 1.05, 0.91, 1.21)};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::slow);
  EXPECT_TRUE(d.unsure);
  EXPECT_EQ(d.unshown, (std::vector<std::string>{"deep", "attrs"}));
  EXPECT_THAT(d.reason,
              HasSubstr("unsure (faster with confidence (Hochberg over 3 benchmarks at 2%): text 1.12x faster"));
  EXPECT_THAT(d.reason, HasSubstr("not shown within the 5% bound: deep 1.09x slower [1.02x, 1.46x], "
                                  "attrs 1.05x slower [0.91x, 1.21x]"));
  // The criteria may accept the trade-off; then it is kept as mixed, saying so.
  f.criteria_accept = true;
  f.criteria_summary = "geomean speedup >= 1.01x vs baseline: met";
  d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_TRUE(d.mixed);
  // Within the bound (slow end at most 1.05): kept.
  f.criteria_accept.reset();
  f.results[1] = result("deep", 1.01, 0.99, 1.05);
  f.results[2] = result("attrs", 1.02, 0.995, 1.04);
  d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_THAT(d.reason, HasSubstr("; none slower than the 5% regression bound"));
}

TEST(Decide, HochbergOverTheBenchmarksDecidesWhatIsCredited) {
  AttemptFacts f;
  // Both CIs lie below 0.99, but p = 0.015 passes alone (<= 0.02) and not beside a second
  // benchmark without a smaller p (0.02 / 2).
  BenchResult a = result("a", 0.97, 0.95, 0.985), b = result("b", 1.0, 0.99, 1.01);
  a.p_faster = 0.015;
  f.results = {a};
  EXPECT_EQ(decide(f).outcome, Decision::kept);
  f.results = {a, b};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::slow);
  EXPECT_THAT(d.reason, HasSubstr("no benchmark faster by more than 1% with confidence (Hochberg over 2 benchmarks"));
  EXPECT_THAT(d.reason,
              HasSubstr("not credited after Hochberg's correction: a 1.03x faster [1.02x, 1.05x] (p = 0.015)"));
  // With a second, strong gain the larger p (0.015) passes its threshold (0.02), and step-up
  // credits both.
  BenchResult c = result("c", 0.5, 0.48, 0.52);
  c.p_faster = 0.001;
  f.results = {a, c};
  d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_EQ(d.improved, (std::vector<std::string>{"a", "c"}));
}

TEST(Claims, MustPointTheWayTheMeasurementDoes) {
  // Claimed 1.12x faster; measured 1.05x slower [0.91x, 1.21x]: inside the widened CI, but the
  // measurement does not show a speedup. Not verified (it was, before).
  std::vector<BenchResult> results = {result("attrs", 1.05, 0.91, 1.21), result("text", 0.89, 0.86, 0.92)};
  std::map<std::string, Claim> claims = {{"attrs", {100.0, 89.3}}, {"text", {100.0, 89.3}}};
  std::vector<ClaimCheck> c = check_claims(claims, results, ClaimUnits::time);
  EXPECT_FALSE(c[0].verified);
  EXPECT_THAT(c[0].why, HasSubstr("claimed 1.12x faster (100 ms → 89.3 ms); measured 1.05x slower [0.91x, 1.21x] "
                                  "(paired ratio, 95% CI): not faster with confidence"));
  EXPECT_TRUE(c[1].verified);
  // A claimed slowdown needs a measured one.
  claims = {{"text", {100.0, 110.0}}};
  EXPECT_FALSE(check_claims(claims, results, ClaimUnits::time)[0].verified);
  // A harness's own numbers: the ratio is checked, after_ms alone is not.
  claims = {{"text", {100.0, 89.3}}, {"attrs", {std::nullopt, 89.3}}};
  c = check_claims(claims, results, ClaimUnits::ratios_only);
  EXPECT_FALSE(c[0].verified);
  EXPECT_THAT(c[0].why, HasSubstr("claim before_ms too"));
  EXPECT_TRUE(c[1].verified);
}

}  // namespace
}  // namespace hone::loop

namespace hone::loop {
namespace {

TEST(MaskHeldOut, RenamesHeldOutInOrderKeepingNumbers) {
  std::vector<BenchResult> r(3);
  r[0].benchmark = "a";
  r[1].benchmark = "secret";
  r[1].after = 7;
  r[2].benchmark = "other-secret";
  std::vector<BenchResult> m = mask_held_out(r, {"secret", "other-secret"});
  EXPECT_EQ(m[0].benchmark, "a");
  EXPECT_EQ(m[1].benchmark, "held-out #1");
  EXPECT_EQ(m[1].after, 7);
  EXPECT_EQ(m[2].benchmark, "held-out #2");
  EXPECT_EQ(mask_held_out(r, {})[1].benchmark, "secret");
}

stats::RatioEstimate ratio(double r) { return {r, {r * 0.99, r * 1.01}}; }

TEST(AcrossLayouts, GeometricMeanWithATIntervalOverTheVariants) {
  LayoutResult l = across_layouts("a", {ratio(0.8), ratio(1.0), ratio(1.0), ratio(1.25)});
  EXPECT_NEAR(l.across.ratio, 1.0, 1e-12);
  // logs: -0.2231, 0, 0, 0.2231; sd 0.1822; t(0.98, 3) = 3.482; half-width 3.482 * 0.1822 / 2.
  EXPECT_NEAR(std::log(l.across.ci.hi), 3.482 * 0.18222 / 2, 1e-3);
  EXPECT_NEAR(std::log(l.across.ci.lo), -3.482 * 0.18222 / 2, 1e-3);
  // Identical variants: the interval is the point (a deterministic metric).
  LayoutResult same = across_layouts("a", {ratio(0.5), ratio(0.5)});
  EXPECT_NEAR(same.across.ci.lo, 0.5, 1e-12);
  EXPECT_NEAR(same.across.ci.hi, 0.5, 1e-12);
}

TEST(DecideLayout, OnlyTheGainThatHoldsAcrossLayoutsIsCredited) {
  AttemptFacts f;
  f.results = {result("text", 0.89, 0.87, 0.91), result("deep", 0.5, 0.49, 0.51), result("attrs", 1.0, 0.98, 1.02)};
  f.layout = {across_layouts("text", {ratio(0.89), ratio(1.05), ratio(0.97), ratio(1.1)}),
              across_layouts("deep", {ratio(0.5), ratio(0.51), ratio(0.49), ratio(0.5)})};
  Decision d = decide(f);
  EXPECT_EQ(d.outcome, Decision::kept);
  EXPECT_EQ(d.improved, std::vector<std::string>{"deep"});
  EXPECT_EQ(d.layout_noise, std::vector<std::string>{"text"});
  EXPECT_THAT(d.reason, HasSubstr("within layout noise (a gain that does not hold when the code moves is not "
                                  "credited): text 1.12x faster [1.10x, 1.15x] on the builds as they are"));
  // Without the deep gain nothing is left: parked, and the reason says why first.
  f.results.erase(f.results.begin() + 1);
  d = decide(f);
  EXPECT_EQ(d.outcome, Decision::slow);
  EXPECT_THAT(d.reason, ::testing::StartsWith("within layout noise: no gain that holds across the layout variants"));
  EXPECT_TRUE(d.improved.empty());
}

}  // namespace
}  // namespace hone::loop
