#pragma once
// What a measurement run means: per-(benchmark, target) summaries and per-benchmark
// comparisons of every target against the baseline target. Built from raw samples by
// analyze(); rendered by the reporters in report/render.h. A reporter never measures.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "stats/sequential.h"
#include "stats/stats.h"
#include "util/metric.h"

namespace hone {

struct ResultRow {
  std::string benchmark;
  std::string target;
  std::string command;     // display form
  stats::Summary summary;  // of the chosen metric
  stats::Interval median_ci;
};

struct ComparisonRow {
  std::string benchmark;
  std::string baseline;           // target name
  std::string candidate;          // target name
  stats::RatioEstimate estimate;  // candidate / baseline
  double p_value = 1;             // two-sided Mann–Whitney
  stats::Judgement judgement;
  // One-sided p-value of "candidate / baseline < 1 - threshold" (stats::p_below): the test
  // behind a "faster" claim, for Hochberg's procedure over several benchmarks.
  double p_faster = 1;
  // How `estimate` was made: the paired ratio over the rounds of one interleaved run
  // (Hodges–Lehmann), or the ratio of the two medians (separate runs).
  bool paired = false;
};

struct GeoMeanRow {
  std::string baseline, candidate;
  size_t benchmarks = 0;  // how many benchmarks both were measured on
  stats::GeoMean geomean;
  stats::Judgement judgement;
};

struct Analysis {
  Metric metric = Metric::wall;
  std::string unit;            // "s", "B", "instructions"
  bool deterministic = false;  // callgrind counts: ratios exact
  std::string source;          // "wall clock", "perf_event_open", "callgrind", ...
  double threshold = 0.01;
  double confidence = stats::kConfidence;  // of the ratio intervals (AnalyzeOptions::confidence)
  uint64_t seed = 0;
  int64_t run_id = 0;                   // 0 when not stored
  std::optional<double> spawn_floor;    // median wall time of `true`, seconds
  std::vector<std::string> benchmarks;  // display order
  std::vector<std::string> targets;     // display order; targets[0] is the baseline
  std::vector<ResultRow> results;       // benchmark-major, target order within
  std::vector<ComparisonRow> comparisons;
  std::vector<GeoMeanRow> geomeans;  // one per candidate when there are >= 2 benchmarks
  std::vector<std::string> notes;    // plain-words remarks ("counters unavailable: ...")
  bool interrupted = false;

  const ResultRow* find(const std::string& bench, const std::string& target) const;
};

}  // namespace hone

namespace hone {

// The values of one (benchmark, target) in measurement order, with the round each came from.
struct Series {
  std::string benchmark;
  std::string target;
  std::string command;
  std::vector<int> rounds;
  std::vector<double> values;
};

struct AnalyzeOptions {
  Metric metric = Metric::wall;
  std::string unit;
  bool deterministic = false;
  std::string source;
  double threshold = 0.01;
  uint64_t seed = 0;
  int resamples = 2000;
  // Level of the ratio intervals: kConfidence for a run of fixed length or separate runs,
  // kSequentialConfidence for a run that stopped adaptively (recorded with the run).
  double confidence = stats::kConfidence;
};

// Summaries of every series and, per benchmark, every target against the first target seen
// (the baseline). Two series are paired when they cover the same rounds (an interleaved run).
// Benchmarks and targets keep their order of first appearance.
Analysis analyze(const std::vector<Series>& series, const AnalyzeOptions& opts);

// The options an analysis was made with (metric, unit, determinism, source, threshold, seed):
// to analyse other series the same way. The confidence stays kConfidence: set it to
// a.confidence only for series of the same adaptive run.
AnalyzeOptions options_of(const Analysis& a);

// The analysis without these benchmarks (held-out ones, for what an attempt's agent reads); the
// geometric means go too, since they were taken over every benchmark.
Analysis without_benchmarks(Analysis a, const std::set<std::string>& drop);

// The stop rule of adaptive measurement (stats/sequential.h): what the comparisons must answer,
// and how narrow a lone target's median must be.
struct StopRule {
  stats::Question question;  // default (empty): verdict_question(threshold)
  double threshold = 0.01;
  double precision = 0.01;  // a benchmark with one target only
  int resamples = 1000;     // bootstrap resamples of an unpaired look
};

// Whether a benchmark may leave the schedule before its planned end (max_runs, the time
// budget): every target against the first (series of one benchmark, baseline first) may stop
// (stats::may_stop: answered at the strict level); a benchmark with one target once the
// bootstrap CI of its median is at most `precision` wide.
bool benchmark_settled(const std::vector<const Series*>& series, const StopRule& rule, uint64_t seed);

// Estimates candidate / baseline for two series, paired by round when they share rounds.
stats::RatioEstimate compare_series(const Series& baseline, const Series& candidate, uint64_t seed, int resamples,
                                    double confidence = stats::kConfidence);

}  // namespace hone
