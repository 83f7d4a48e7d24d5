#pragma once
// One measurement session, shared by `bench` and `compare`: pick how the metric is measured
// (clock, counters or callgrind), measure the spawn floor, record a run in the store round by
// round, stop adaptively, and analyse what was recorded.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "measure/schedule.h"
#include "report/analysis.h"
#include "report/stored.h"  // analyze_run, analyze_runs, target_series
#include "store/store.h"

namespace hone {

struct SessionRequest {
  std::string kind;   // "bench" or "compare"
  std::string label;  // shown by `hone runs`
  std::vector<Job> jobs;
  MeasureConfig measure;
  bool fixed_runs = false;  // --runs N given: no adaptive stopping
  // What the comparisons must answer before a benchmark stops early (stats/sequential.h);
  // empty: the verdicts at measure.threshold.
  stats::Question question;
  // For the stop rule only: series measured before this run (a stored baseline), one per
  // benchmark. Each stands first among its benchmark's series, so a benchmark settles when every
  // job answers `question` against it (unpaired: separate runs). Not recorded in this run.
  std::vector<Series> reference;
  const Config* config = nullptr;                      // for commit, config hash; may be null (ad hoc)
  nlohmann::json settings = nlohmann::json::object();  // recorded with the run's settings (shard...)
};

struct SessionResult {
  Analysis analysis;
  int64_t run_id = 0;
  bool interrupted = false;
};

SessionResult run_session(Store& store, const SessionRequest& req);

// The `machine` object a run measured here now would record (fleet/machine_id.h).
nlohmann::json current_machine(const Config* cfg);

// Builds the jobs of a configured project: benchmarks × targets, {args} etc. substituted.
std::vector<Job> configured_jobs(const Config& cfg, const std::vector<std::string>& benchmarks,
                                 const std::vector<std::string>& targets);

}  // namespace hone
