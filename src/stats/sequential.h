#pragma once
// Stopping a measurement early without spending its error rate (docs/statistics.md, "Stopping").
//
// A run looks at its comparisons after every round and may stop as soon as they are answered.
// Stopping at the first look whose 95% interval answers would make a 95% interval after the
// fact wrong far more often than 1 time in 20 (the optional-stopping problem: many looks, each a
// fresh chance for noise to cross). hone uses a Haybittle–Peto boundary instead, with the 5% error
// split in two:
//   - before the planned end (max_runs or the time budget) a comparison may stop only when an
//     interval at the strict level, 99.99%, gives the same answer as the reported interval;
//     noise alone crosses that boundary at some look in about 0.2% of runs, looking after every
//     round (simulated in report/stopping_test.cc); 1% is set aside for it;
//   - the reported interval, at the planned end as at an early stop, is computed at 96%, so that
//     the two together stay within 5%.
// Pure functions.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "stats/stats.h"

namespace hone::stats {

// The level an interval must reach before a run may stop early on it (exact from 15 paired rounds:
// 1 - 2/2^15 >= 99.99%).
inline constexpr double kStrictConfidence = 0.9999;
// The level of the intervals an adaptive run reports: 95% less what the early looks may spend.
inline constexpr double kSequentialConfidence = 0.96;

// One look at a comparison during measurement.
struct Look {
  RatioEstimate ci;      // at kSequentialConfidence: what the run reports if it stops now
  RatioEstimate strict;  // at kStrictConfidence (its level says whether that level was reached)
};
// Paired samples: the exact signed-rank intervals, which reach 99.99% from 15 rounds on. Unpaired:
// the bootstrap intervals, trusted at the strict level only from 50 values per side.
Look look(std::span<const double> baseline, std::span<const double> candidate, bool paired, uint64_t seed,
          int resamples = 1000);

// What a run must find out about a comparison: a label for an interval, or nullopt while the
// interval cannot tell. The label means nothing beyond being equal or not.
using Question = std::function<std::optional<int>(const Interval&)>;
// judge()'s verdicts at `threshold`: faster, slower (each negligible or not), same; unsure
// cannot tell.
Question verdict_question(double threshold);
// A regression gate (hone check): within the bound (the interval's slow end at most 1 + bound)
// or beyond it (the whole interval above 1 + bound).
Question bound_question(double bound);
// The keep decision of an attempt: faster by more than `threshold` (the slow end below
// 1 - threshold), neither (the interval within [1 - threshold, 1 + regression]), or slower than
// the regression bound (the fast end above 1 + regression).
Question keep_question(double threshold, double regression);

// Whether a run may stop now, before its planned end, on this comparison: the strict level is
// reached and the strict interval answers the question, as the 95% interval does. An exact
// comparison (a deterministic metric) answers at once. One that cannot answer yet goes on to the
// planned end, however narrow its interval: stopping it early would only turn a question that
// more rounds may answer into "unsure".
bool may_stop(const Look& l, const Question& q);

}  // namespace hone::stats
