#pragma once
// The candidate list (procedure 1.4, 1.5): run order, what may run next, and its markdown view.
// Pure functions of the records; the store keeps them and the CLI edits them.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace hone::loop {

// Statuses a candidate moves through: proposed → approved → (kept | slow | rejected); dropped
// at any time. A rejected or slow candidate may be approved again for another attempt.
bool valid_status(const std::string& s);
// "low", "medium", "high" or "" (unset); hone::Error naming the value otherwise.
std::string check_complexity(const std::string& text);

// The order the loop runs the list in: by priority, except that a candidate always comes after
// the one it builds on (foundation first, as 1.4 asks). Throws hone::Error on a builds-on cycle
// or a builds-on naming no candidate.
std::vector<CandidateRecord> run_order(const std::vector<CandidateRecord>& all);

// Why candidate c cannot run now, or "" when it can: it must be approved, and what it builds on
// must have been kept.
std::string not_runnable_reason(const CandidateRecord& c, const std::vector<CandidateRecord>& all);

// The first candidate in run order that can run now.
std::optional<CandidateRecord> next_runnable(const std::vector<CandidateRecord>& all);

// A priority that places a candidate just before `before` in run order (between it and its
// predecessor).
double priority_before(const std::vector<CandidateRecord>& all, int64_t before);

// "## Optimization Candidates" in the format of 1.4, in run order, with each status.
std::string candidates_markdown(const std::vector<CandidateRecord>& all);

// The JSON of one candidate (docs/json.md, "Candidates"): every field, and whether it can run now
// (`runnable`) or why not (`blocked_by`). `all` is the whole list, for those two.
nlohmann::json candidate_json(const CandidateRecord& c, const std::vector<CandidateRecord>& all);
// `hone candidate list --format json`: every candidate in run order.
nlohmann::json candidate_list_json(const std::vector<CandidateRecord>& all);
// One attempt at a candidate (docs/json.md, "Attempts").
nlohmann::json attempt_json(const ExperimentRecord& e);
// `hone candidate show --format json`: the candidate and its attempts, oldest first.
nlohmann::json candidate_show_json(const CandidateRecord& c, const std::vector<CandidateRecord>& all,
                                   const std::vector<ExperimentRecord>& attempts);

}  // namespace hone::loop
