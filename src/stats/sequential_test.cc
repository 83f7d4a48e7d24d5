// The pieces of the stop rule on hand-made intervals; report/stopping_test.cc measures the whole
// rule by simulation.
#include "stats/sequential.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace hone::stats {
namespace {

Look look_of(Interval ci, Interval strict, double level = kStrictConfidence) {
  const double mid = std::sqrt(ci.lo * ci.hi);
  return Look{RatioEstimate{mid, ci, kSequentialConfidence}, RatioEstimate{mid, strict, level}};
}

TEST(Questions, VerdictsAsJudgeGivesThem) {
  const Question q = verdict_question(0.01);
  EXPECT_FALSE(q({0.995, 1.02}));                   // unsure
  EXPECT_EQ(q({0.995, 1.005}), q({0.991, 1.009}));  // same
  EXPECT_NE(q({1.001, 1.005}), q({1.001, 1.02}));   // negligible slower is not slower
  EXPECT_NE(q({1.02, 1.03}), q({0.97, 0.98}));      // slower is not faster
}

TEST(Questions, BoundAndKeep) {
  const Question gate = bound_question(0.05);
  EXPECT_EQ(gate({0.9, 1.05}), 0);
  EXPECT_EQ(gate({1.06, 1.2}), 1);
  EXPECT_FALSE(gate({1.0, 1.06}));
  const Question keep = keep_question(0.01, 0.05);
  EXPECT_EQ(keep({0.8, 0.98}), 0);    // faster by more than 1%
  EXPECT_EQ(keep({0.995, 1.04}), 1);  // neither: no gain, inside the bound
  EXPECT_EQ(keep({1.06, 1.1}), 2);    // beyond the bound
  EXPECT_FALSE(keep({0.98, 1.0}));    // may still turn out faster
  EXPECT_FALSE(keep({1.02, 1.07}));   // may still turn out beyond the bound
}

TEST(MayStop, OnlyWhenTheStrictIntervalAgrees) {
  const Question q = verdict_question(0.01);
  // The reported interval says slower, the strict one cannot tell yet: go on.
  EXPECT_FALSE(may_stop(look_of({1.02, 1.05}, {0.995, 1.07}), q));
  // Both say slower: stop.
  EXPECT_TRUE(may_stop(look_of({1.03, 1.05}, {1.02, 1.06}), q));
  // Both say the same, but the strict level was not reached (too few rounds): go on.
  EXPECT_FALSE(may_stop(look_of({1.03, 1.05}, {1.02, 1.06}, 0.9998), q));
  // Reported: faster but negligible; strict: same. Go on (the strict interval must agree).
  EXPECT_FALSE(may_stop(look_of({0.992, 0.999}, {0.991, 1.002}), q));
  // Neither can tell, however narrow: go on (the planned end answers).
  EXPECT_FALSE(may_stop(look_of({0.998, 1.012}, {0.997, 1.013}), q));
  EXPECT_FALSE(may_stop(look_of({1.0, 1.03}, {0.99, 1.04}), q));
}

TEST(Look, PairedExactAndTooFewRounds) {
  const std::vector<double> a{1, 1, 1, 1, 1}, b{2, 2, 2, 2, 2};
  const Look exact = look(a, b, true, 0);
  EXPECT_EQ(exact.strict.level, 1);
  EXPECT_TRUE(may_stop(exact, verdict_question(0.01)));
  // Fourteen noisy rounds, a twofold slowdown: the strict level (99.99%) cannot be reached yet;
  // at fifteen it is (1 - 2/2^15).
  std::vector<double> x, y;
  for (int i = 0; i < 15; ++i) {
    x.push_back(1 + 0.01 * i);
    y.push_back(2 + 0.013 * ((i * 7) % 15));
  }
  const Look fourteen = look(std::span(x).first(14), std::span(y).first(14), true, 0);
  EXPECT_LT(fourteen.strict.level, kStrictConfidence);
  EXPECT_FALSE(may_stop(fourteen, verdict_question(0.01)));
  EXPECT_GE(look(x, y, true, 0).strict.level, kStrictConfidence);
  EXPECT_TRUE(may_stop(look(x, y, true, 0), verdict_question(0.01)));
  // Unpaired with few values: the bootstrap is not trusted at 99.9%.
  EXPECT_FALSE(may_stop(look(x, y, false, 1, 200), verdict_question(0.01)));
}

}  // namespace
}  // namespace hone::stats
