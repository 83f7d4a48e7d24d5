#include "criteria/criteria_json.h"

#include <algorithm>

namespace hone::criteria {

nlohmann::json results_json(int64_t run_id, const std::string& metric, const std::vector<Result>& results) {
  bool met = std::all_of(results.begin(), results.end(), [](const Result& r) { return r.status == Status::met; });
  nlohmann::json clauses = nlohmann::json::array();
  for (const Result& r : results)
    clauses.push_back(
        {{"text", r.text}, {"status", status_name(r.status)}, {"summary", r.summary}, {"lines", r.lines}});
  return {{"run_id", run_id}, {"metric", metric}, {"met", met}, {"clauses", clauses}};
}

}  // namespace hone::criteria
