#include "loop/decide.h"

#include <fmt/format.h>

namespace hone::loop {

namespace {

// "1.52x faster" / "1.10x slower" for a ratio after/before.
std::string words(double ratio) {
  if (ratio <= 0) return "?";
  return ratio <= 1 ? fmt::format("{:.2f}x faster", 1 / ratio) : fmt::format("{:.2f}x slower", ratio);
}

// "3.64x faster [2.96x, 3.68x]": the measured ratio with its CI, in the words of words().
std::string measured(const stats::RatioEstimate& r) {
  if (r.ratio <= 1) return fmt::format("{:.2f}x faster [{:.2f}x, {:.2f}x]", 1 / r.ratio, 1 / r.ci.hi, 1 / r.ci.lo);
  return fmt::format("{:.2f}x slower [{:.2f}x, {:.2f}x]", r.ratio, r.ci.lo, r.ci.hi);
}

}  // namespace

std::vector<ClaimCheck> check_claims(const std::map<std::string, Claim>& claims,
                                     const std::vector<BenchResult>& results, bool time_metric) {
  std::vector<ClaimCheck> out;
  for (const auto& [bench, claim] : claims) {
    ClaimCheck c{bench, claim, false, ""};
    const BenchResult* r = nullptr;
    for (const BenchResult& x : results)
      if (x.benchmark == bench) r = &x;
    if (r == nullptr) {
      c.why = "no such benchmark was measured";
    } else if (!time_metric) {
      c.why = "claims are in milliseconds, but hone measured a count; not checkable";
    } else if (claim.before_ms && claim.after_ms) {
      double claimed = *claim.after_ms / *claim.before_ms;
      double lo = r->ratio.ci.lo * (1 - kClaimTolerance), hi = r->ratio.ci.hi * (1 + kClaimTolerance);
      c.verified = claimed >= lo && claimed <= hi;
      c.why = fmt::format("claimed {} ({:.3g} ms → {:.3g} ms); measured {}", words(claimed), *claim.before_ms,
                          *claim.after_ms, measured(r->ratio));
    } else if (claim.after_ms) {
      double ms_lo = r->after_ci.lo * 1e3 * (1 - kClaimTolerance), ms_hi = r->after_ci.hi * 1e3 * (1 + kClaimTolerance);
      c.verified = *claim.after_ms >= ms_lo && *claim.after_ms <= ms_hi;
      c.why = fmt::format("claimed {:.3g} ms after; measured {:.3g} ms [{:.3g}, {:.3g}]", *claim.after_ms,
                          r->after * 1e3, r->after_ci.lo * 1e3, r->after_ci.hi * 1e3);
    } else {
      c.why = "no after_ms to check";
    }
    out.push_back(std::move(c));
  }
  return out;
}

const char* outcome_name(Decision::Outcome o) {
  switch (o) {
    case Decision::kept: return "kept";
    case Decision::slow: return "slow";
    case Decision::rejected: return "rejected";
  }
  return "?";
}

Decision decide(const AttemptFacts& f) {
  Decision d;
  auto reject = [&](std::string why) {
    d.outcome = Decision::rejected;
    d.reason = std::move(why);
    return d;
  };
  if (!f.agent_failure.empty()) return reject(f.agent_failure);
  if (f.no_changes) return reject("the attempt changed nothing");
  if (!f.build_failure.empty()) return reject(fmt::format("the build failed: {}", f.build_failure));
  if (!f.test_failure.empty()) return reject(fmt::format("the tests failed: {}", f.test_failure));
  if (f.results.empty()) return reject("no benchmark was measured on both sides");

  std::vector<std::string> gains, losses;
  for (const BenchResult& r : f.results) {
    if (r.ratio.ci.hi < 1 - f.threshold) {
      d.improved.push_back(r.benchmark);
      gains.push_back(fmt::format("{} {}", r.benchmark, words(r.ratio.ratio)));
    } else if (r.ratio.ci.lo > 1 + f.regression) {
      d.regressed.push_back(r.benchmark);
      losses.push_back(fmt::format("{} {}", r.benchmark, words(r.ratio.ratio)));
    }
  }
  std::string measured;
  if (!gains.empty()) measured += fmt::format("faster with confidence: {}", fmt::join(gains, ", "));
  if (!losses.empty())
    measured += fmt::format("{}slower than the {:.3g}% bound: {}", measured.empty() ? "" : "; ",
                            f.regression * 100, fmt::join(losses, ", "));

  if (f.review.flagged() && !f.allow_bench_changes) {
    std::vector<std::string> parts;
    for (const Flag& fl : f.review.flags) parts.push_back(fmt::format("{} ({})", fl.path, fl.why));
    return reject(fmt::format("the change touches {}: a speedup measured on changed tests, benchmarks "
                              "or inputs proves nothing (pass --allow-bench-changes to keep such a "
                              "change){}",
                              fmt::join(parts, ", "), measured.empty() ? "" : "; measured " + measured));
  }
  if (d.improved.empty()) {
    d.outcome = Decision::slow;
    d.reason = fmt::format("no benchmark faster by more than {:.3g}% with confidence{}", f.threshold * 100,
                           losses.empty() ? "" : "; " + measured);
    return d;
  }
  if (d.regressed.empty()) {
    d.outcome = Decision::kept;
    d.reason = fmt::format("{}; none slower than the {:.3g}% regression bound", measured, f.regression * 100);
    return d;
  }
  d.mixed = true;
  if (f.criteria_accept.value_or(false)) {
    d.outcome = Decision::kept;
    d.reason = fmt::format("mixed ({}), accepted by the done criteria: {}", measured, f.criteria_summary);
  } else {
    d.outcome = Decision::slow;
    d.reason = fmt::format("mixed ({}); {}", measured,
                           f.criteria_accept ? "the done criteria do not accept the trade-off: " + f.criteria_summary
                                             : std::string("no done criteria to judge the trade-off by"));
  }
  return d;
}

}  // namespace hone::loop
