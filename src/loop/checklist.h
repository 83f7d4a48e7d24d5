#pragma once
// The procedure's checklist (its appendix), each box ticked from recorded facts, and the next
// step to take. Pure: `hone status` gathers the facts from the store and the research folder.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace hone::loop {

struct StatusFacts {
  size_t criteria = 0;        // sentences in [criteria] done
  bool baseline = false;      // a baseline named "default"
  bool profiled = false;      // a profile note or a recorded profile
  bool researched = false;    // any research note
  bool final_report = false;  // a "final" event in the worklog
  bool incomplete_report = false;
  bool future_note = false;  // research/NN-future-optimizations.md
  std::vector<CandidateRecord> candidates;
  std::optional<ExperimentRecord> last_attempt;
  std::string config_file;  // for the advice
};

struct Box {
  bool done = false;
  std::string text, detail;
  std::string key;  // stable name for scripts: "baseline", "tests_pass"... (docs/json.md)
};

struct Checklist {
  std::vector<Box> before_starting, each_optimization, before_completing;
  std::string last_attempt;  // ": #2 attempt 3, kept" or ": none yet"
  std::string next;
  std::string next_command;  // the hone command of `next`, "" when the step is not one
};

Checklist checklist(const StatusFacts& f);
std::string render_checklist(const Checklist& c);
// `hone status --format json` (docs/json.md, "Status"): the checklist, the next step, the last
// attempt and the candidates counted by status.
nlohmann::json status_json(const StatusFacts& f);

}  // namespace hone::loop
