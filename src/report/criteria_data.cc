#include "report/criteria_data.h"

#include "report/stored.h"

namespace hone {

namespace {

// ours/X from a comparison measured as X/ours.
stats::RatioEstimate invert(const stats::RatioEstimate& e) {
  return stats::RatioEstimate{1 / e.ratio, stats::Interval{1 / e.ci.hi, 1 / e.ci.lo}};
}

criteria::BenchNumbers& bench(criteria::Data& d, const std::string& name) {
  for (auto& n : d.benchmarks)
    if (n.benchmark == name) return n;
  d.benchmarks.push_back(criteria::BenchNumbers{name, {}, {}, {}});
  return d.benchmarks.back();
}

}  // namespace

criteria::Data criteria_data(const Analysis& a, const std::string& ours) {
  criteria::Data d;
  d.metric = std::string(metric_name(a.metric));
  for (const std::string& b : a.benchmarks) {
    criteria::BenchNumbers n;
    n.benchmark = b;
    if (const ResultRow* r = a.find(b, ours)) {
      n.ours = r->summary;
      n.ours_ci = r->median_ci;
    }
    d.benchmarks.push_back(n);
  }
  bool ours_first = !a.targets.empty() && a.targets.front() == ours;
  for (const ComparisonRow& c : a.comparisons) {
    if (ours_first)
      bench(d, c.benchmark).vs[c.candidate] = invert(c.estimate);
    else if (c.candidate == ours)
      bench(d, c.benchmark).vs[c.baseline] = c.estimate;
  }
  for (const GeoMeanRow& gm : a.geomeans)
    if (ours_first)
      d.geomean_vs[gm.candidate] =
          stats::GeoMean{1 / gm.geomean.value, stats::Interval{1 / gm.geomean.ci.hi, 1 / gm.geomean.ci.lo}};
  return d;
}

void set_vs_baseline(criteria::Data& d, const Analysis& a, const std::string& baseline_label,
                     const std::string& ours_label) {
  for (const ComparisonRow& c : a.comparisons)
    if (c.baseline == baseline_label && c.candidate == ours_label)
      for (auto& n : d.benchmarks)
        if (n.benchmark == c.benchmark) n.vs["baseline"] = c.estimate;
  for (const GeoMeanRow& gm : a.geomeans)
    if (gm.baseline == baseline_label && gm.candidate == ours_label) d.geomean_vs["baseline"] = gm.geomean;
}

Analysis unpaired_vs_baseline(Store& store, int64_t baseline_run, const std::vector<Series>& now,
                              const std::string& ours, Metric metric, const AnalyzeOptions& opts) {
  std::vector<Series> series = target_series(store, baseline_run, metric, ours, "baseline");
  for (const Series& s : now) {
    Series copy = s;
    copy.rounds.clear();  // different runs are never paired
    series.push_back(std::move(copy));
  }
  if (series.empty()) return Analysis{};
  return analyze(series, opts);
}

criteria::Data stored_criteria_data(Store& store, int64_t run_id, const std::string& ours,
                                    std::optional<int64_t> baseline_run) {
  Analysis a = analyze_run(store, run_id);
  criteria::Data d = criteria_data(a, ours);
  if (baseline_run && *baseline_run == run_id) {
    // Judged on the baseline run itself: ours is the baseline, exactly.
    for (criteria::BenchNumbers& n : d.benchmarks)
      if (n.ours) n.vs["baseline"] = stats::RatioEstimate{1, stats::Interval{1, 1}};
    d.geomean_vs["baseline"] = stats::GeoMean{1, stats::Interval{1, 1}};
  } else if (baseline_run) {
    std::vector<Series> now = target_series(store, run_id, a.metric, ours, ours);
    set_vs_baseline(d, unpaired_vs_baseline(store, *baseline_run, now, ours, a.metric, options_of(a)), "baseline",
                    ours);
  }
  return d;
}

}  // namespace hone
