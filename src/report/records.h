#pragma once
// The JSON of stored records for `--format json` (docs/json.md): what `hone runs` lists and
// `hone show` adds as `run`.
#include <nlohmann/json.hpp>

#include <vector>

#include "store/store.h"

namespace hone {

nlohmann::json run_json(const RunRecord& r);
nlohmann::json runs_json(const std::vector<RunRecord>& runs);

}  // namespace hone
