#include "loop/agent_report.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "util/json_error.h"

namespace hone::loop {

const char* report_status_name(ReportOutcome::Status s) {
  switch (s) {
    case ReportOutcome::ok: return "ok";
    case ReportOutcome::missing: return "missing";
    case ReportOutcome::garbled: return "garbled";
  }
  return "?";
}

namespace {

std::string shown(const nlohmann::json& j) {
  std::string s = j.dump();
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

std::optional<double> number(const nlohmann::json& j, const std::string& where, std::vector<std::string>& problems) {
  if (j.is_number()) {
    double v = j.get<double>();
    if (v > 0) return v;
    problems.push_back(fmt::format("{}: expected a positive number of milliseconds, got {}", where, shown(j)));
    return std::nullopt;
  }
  if (!j.is_null()) problems.push_back(fmt::format("{}: expected a number, got {}", where, shown(j)));
  return std::nullopt;
}

}  // namespace

ReportOutcome parse_agent_report(const std::string& text, const std::string& file) {
  ReportOutcome out;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    out.status = ReportOutcome::missing;
    out.problems.push_back(fmt::format("{}: empty", file));
    return out;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
    out.status = ReportOutcome::garbled;
    out.problems.push_back(fmt::format("{}: not JSON: {}", file, json_problem(text, e)));
    return out;
  }
  if (!j.is_object()) {
    out.status = ReportOutcome::garbled;
    out.problems.push_back(fmt::format("{}: expected a JSON object, got {}", file, shown(j)));
    return out;
  }
  out.status = ReportOutcome::ok;
  auto text_field = [&](const char* key, std::string& dest) {
    if (!j.contains(key) || j[key].is_null()) return;
    if (j[key].is_string())
      dest = j[key].get<std::string>();
    else
      out.problems.push_back(fmt::format("{}: {}: expected a string, got {}", file, key, shown(j[key])));
  };
  text_field("mechanism", out.report.mechanism);
  text_field("notes", out.report.notes);
  if (j.contains("claims") && !j["claims"].is_null()) {
    if (!j["claims"].is_object()) {
      out.problems.push_back(
          fmt::format("{}: claims: expected an object of benchmarks, got {}", file, shown(j["claims"])));
    } else {
      for (const auto& [bench, c] : j["claims"].items()) {
        std::string where = fmt::format("{}: claims.{}", file, bench);
        if (!c.is_object()) {
          out.problems.push_back(
              fmt::format("{}: expected {{\"before_ms\": ..., \"after_ms\": ...}}, got {}", where, shown(c)));
          continue;
        }
        Claim claim;
        if (c.contains("before_ms")) claim.before_ms = number(c["before_ms"], where + ".before_ms", out.problems);
        if (c.contains("after_ms")) claim.after_ms = number(c["after_ms"], where + ".after_ms", out.problems);
        out.report.claims[bench] = claim;
      }
    }
  }
  if (j.contains("ideas") && !j["ideas"].is_null()) {
    if (!j["ideas"].is_array()) {
      out.problems.push_back(fmt::format("{}: ideas: expected an array of strings, got {}", file, shown(j["ideas"])));
    } else {
      for (const auto& idea : j["ideas"]) {
        if (idea.is_string() && !idea.get<std::string>().empty())
          out.report.ideas.push_back(idea.get<std::string>());
        else
          out.problems.push_back(fmt::format("{}: ideas: expected a string, got {}", file, shown(idea)));
      }
    }
  }
  return out;
}

ReportOutcome read_agent_report(const std::string& path) {
  std::optional<std::string> text;
  try {
    text = read_file_if_exists(path, kMaxReportBytes, "report");
  } catch (const Error& e) {  // unreadable, or larger than any report
    ReportOutcome out;
    out.status = ReportOutcome::garbled;
    out.problems.push_back(e.what());
    return out;
  }
  if (!text) {
    ReportOutcome out;
    out.problems.push_back(fmt::format("{}: the agent wrote no report", path));
    return out;
  }
  return parse_agent_report(*text, path);
}

}  // namespace hone::loop
