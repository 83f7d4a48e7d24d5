#pragma once
// A stored run read back: its record, its raw series (in measurement order, with rounds) and the
// analysis made from them with the settings it was recorded with. The one reader of stored runs:
// `hone show`, the HTML pages, the loop and the fleet's suite all re-analyse through it.
#include <cstdint>
#include <string>
#include <vector>

#include "report/analysis.h"
#include "store/store.h"

namespace hone {

struct StoredRun {
  RunRecord record;            // the first run's
  std::vector<Series> series;  // jobs' order; series without values left out; rounds kept
  Analysis analysis;
};

// Several runs that measured disjoint benchmarks (the shards of a suite) as one: each benchmark's
// targets stay paired by the rounds of the run that measured them; the settings (seed,
// threshold...) are the first run's. Throws hone::Error when a run is missing, its metric unknown
// or differs from the first's, two runs measured one benchmark × target, or nothing was sampled.
StoredRun load_runs(Store& store, const std::vector<int64_t>& run_ids);
StoredRun load_run(Store& store, int64_t run_id);

// The analysis alone of load_run / load_runs.
Analysis analyze_run(Store& store, int64_t run_id);
Analysis analyze_runs(Store& store, const std::vector<int64_t>& run_ids);

// The recorded values of one target of a stored run as series, one per benchmark, renamed to
// `label`. Their rounds are left empty: series from different runs must never be paired.
std::vector<Series> target_series(Store& store, int64_t run_id, Metric metric, const std::string& target,
                                  const std::string& label);

}  // namespace hone
