// The done criteria's clauses judged on measured data (criteria.h): met, not met or unsure, with
// the numbers that decided it.
#include "criteria/criteria.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "criteria/units.h"
#include "util/error.h"
#include "util/units.h"

namespace hone::criteria {

const char* status_name(Status s) {
  switch (s) {
    case Status::met: return "met";
    case Status::not_met: return "not met";
    case Status::unsure: return "unsure";
  }
  return "?";
}

const char* status_mark(Status s) {
  switch (s) {
    case Status::met: return "✓";
    case Status::not_met: return "✗";
    case Status::unsure: return "?";
  }
  return "?";
}

std::string result_line(const Result& r) {
  return fmt::format("{} {} — {}: {}", status_mark(r.status), r.text, status_name(r.status), r.summary);
}

namespace {

// ---------------------------------------------------------------------------------------------
// Formatting

// 3 significant digits: 0.165, 6.05, 12.3, 123; plain integers from 1000 up.
std::string sig3(double x) {
  if (!std::isfinite(x)) return x > 0 ? "∞" : "n/a";  // never "nan" or "-inf" in a report
  if (x == 0) return "0";
  int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(std::abs(x)))));
  std::string s = fmt::format("{:.{}f}", x, decimals);
  // Rounding may reach the next power of ten (0.9996 -> "1.000"): one decimal fewer then.
  const double r = std::abs(std::strtod(s.c_str(), nullptr));
  if (decimals > 0 && r > 0 && std::floor(std::log10(r)) > std::floor(std::log10(std::abs(x))))
    s = fmt::format("{:.{}f}", x, decimals - 1);
  return s;
}

std::string factor_text(double f) { return fmt::format("{:g}x", f); }
std::string percent_text(double p) { return fmt::format("{:g}%", p * 100); }

