#include "report/stored.h"

#include "util/error.h"

namespace hone {

StoredRun load_run(Store& store, int64_t run_id) {
  std::optional<RunRecord> run = store.get_run(run_id);
  if (!run) fail("no run {} in the store", run_id);
  std::optional<Metric> metric = parse_metric(run->metric);
  if (!metric) fail("run {} has an unknown metric '{}'", run_id, run->metric);
  const nlohmann::json& st = run->settings;
  std::vector<Series> series;
  for (const JobRecord& j : store.jobs(run_id))
    series.push_back(Series{j.benchmark, j.target, j.command, {}, {}});
  for (const SampleRecord& s : store.samples(run_id)) {
    for (Series& se : series) {
      if (se.benchmark != s.benchmark || se.target != s.target) continue;
      std::optional<double> v = s.m.get(*metric);
      if (v) {
        se.rounds.push_back(s.round);
        se.values.push_back(*v);
      }
    }
  }
  std::erase_if(series, [](const Series& s) { return s.values.empty(); });
  if (series.empty()) fail("run {} has no samples ({})", run_id, run->status);
  StoredRun out;
  out.series = series;  // with their rounds, for drift plots
  if (!st.value("paired", true))
    for (Series& s : series) s.rounds.clear();
  AnalyzeOptions o;
  o.metric = *metric;
  o.unit = *metric == Metric::reported ? st.value("unit", std::string()) : std::string(metric_unit(*metric));
  o.deterministic = st.value("deterministic", false);
  o.source = st.value("source", "");
  o.threshold = st.value("threshold", 0.01);
  o.seed = st.value("seed", uint64_t{0});
  o.confidence = st.value("confidence", stats::kConfidence);
  Analysis a = analyze(series, o);
  a.run_id = run_id;
  if (st.contains("spawn_floor")) a.spawn_floor = st["spawn_floor"].get<double>();
  if (st.contains("notes")) a.notes = st["notes"].get<std::vector<std::string>>();
  a.interrupted = run->status == "interrupted";
  out.record = std::move(*run);
  out.analysis = std::move(a);
  return out;
}

}  // namespace hone
