#include "report/stored.h"

#include <map>
#include <string_view>
#include <utility>

#include "util/error.h"

namespace hone {

StoredRun load_runs(Store& store, const std::vector<int64_t>& run_ids) {
  if (run_ids.empty()) fail("no run to analyse");
  const int64_t run_id = run_ids.front();
  std::optional<RunRecord> run = store.get_run(run_id);
  if (!run) fail("no run {} in the store", run_id);
  std::optional<Metric> metric = parse_metric(run->metric);
  if (!metric) fail("run {} has an unknown metric '{}'", run_id, run->metric);
  const nlohmann::json& st = run->settings;
  std::vector<Series> series;
  for (int64_t id : run_ids) {
    std::optional<RunRecord> other = id == run_id ? run : store.get_run(id);
    if (!other) fail("no run {} in the store", id);
    if (other->metric != run->metric)
      fail("run {} measured {} but run {} measured {}: a suite is judged on one metric", run_id, run->metric, id,
           other->metric);
    size_t first = series.size();
    for (const JobRecord& j : store.jobs(id)) {
      for (size_t k = 0; k < first; ++k)
        if (series[k].benchmark == j.benchmark && series[k].target == j.target)
          fail("runs {} and {} both measured {} on {}: a suite's shards measure each benchmark once", run_id, id,
               j.benchmark, j.target);
      series.push_back(Series{j.benchmark, j.target, j.command, {}, {}});
    }
    // Each sample to its series by name. Samples come in runs of one series (a harness's many
    // values) or round by round, so the last series found is tried before the index.
    std::map<std::pair<std::string_view, std::string_view>, std::vector<size_t>> index;
    for (size_t k = first; k < series.size(); ++k) index[{series[k].benchmark, series[k].target}].push_back(k);
    const std::vector<size_t>* last = nullptr;
    std::string last_bench, last_target;
    store.each_sample(id, *metric, [&](const Store::SampleValue& s) {
      if (last == nullptr || s.benchmark != last_bench || s.target != last_target) {
        auto it = index.find({s.benchmark, s.target});
        if (it == index.end()) return;
        last = &it->second;
        last_bench = s.benchmark;
        last_target = s.target;
      }
      for (size_t k : *last) {
        series[k].rounds.push_back(s.round);
        series[k].values.push_back(s.value);
      }
    });
  }
  std::erase_if(series, [](const Series& s) { return s.values.empty(); });
  if (series.empty()) fail("run {} has no samples ({})", run_id, run->status);
  StoredRun out;
  // The series keep their rounds (for drift plots); an unpaired run is analysed without them.
  std::vector<Series> unpaired;
  if (!st.value("paired", true)) {
    unpaired = series;
    for (Series& s : unpaired) s.rounds.clear();
  }
  AnalyzeOptions o;
  o.metric = *metric;
  o.unit = *metric == Metric::reported ? st.value("unit", std::string()) : std::string(metric_unit(*metric));
  o.deterministic = st.value("deterministic", false);
  o.source = st.value("source", "");
  o.threshold = st.value("threshold", 0.01);
  o.seed = st.value("seed", uint64_t{0});
  o.confidence = st.value("confidence", stats::kConfidence);
  Analysis a = analyze(unpaired.empty() ? series : unpaired, o);
  a.run_id = run_id;
  if (st.contains("spawn_floor")) a.spawn_floor = st["spawn_floor"].get<double>();
  if (st.contains("notes")) a.notes = st["notes"].get<std::vector<std::string>>();
  a.interrupted = run->status == "interrupted";
  out.record = std::move(*run);
  out.series = std::move(series);
  out.analysis = std::move(a);
  return out;
}

StoredRun load_run(Store& store, int64_t run_id) { return load_runs(store, {run_id}); }

Analysis analyze_run(Store& store, int64_t run_id) { return load_run(store, run_id).analysis; }

Analysis analyze_runs(Store& store, const std::vector<int64_t>& run_ids) { return load_runs(store, run_ids).analysis; }

std::vector<Series> target_series(Store& store, int64_t run_id, Metric metric, const std::string& target,
                                  const std::string& label) {
  std::vector<Series> series;
  std::map<std::string, size_t, std::less<>> index;
  for (const JobRecord& j : store.jobs(run_id))
    if (j.target == target) {
      index[j.benchmark] = series.size();
      series.push_back(Series{j.benchmark, label, j.command, {}, {}});
    }
  store.each_sample(run_id, metric, [&](const Store::SampleValue& s) {
    if (s.target != target) return;
    auto it = index.find(s.benchmark);
    if (it != index.end()) series[it->second].values.push_back(s.value);
  });
  std::erase_if(series, [](const Series& x) { return x.values.empty(); });
  return series;
}

}  // namespace hone
