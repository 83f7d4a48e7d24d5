#pragma once
// A stored run read back: its record, its raw series (in measurement order, with rounds) and the
// analysis made from them with the settings it was recorded with.
#include <cstdint>
#include <vector>

#include "report/analysis.h"
#include "store/store.h"

namespace hone {

struct StoredRun {
  RunRecord record;
  std::vector<Series> series;  // jobs' order; series without values left out
  Analysis analysis;
};

// Throws hone::Error when the run is missing, its metric unknown or it has no samples.
StoredRun load_run(Store& store, int64_t run_id);

}  // namespace hone
