#pragma once
// What a measurement run means: per-(benchmark, target) summaries and per-benchmark
// comparisons of every target against the baseline target. Built from raw samples by
// analyze(); rendered by the reporters in report/render.h. A reporter never measures.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/metric.h"
#include "stats/stats.h"

namespace hone {

struct ResultRow {
  std::string benchmark;
  std::string target;
  std::string command;    // display form
  stats::Summary summary;  // of the chosen metric
  stats::Interval median_ci;
};

struct ComparisonRow {
  std::string benchmark;
  std::string baseline;   // target name
  std::string candidate;  // target name
  stats::RatioEstimate estimate;  // candidate / baseline
  double p_value = 1;
  stats::Judgement judgement;
};

struct GeoMeanRow {
  std::string baseline, candidate;
  stats::GeoMean geomean;
  stats::Judgement judgement;
};

struct Analysis {
  Metric metric = Metric::wall;
  std::string unit;             // "s", "B", "instructions"
  bool deterministic = false;   // callgrind counts: ratios exact
  std::string source;           // "wall clock", "perf_event_open", "callgrind", ...
  double threshold = 0.01;
  uint64_t seed = 0;
  int64_t run_id = 0;           // 0 when not stored
  std::optional<double> spawn_floor;  // median wall time of `true`, seconds
  std::vector<std::string> benchmarks;  // display order
  std::vector<std::string> targets;     // display order; targets[0] is the baseline
  std::vector<ResultRow> results;       // benchmark-major, target order within
  std::vector<ComparisonRow> comparisons;
  std::vector<GeoMeanRow> geomeans;     // one per candidate when there are >= 2 benchmarks
  std::vector<std::string> notes;       // plain-words remarks ("counters unavailable: ...")
  bool interrupted = false;

  const ResultRow* find(const std::string& bench, const std::string& target) const;
};

}  // namespace hone
