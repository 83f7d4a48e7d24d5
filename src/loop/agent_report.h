#pragma once
// The agent's report (docs/agents.md): JSON the agent writes to $HONE_REPORT_FILE. Every field
// is optional; a missing or unreadable report is an outcome the loop records, never a crash.
//
//   {"mechanism": "why it is faster",
//    "claims": {"BENCH": {"before_ms": 12.3, "after_ms": 9.1}},
//    "ideas": ["..."], "notes": "..."}
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hone::loop {

struct Claim {
  std::optional<double> before_ms, after_ms;
};

struct AgentReport {
  std::string mechanism;
  std::map<std::string, Claim> claims;  // by benchmark name
  std::vector<std::string> ideas;
  std::string notes;
};

struct ReportOutcome {
  enum Status { ok, missing, garbled } status = missing;
  AgentReport report;                 // what could be read (partially filled when garbled)
  std::vector<std::string> problems;  // "claims.utf8.after_ms: expected a number, got \"fast\""
};

const char* report_status_name(ReportOutcome::Status s);

// Parses the report text; `file` names it in problems. A field of the wrong type is skipped
// with a problem (the rest is kept); text that is not a JSON object is garbled.
ReportOutcome parse_agent_report(const std::string& text, const std::string& file);
// Reads and parses the file; a file that does not exist or is empty is `missing`.
// A file larger than kMaxReportBytes is garbled, with a problem naming it.
ReportOutcome read_agent_report(const std::string& path);
constexpr size_t kMaxReportBytes = size_t{1} << 20;

}  // namespace hone::loop
