#include "loop/decide.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

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

std::string measured_text(const stats::RatioEstimate& r) { return measured(r); }

// "text 1.12x faster [1.08x, 1.16x]": a benchmark's paired ratio with its 95% CI.
std::string named(const BenchResult& r) { return fmt::format("{} {}", r.benchmark, measured(r.ratio)); }

// Student's t quantile at 0.98 (two-sided 96%, kSequentialConfidence) for 1..20 degrees of
// freedom; beyond 20 the value at 20 (slightly wide, never narrow).
constexpr double kT98[] = {15.895, 4.849, 3.482, 2.999, 2.757, 2.612, 2.517, 2.449, 2.398, 2.359,
                           2.328,  2.303, 2.282, 2.264, 2.249, 2.235, 2.224, 2.214, 2.205, 2.197};

// "1.25x faster, 1.00x faster, 1.25x slower": each variant's ratio.
std::string per_variant(const LayoutResult& l) {
  std::vector<std::string> parts;
  for (const stats::RatioEstimate& r : l.variants) parts.push_back(words(r.ratio));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

LayoutResult across_layouts(const std::string& benchmark, const std::vector<stats::RatioEstimate>& variants) {
  LayoutResult l{benchmark, variants, {}};
  const size_t n = variants.size();
  if (n == 0) return l;
  double mean = 0;
  for (const stats::RatioEstimate& r : variants) mean += std::log(r.ratio);
  mean /= static_cast<double>(n);
  double half = 0;
  if (n >= 2) {
    double ss = 0;
    for (const stats::RatioEstimate& r : variants) ss += (std::log(r.ratio) - mean) * (std::log(r.ratio) - mean);
    const double sd = std::sqrt(ss / static_cast<double>(n - 1));
    half = kT98[std::min<size_t>(n - 1, std::size(kT98)) - 1] * sd / std::sqrt(static_cast<double>(n));
  } else {
    half = std::max(std::log(variants[0].ci.hi) - mean, mean - std::log(variants[0].ci.lo));
  }
  l.across.ratio = std::exp(mean);
  l.across.ci = stats::Interval{std::exp(mean - half), std::exp(mean + half)};
  return l;
}

std::vector<ClaimCheck> check_claims(const std::map<std::string, Claim>& claims,
                                     const std::vector<BenchResult>& results, ClaimUnits units) {
  std::vector<ClaimCheck> out;
  for (const auto& [bench, claim] : claims) {
    ClaimCheck c{bench, claim, false, ""};
    const BenchResult* r = nullptr;
    for (const BenchResult& x : results)
      if (x.benchmark == bench) r = &x;
    if (r == nullptr) {
      c.why = "no such benchmark was measured";
    } else if (units == ClaimUnits::none) {
      c.why = "claims are in milliseconds, but hone measured a count; not checkable";
    } else if (claim.before_ms && claim.after_ms && *claim.before_ms > 0 && *claim.after_ms > 0) {
      double claimed = *claim.after_ms / *claim.before_ms;
      double lo = r->ratio.ci.lo * (1 - kClaimTolerance), hi = r->ratio.ci.hi * (1 + kClaimTolerance);
      // The direction must agree with confidence; then the size must be near the measured CI.
      bool direction = claimed < 1 ? r->ratio.ci.hi < 1 : claimed > 1 ? r->ratio.ci.lo > 1 : r->ratio.ci.contains(1);
      c.verified = direction && claimed >= lo && claimed <= hi;
      c.why = fmt::format("claimed {} ({:.3g} ms → {:.3g} ms); measured {} (paired ratio, 95% CI){}", words(claimed),
                          *claim.before_ms, *claim.after_ms, measured(r->ratio),
                          direction     ? ""
                          : claimed < 1 ? ": not faster with confidence"
                                        : ": not slower with confidence");
    } else if (claim.after_ms && units == ClaimUnits::ratios_only) {
      c.why = "claimed after_ms alone, but the harness reports its own unit; claim before_ms too";
    } else if (claim.after_ms) {
      double ms_lo = r->after_ci.lo * 1e3 * (1 - kClaimTolerance), ms_hi = r->after_ci.hi * 1e3 * (1 + kClaimTolerance);
      c.verified = *claim.after_ms >= ms_lo && *claim.after_ms <= ms_hi;
      c.why = fmt::format("claimed {:.3g} ms after; measured median {:.3g} ms [{:.3g}, {:.3g}] (95% CI)",
                          *claim.after_ms, r->after * 1e3, r->after_ci.lo * 1e3, r->after_ci.hi * 1e3);
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

  // Gains: faster than 1 - threshold with confidence, credited only when Hochberg's procedure
  // over all k benchmarks rejects "not faster" at kKeepAlpha.
  std::vector<double> p;
  for (const BenchResult& r : f.results) p.push_back(r.p_faster);
  const std::vector<bool> credited = stats::hochberg(p, kKeepAlpha);
  const size_t k = f.results.size();
  std::vector<std::string> gains, losses, unshown, uncredited, layout_noise;
  for (size_t i = 0; i < k; ++i) {
    const BenchResult& r = f.results[i];
    const LayoutResult* layout = nullptr;
    for (const LayoutResult& l : f.layout)
      if (l.benchmark == r.benchmark) layout = &l;
    if (r.ratio.ci.hi < 1 - f.threshold && credited[i] && layout && layout->across.ci.hi >= 1 - f.threshold) {
      d.layout_noise.push_back(r.benchmark);
      layout_noise.push_back(fmt::format("{} on the builds as they are, but {} across {} layout variants ({})",
                                         named(r), measured(layout->across), layout->variants.size(),
                                         per_variant(*layout)));
      continue;
    }
    if (r.ratio.ci.hi < 1 - f.threshold && credited[i]) {
      d.improved.push_back(r.benchmark);
      gains.push_back(named(r));
      continue;
    }
    if (r.ratio.ci.hi < 1 - f.threshold) uncredited.push_back(fmt::format("{} (p = {:.2g})", named(r), r.p_faster));
    if (r.ratio.ci.lo > 1 + f.regression) {
      d.regressed.push_back(r.benchmark);
      losses.push_back(named(r));
    } else if (r.ratio.ci.hi > 1 + f.regression) {
      d.unshown.push_back(r.benchmark);
      unshown.push_back(named(r));
    }
  }
  const std::string multiplicity_note =
      k > 1 ? fmt::format(" (Hochberg over {} benchmarks at {:.3g}%)", k, kKeepAlpha * 100) : std::string();
  std::string measured;
  if (!gains.empty())
    measured += fmt::format("faster with confidence{}: {}", multiplicity_note, fmt::join(gains, ", "));
  auto add = [&](const std::string& part) { measured += (measured.empty() ? "" : "; ") + part; };
  if (!gains.empty() && !f.layout.empty())
    add(fmt::format("the gain held across {} layout variants: {}", f.layout.front().variants.size(), [&] {
      std::vector<std::string> held;
      for (const BenchResult& r : f.results)
        if (std::find(d.improved.begin(), d.improved.end(), r.benchmark) != d.improved.end())
          for (const LayoutResult& l : f.layout)
            if (l.benchmark == r.benchmark) held.push_back(fmt::format("{} {}", r.benchmark, measured_text(l.across)));
      return fmt::format("{}", fmt::join(held, ", "));
    }()));
  if (!layout_noise.empty())
    add(fmt::format("within layout noise (a gain that does not hold when the code moves is not credited): {}",
                    fmt::join(layout_noise, "; ")));
  if (!losses.empty())
    add(fmt::format("slower than the {:.3g}% bound: {}", f.regression * 100, fmt::join(losses, ", ")));
  if (!unshown.empty())
    add(fmt::format("not shown within the {:.3g}% bound: {}", f.regression * 100, fmt::join(unshown, ", ")));
  if (!uncredited.empty())
    add(fmt::format("not credited after Hochberg's correction: {}", fmt::join(uncredited, ", ")));

  if (f.review.flagged() && !f.allow_bench_changes) {
    std::vector<std::string> parts;
    for (const Flag& fl : f.review.flags) parts.push_back(fmt::format("{} ({})", fl.path, fl.why));
    return reject(
        fmt::format("the change touches {}: a speedup measured on changed tests, benchmarks "
                    "or inputs proves nothing (pass --allow-bench-changes to keep such a "
                    "change){}",
                    fmt::join(parts, ", "), measured.empty() ? "" : "; measured " + measured));
  }
  if (d.improved.empty() && !d.layout_noise.empty()) {
    d.outcome = Decision::slow;
    d.reason = fmt::format("within layout noise: no gain that holds across the layout variants{}; {}",
                           multiplicity_note, measured);
    return d;
  }
  if (d.improved.empty()) {
    d.outcome = Decision::slow;
    d.reason = fmt::format("no benchmark faster by more than {:.3g}% with confidence{}{}", f.threshold * 100,
                           multiplicity_note, measured.empty() ? "" : "; " + measured);
    return d;
  }
  if (d.regressed.empty() && d.unshown.empty()) {
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
    d.unsure = d.regressed.empty();
    d.reason = fmt::format("{} ({}); {}", d.unsure ? "unsure" : "mixed", measured,
                           f.criteria_accept ? "the done criteria do not accept the trade-off: " + f.criteria_summary
                                             : std::string("no done criteria to judge the trade-off by"));
  }
  return d;
}

std::vector<BenchResult> mask_held_out(const std::vector<BenchResult>& results, const std::set<std::string>& held_out) {
  std::vector<BenchResult> out = results;
  int n = 0;
  for (BenchResult& r : out)
    if (held_out.count(r.benchmark)) r.benchmark = fmt::format("held-out #{}", ++n);
  return out;
}

}  // namespace hone::loop
