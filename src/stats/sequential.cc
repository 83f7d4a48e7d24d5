#include "stats/sequential.h"

namespace hone::stats {

namespace {
constexpr size_t kMinUnpairedForStrict = 50;
}  // namespace

Look look(std::span<const double> baseline, std::span<const double> candidate, bool paired, uint64_t seed,
          int resamples) {
  Look l;
  if (paired) {
    const double levels[] = {kSequentialConfidence, kStrictConfidence};
    std::vector<RatioEstimate> e = paired_ratio_levels(baseline, candidate, levels);
    l.ci = e[0];
    l.strict = e[1];
    return l;
  }
  l.ci = ratio_of_medians(baseline, candidate, seed, resamples, kSequentialConfidence);
  l.strict = ratio_of_medians(baseline, candidate, seed, resamples, kStrictConfidence);
  if (l.strict.level < 1 && std::min(baseline.size(), candidate.size()) < kMinUnpairedForStrict) l.strict.level = 0;
  return l;
}

Question verdict_question(double threshold) {
  return [threshold](const Interval& ci) -> std::optional<int> {
    const Judgement j = judge(ci, threshold);
    if (j.verdict == Verdict::unsure) return std::nullopt;
    return static_cast<int>(j.verdict) * 2 + (j.negligible ? 1 : 0);
  };
}

Question bound_question(double bound) {
  return [bound](const Interval& ci) -> std::optional<int> {
    if (ci.hi <= 1 + bound) return 0;
    if (ci.lo > 1 + bound) return 1;
    return std::nullopt;
  };
}

Question keep_question(double threshold, double regression) {
  return [threshold, regression](const Interval& ci) -> std::optional<int> {
    if (ci.hi < 1 - threshold) return 0;
    if (ci.lo > 1 + regression) return 2;
    if (ci.lo >= 1 - threshold && ci.hi <= 1 + regression) return 1;
    return std::nullopt;
  };
}

bool may_stop(const Look& l, const Question& q) {
  if (l.strict.level < kStrictConfidence - 1e-12) return false;  // too few rounds for the strict level
  const std::optional<int> now = q(l.ci.ci);
  return now && now == q(l.strict.ci);
}

}  // namespace hone::stats
