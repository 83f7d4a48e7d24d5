#pragma once
// `hone criteria --format json` (docs/json.md, "Criteria"): every clause judged on one run.
#include <nlohmann/json.hpp>

#include <vector>

#include "criteria/criteria.h"

namespace hone::criteria {

nlohmann::json results_json(int64_t run_id, const std::string& metric, const std::vector<Result>& results);

}  // namespace hone::criteria
