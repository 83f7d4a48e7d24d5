#include "report/analysis.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace hone {

namespace {

template <typename T>
void add_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

// Series measured in the same rounds of one interleaved run are compared pair by pair;
// otherwise (two stored runs, say) the comparison is unpaired.
bool same_rounds(const Series& a, const Series& b) { return !a.rounds.empty() && a.rounds == b.rounds; }

}  // namespace

const ResultRow* Analysis::find(const std::string& bench, const std::string& target) const {
  for (const ResultRow& r : results)
    if (r.benchmark == bench && r.target == target) return &r;
  return nullptr;
}

stats::RatioEstimate compare_series(const Series& baseline, const Series& candidate, uint64_t seed, int resamples,
                                    double confidence) {
  return stats::compare_ratio(baseline.values, candidate.values, same_rounds(baseline, candidate), seed, resamples,
                              confidence);
}

AnalyzeOptions options_of(const Analysis& a) {
  AnalyzeOptions o;
  o.metric = a.metric;
  o.unit = a.unit;
  o.deterministic = a.deterministic;
  o.source = a.source;
  o.threshold = a.threshold;
  o.seed = a.seed;
  // Not the confidence: series from other runs were not part of this run's stop rule, so their
  // comparisons are plain 95% intervals.
  return o;
}

bool benchmark_settled(const std::vector<const Series*>& series, const StopRule& rule, uint64_t seed) {
  if (series.empty()) return true;
  if (series.size() == 1) {
    const std::vector<double>& v = series[0]->values;
    stats::Interval ci = stats::bootstrap_median_ci(v, seed, rule.resamples);
    double med = stats::median(v);
    return med > 0 && (ci.hi - ci.lo) / med <= rule.precision;
  }
  const stats::Question q = rule.question ? rule.question : stats::verdict_question(rule.threshold);
  for (size_t i = 1; i < series.size(); ++i) {
    const stats::Look l =
        stats::look(series[0]->values, series[i]->values, same_rounds(*series[0], *series[i]), seed, rule.resamples);
    if (!stats::may_stop(l, q)) return false;
  }
  return true;
}

Analysis analyze(const std::vector<Series>& series, const AnalyzeOptions& o) {
  Analysis a;
  a.metric = o.metric;
  a.unit = o.unit;
  a.deterministic = o.deterministic;
  a.source = o.source;
  a.threshold = o.threshold;
  a.confidence = o.confidence;
  a.seed = o.seed;
  for (const Series& s : series) {
    add_unique(a.benchmarks, s.benchmark);
    add_unique(a.targets, s.target);
  }
  auto find_series = [&](const std::string& b, const std::string& t) -> const Series* {
    for (const Series& s : series)
      if (s.benchmark == b && s.target == t && !s.values.empty()) return &s;
    return nullptr;
  };
  // Each comparison gets its own seed derived from the run's, so results do not depend on
  // the order in which they are computed: the rows are laid out first, in order, then filled in
  // by a few threads (a run of 200 benchmarks × 10,000 samples spends seconds here).
  uint64_t k = 0;
  struct Task {
    const Series* s = nullptr;     // a result row: its series
    const Series* base = nullptr;  // a comparison: base against s
    uint64_t seed = 0;
    size_t slot = 0;
  };
  std::vector<Task> tasks;
  size_t n_results = 0, n_comparisons = 0, work = 0;
  for (const std::string& b : a.benchmarks) {
    for (const std::string& t : a.targets) {
      const Series* s = find_series(b, t);
      if (s == nullptr) continue;
      tasks.push_back(Task{s, nullptr, o.seed + 1000 * ++k, n_results++});
      work += s->values.size();
    }
    const Series* base = find_series(b, a.targets.front());
    if (base == nullptr) continue;
    for (size_t i = 1; i < a.targets.size(); ++i) {
      const Series* cand = find_series(b, a.targets[i]);
      if (cand == nullptr) continue;
      tasks.push_back(Task{cand, base, o.seed + 1000 * ++k, n_comparisons++});
      work += base->values.size() + cand->values.size();
    }
  }
  a.results.resize(n_results);
  a.comparisons.resize(n_comparisons);
  auto run = [&](const Task& task) {
    if (task.base == nullptr) {
      const Series& s = *task.s;
      ResultRow row{s.benchmark, s.target, s.command, stats::summarize(s.values), {}};
      row.median_ci = o.deterministic && row.summary.min == row.summary.max
                          ? stats::Interval{row.summary.median, row.summary.median}
                          : stats::bootstrap_median_ci(s.values, task.seed, o.resamples);
      a.results[task.slot] = std::move(row);
      return;
    }
    const Series& base = *task.base;
    const Series& cand = *task.s;
    ComparisonRow c{cand.benchmark, base.target, cand.target, {}, 1, {}, 1};
    c.estimate = compare_series(base, cand, task.seed, o.resamples, o.confidence);
    c.p_value = o.deterministic ? (c.estimate.ratio == 1 ? 1.0 : 0.0) : stats::mann_whitney_p(base.values, cand.values);
    c.p_faster =
        stats::p_below(base.values, cand.values, same_rounds(base, cand), 1 - o.threshold, task.seed, o.resamples);
    c.judgement = stats::judge(c.estimate.ci, o.threshold);
    c.paired = same_rounds(base, cand);
    a.comparisons[task.slot] = std::move(c);
  };
  // Threads only when there is enough to share (a typical run is analysed in milliseconds).
  const unsigned threads = work < 200'000 ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  if (threads <= 1) {
    for (const Task& t : tasks) run(t);
  } else {
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
      for (size_t i; (i = next++) < tasks.size();) {
        try {
          run(tasks[i]);
        } catch (...) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (!failure) failure = std::current_exception();
        }
      }
    };
    std::vector<std::thread> pool;
    try {
      for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker);
    } catch (const std::system_error&) {
      // No thread to be had: this one does the rest.
    }
    worker();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
  }
  if (a.benchmarks.size() >= 2) {
    // From the comparisons just made: each ratio is estimated once.
    for (size_t i = 1; i < a.targets.size(); ++i) {
      std::vector<stats::RatioEstimate> estimates;
      for (const ComparisonRow& c : a.comparisons)
        if (c.candidate == a.targets[i]) estimates.push_back(c.estimate);
      if (estimates.size() < 2) continue;
      GeoMeanRow g{a.targets.front(), a.targets[i], estimates.size(), {}, {}};
      g.geomean = stats::geometric_mean_of(estimates, o.confidence);
      g.judgement = stats::judge(g.geomean.ci, o.threshold);
      a.geomeans.push_back(g);
    }
  }
  return a;
}

Analysis without_benchmarks(Analysis a, const std::set<std::string>& drop) {
  auto dropped = [&](const std::string& b) { return drop.count(b) > 0; };
  size_t before = a.benchmarks.size();
  std::erase_if(a.benchmarks, dropped);
  if (a.benchmarks.size() == before) return a;
  std::erase_if(a.results, [&](const ResultRow& r) { return dropped(r.benchmark); });
  std::erase_if(a.comparisons, [&](const ComparisonRow& r) { return dropped(r.benchmark); });
  a.geomeans.clear();
  std::erase_if(a.notes, [&](const std::string& n) {
    return std::any_of(drop.begin(), drop.end(), [&](const std::string& b) { return n.rfind(b + ":", 0) == 0; });
  });
  return a;
}

}  // namespace hone