std::string plural(size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string ratio_text(const std::string& ref, const stats::RatioEstimate& r) {
  return fmt::format("ours/{} {}x [{}–{}]", ref, sig3(r.ratio), sig3(r.ci.lo), sig3(r.ci.hi));
}

std::string value_text(Family f, double v) {
  switch (f) {
    case Family::time: return format_seconds(v);
    case Family::bytes: return format_bytes(v);
    case Family::count: return format_count(v);
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Evaluation

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x;
  return out.empty() ? "none" : out;
}

std::vector<std::string> references_with_numbers(const Data& d) {
  std::vector<std::string> out;
  for (const BenchNumbers& b : d.benchmarks)
    for (const auto& [k, v] : b.vs)
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  for (const auto& [k, v] : d.geomean_vs)
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  return out;
}

[[noreturn]] void missing_reference(const Data& d, const std::string& ref, std::string_view what) {
  std::vector<std::string> have = references_with_numbers(d);
  if (std::find(have.begin(), have.end(), ref) != have.end())
    fail("no {} against '{}': it needs at least two benchmarks measured against it", what, ref);
  if (ref == "baseline") fail("no {} against 'baseline': run `hone baseline` first", what);
  fail(
      "no {} against '{}': run `hone bench` or `hone baseline` with target '{}' configured "
      "(references with numbers: {})",
      what, ref, ref, join(have));
}

void need_benchmarks(const Data& d) {
  if (d.benchmarks.empty()) fail("no measurements to judge: run `hone bench` or `hone baseline` first");
}

const BenchNumbers& find_benchmark(const Data& d, const std::string& name) {
  need_benchmarks(d);
  for (const BenchNumbers& b : d.benchmarks)
    if (b.benchmark == name) return b;
  std::vector<std::string> names;
  for (const BenchNumbers& b : d.benchmarks) names.push_back(b.benchmark);
  fail(
      "no numbers for benchmark '{}' (benchmarks with numbers: {}): check the name in hone.toml "
      "or run `hone bench`",
      name, join(names));
}

// The benchmarks a ratio clause looks at, each with its ratio against ref: the named one, or
// every benchmark that has numbers against ref (a competitor may run only some benchmarks; a
// benchmark added after the baseline was recorded has no baseline numbers).
std::vector<std::pair<const BenchNumbers*, stats::RatioEstimate>> ratios(const Data& d, const std::string& ref,
                                                                         const Quantifier& q) {
  need_benchmarks(d);
  const bool known =
      std::any_of(d.benchmarks.begin(), d.benchmarks.end(), [&](const BenchNumbers& b) { return b.vs.count(ref) > 0; });
  if (!known) missing_reference(d, ref, "numbers");
  std::vector<std::pair<const BenchNumbers*, stats::RatioEstimate>> out;
  if (q.kind == Quantifier::one) {
    const BenchNumbers& b = find_benchmark(d, q.benchmark);
    const auto it = b.vs.find(ref);
    if (it == b.vs.end()) {
      if (ref == "baseline")
        fail("no baseline numbers for benchmark '{}': run `hone baseline` again to include it", b.benchmark);
      fail(
          "no numbers against '{}' for benchmark '{}': run `hone bench` or `hone baseline` with "
          "'{}' among its targets",
          ref, b.benchmark, ref);
    }
    out.emplace_back(&b, it->second);
    return out;
  }
  for (const BenchNumbers& b : d.benchmarks)
    if (const auto it = b.vs.find(ref); it != b.vs.end()) out.emplace_back(&b, it->second);
  return out;
}

enum class Pass { yes, no, unsure };

// How many benchmarks must pass.
size_t required(const Quantifier& q, size_t n) {
  switch (q.kind) {
    case Quantifier::all: return n;
    case Quantifier::one: return 1;
    case Quantifier::count: return static_cast<size_t>(q.n);
    case Quantifier::fraction:
      return (static_cast<size_t>(q.n) * n + static_cast<size_t>(q.m) - 1) / static_cast<size_t>(q.m);
  }
  return n;
}

struct Words {
  std::string pass_line, fail_line, unsure_line;  // after "→" in a benchmark's line
  std::string slower_line;                        // instead of fail_line when the CI is above 1
  std::string pass, fail, unsure;                 // one benchmark: "short-lines: <pass>"
  std::string counted;                            // "faster than gnu-wc"
  std::string failed;                             // "worse" (empty: not shown in the count)
};

// Shared by faster / no worse than / no regression: every benchmark passes, fails or is
// unsure from its CI; the quantifier says how many must pass.
Result count_clause(const Clause& c, const Data& d, const Words& w,
                    const std::function<Pass(const stats::Interval&)>& judge) {
  Result res;
  res.text = c.text;
  const auto rs = ratios(d, c.reference, c.quantifier);
  size_t yes = 0, no = 0, unsure = 0;
  Pass last = Pass::unsure;
  for (const auto& [b, r] : rs) {
    last = judge(r.ci);
    const std::string& word = last == Pass::yes                       ? w.pass_line
                              : last == Pass::unsure                  ? w.unsure_line
                              : !w.slower_line.empty() && r.ci.lo > 1 ? w.slower_line
                                                                      : w.fail_line;
    (last == Pass::yes ? yes : last == Pass::no ? no : unsure) += 1;
    res.lines.push_back(fmt::format("{}: {} → {}", b->benchmark, ratio_text(c.reference, r), word));
  }
  const size_t n = rs.size(), need = required(c.quantifier, n);
  res.status = yes >= need ? Status::met : yes + unsure < need ? Status::not_met : Status::unsure;
  if (c.quantifier.kind == Quantifier::one) {
    res.summary = fmt::format("{}: {} ({})", rs[0].first->benchmark,
                              last == Pass::yes  ? w.pass
                              : last == Pass::no ? w.fail
                                                 : w.unsure,
                              ratio_text(c.reference, rs[0].second));
    return res;
  }
  res.summary = fmt::format("{} of {} {} with confidence", yes, plural(n, "benchmark"), w.counted);
  if (!w.failed.empty() && no > 0) res.summary += fmt::format(", {} {}", no, w.failed);
  if (unsure > 0) res.summary += fmt::format(", {} unsure", unsure);
  if (c.quantifier.kind == Quantifier::all) {
    res.summary += "; needs all";
  } else {
    res.summary += fmt::format("; needs {}", need);
    if (need > n) res.summary += fmt::format(" but only {} have numbers", plural(n, "benchmark"));
  }
  return res;
}

Result faster(const Clause& c, const Data& d) {
  const std::string& ref = c.reference;
  Words w;
  w.pass_line = "faster";
  w.fail_line = "not faster";
  w.slower_line = "slower";
  w.unsure_line = "unsure (CI crosses 1)";
  w.pass = fmt::format("faster than {} with confidence", ref);
  w.fail = fmt::format("not faster than {}", ref);
  w.unsure = fmt::format("not sure it is faster than {}: the CI crosses 1", ref);
  w.counted = fmt::format("faster than {}", ref);
  return count_clause(c, d, w, [](const stats::Interval& ci) {
    return ci.hi < 1 ? Pass::yes : ci.lo >= 1 ? Pass::no : Pass::unsure;
  });
}

Result no_worse(const Clause& c, const Data& d) {
  const std::string f = factor_text(c.factor);
  Words w;
  w.pass_line = fmt::format("within {}", f);
  w.fail_line = fmt::format("worse than {}", f);
  w.unsure_line = fmt::format("unsure (CI crosses {})", f);
  w.pass = fmt::format("no worse than {} {} with confidence", f, c.reference);
  w.fail = fmt::format("worse than {} {}", f, c.reference);
  w.unsure = fmt::format("not sure it is within {} {}: the CI crosses {}", f, c.reference, f);
  w.counted = fmt::format("no worse than {} {}", f, c.reference);
  w.failed = "worse";
  const double limit = c.factor;
  return count_clause(c, d, w, [limit](const stats::Interval& ci) {
    return ci.hi <= limit ? Pass::yes : ci.lo > limit ? Pass::no : Pass::unsure;
  });
}

Result no_regression(const Clause& c, const Data& d) {
  const std::string p = percent_text(c.fraction);
  const double limit = 1 + c.fraction;
  Words w;
  w.pass_line = fmt::format("within +{}", p);
  w.fail_line = fmt::format("regressed more than {}", p);
  w.unsure_line = fmt::format("unsure (CI crosses {}x)", sig3(limit));
  w.pass = fmt::format("no regression > {} vs {} with confidence", p, c.reference);
  w.fail = fmt::format("regressed more than {} vs {}", p, c.reference);
  w.unsure = fmt::format("not sure it is within +{} of {}: the CI crosses {}x", p, c.reference, sig3(limit));
  w.counted = fmt::format("without a regression > {} vs {}", p, c.reference);
  w.failed = "regressed";
  return count_clause(c, d, w, [limit](const stats::Interval& ci) {
    return ci.hi <= limit ? Pass::yes : ci.lo > limit ? Pass::no : Pass::unsure;
  });
}

Result geomean(const Clause& c, const Data& d) {
  Result res;
  res.text = c.text;
  stats::GeoMean g;
  if (const auto it = d.geomean_vs.find(c.reference); it != d.geomean_vs.end()) {
    g = it->second;
  } else {
    // The analysis has geomeans over two benchmarks or more; the geometric mean of one ratio is
    // that ratio, with its own interval.
    std::vector<stats::RatioEstimate> one;
    for (const BenchNumbers& b : d.benchmarks)
      if (const auto r = b.vs.find(c.reference); r != b.vs.end()) one.push_back(r->second);
    if (one.size() != 1) missing_reference(d, c.reference, "geometric mean");
    g = stats::GeoMean{one[0].ratio, one[0].ci};
  }
  const double inf = std::numeric_limits<double>::infinity();
  const double speedup = g.value > 0 ? 1 / g.value : inf;
  const double lo = g.ci.hi > 0 ? 1 / g.ci.hi : inf, hi = g.ci.lo > 0 ? 1 / g.ci.lo : inf;
  const double s = c.factor;
  if (c.op == ">")
    res.status = lo > s ? Status::met : hi <= s ? Status::not_met : Status::unsure;
  else
    res.status = lo >= s ? Status::met : hi < s ? Status::not_met : Status::unsure;
  for (const BenchNumbers& b : d.benchmarks)
    if (const auto r = b.vs.find(c.reference); r != b.vs.end())
      res.lines.push_back(fmt::format("{}: {}", b.benchmark, ratio_text(c.reference, r->second)));
  res.lines.push_back(fmt::format("geomean: ours/{} {}x [{}–{}] → speedup {}x [{}–{}]", c.reference, sig3(g.value),
                                  sig3(g.ci.lo), sig3(g.ci.hi), sig3(speedup), sig3(lo), sig3(hi)));
  res.summary = fmt::format("geomean speedup vs {} {}x [{}–{}]; needs {} {}", c.reference, sig3(speedup), sig3(lo),
                            sig3(hi), c.op, factor_text(s));
  return res;
}

Family metric_family(const Data& d) {
  if (d.metric == "wall" || d.metric == "cpu") return Family::time;
  if (d.metric == "max_rss") return Family::bytes;
  if (d.metric == "instructions") return Family::count;
  if (d.metric == "reported") {
    if (d.unit.empty()) return Family::time;
    const UnitInfo* u = find_unit(d.unit);
    return u ? u->family : Family::count;
  }
  fail("unknown metric '{}': bounds need wall, cpu, max_rss, instructions or reported", d.metric);
}

Result bound(const Clause& c, const Data& d) {
  Result res;
  res.text = c.text;
  const Family want = metric_family(d), have = unit_family(c.unit);
  if (want != have)
    fail("'{}' bounds {} ({}) but the metric is {}, {}: write the bound in {}", c.text, family_name(have),
         c.unit.empty() ? "a plain number" : c.unit, d.metric, family_name(want), family_units(want));
  const BenchNumbers& b = find_benchmark(d, c.quantifier.benchmark);
  stats::Interval ci;
  if (b.ours_ci) {
    ci = *b.ours_ci;
  } else if (b.ours && b.ours->n > 0 && b.ours->min == b.ours->max) {
    ci = {b.ours->median, b.ours->median};  // a deterministic metric: every value the same
  } else {
    fail("no confidence interval of our median for benchmark '{}': run `hone bench` first", b.benchmark);
  }
  const double v = c.value;
  bool met, not_met;
  if (c.op == "<")
    met = ci.hi < v, not_met = ci.lo >= v;
  else if (c.op == "<=")
    met = ci.hi <= v, not_met = ci.lo > v;
  else if (c.op == ">")
    met = ci.lo > v, not_met = ci.hi <= v;
  else
    met = ci.lo >= v, not_met = ci.hi < v;
  res.status = met ? Status::met : not_met ? Status::not_met : Status::unsure;
  const std::string ours = b.ours ? fmt::format("{} [{}–{}]", value_text(want, b.ours->median), value_text(want, ci.lo),
                                                value_text(want, ci.hi))
                                  : fmt::format("[{}–{}]", value_text(want, ci.lo), value_text(want, ci.hi));
  const std::string word = met ? "met" : not_met ? "not met" : "unsure (CI crosses the bound)";
  res.lines.push_back(fmt::format("{}: ours {}, bound {} {} → {}", b.benchmark, ours, c.op, value_text(want, v), word));
  const std::string bound_text = fmt::format("{} {}", c.op, value_text(want, v));
  res.summary = met       ? fmt::format("{}: ours {} is {} with confidence", b.benchmark, ours, bound_text)
                : not_met ? fmt::format("{}: ours {} is not {}", b.benchmark, ours, bound_text)
                          : fmt::format("{}: ours {}: not sure it is {}, the CI crosses {}", b.benchmark, ours,
                                        bound_text, value_text(want, v));
  return res;
}

}  // namespace

Result evaluate(const Clause& c, const Data& d) {
  switch (c.kind) {
    case Clause::faster_than: return faster(c, d);
    case Clause::no_worse_than: return no_worse(c, d);
    case Clause::geomean: return geomean(c, d);
    case Clause::no_regression: return no_regression(c, d);
    case Clause::bound: return bound(c, d);
  }
  fail("unknown clause kind");
}

}  // namespace hone::criteria
