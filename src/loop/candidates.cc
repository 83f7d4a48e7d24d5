#include "loop/candidates.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "util/error.h"

namespace hone::loop {

bool valid_status(const std::string& s) {
  static const std::set<std::string> kStatuses = {"proposed", "approved", "kept", "slow", "rejected", "dropped"};
  return kStatuses.count(s) > 0;
}

std::string check_complexity(const std::string& text) {
  std::string t = text;
  for (char& ch : t) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t.empty() || t == "low" || t == "medium" || t == "high") return t;
  fail("complexity '{}': expected low, medium or high", text);
}

std::vector<CandidateRecord> run_order(const std::vector<CandidateRecord>& all) {
  std::vector<CandidateRecord> by_priority = all;
  std::stable_sort(by_priority.begin(), by_priority.end(), [](const auto& a, const auto& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.id < b.id;
  });
  std::map<int64_t, const CandidateRecord*> by_id;
  for (const CandidateRecord& c : by_priority) by_id[c.id] = &c;
  std::vector<CandidateRecord> out;
  std::set<int64_t> placed, visiting;
  // Depth-first: place what a candidate builds on before it.
  auto place = [&](auto&& self, const CandidateRecord& c) -> void {
    if (placed.count(c.id)) return;
    if (visiting.count(c.id))
      fail(
          "candidate {} ({}) builds on itself through a cycle of builds-on; fix one with "
          "`hone candidate edit {} --builds-on 0`",
          c.id, c.name, c.id);
    visiting.insert(c.id);
    if (c.builds_on > 0) {
      auto it = by_id.find(c.builds_on);
      if (it == by_id.end()) fail("candidate {} ({}) builds on #{}, which does not exist", c.id, c.name, c.builds_on);
      self(self, *it->second);
    }
    visiting.erase(c.id);
    placed.insert(c.id);
    out.push_back(c);
  };
  for (const CandidateRecord& c : by_priority) place(place, c);
  return out;
}

std::string not_runnable_reason(const CandidateRecord& c, const std::vector<CandidateRecord>& all) {
  if (c.status == "proposed")
    return fmt::format("#{} is not approved yet: the driver approves it with `hone candidate approve {}`", c.id, c.id);
  if (c.status == "kept")
    return fmt::format("#{} is kept: its change is committed already, on the branch the loop keeps to", c.id);
  if (c.status != "approved") return fmt::format("#{} is {}; approve it again to make another attempt", c.id, c.status);
  if (c.builds_on > 0) {
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& o) { return o.id == c.builds_on; });
    if (it == all.end()) return fmt::format("#{} builds on #{}, which does not exist", c.id, c.builds_on);
    if (it->status != "kept")
      return fmt::format("#{} builds on #{} ({}), which is {}, not kept", c.id, it->id, it->name, it->status);
  }
  return "";
}

std::optional<CandidateRecord> next_runnable(const std::vector<CandidateRecord>& all) {
  for (const CandidateRecord& c : run_order(all))
    if (not_runnable_reason(c, all).empty()) return c;
  return std::nullopt;
}

double priority_before(const std::vector<CandidateRecord>& all, int64_t before) {
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.id == before; });
  if (it == all.end()) fail("there is no candidate {}", before);
  // `before` runs as early as the earliest candidate that builds on it (transitively), so the
  // moved candidate must sort ahead of that one.
  double target = it->priority;
  std::set<int64_t> pulled = {before};
  for (bool grew = true; grew;) {
    grew = false;
    for (const CandidateRecord& c : all)
      if (c.builds_on > 0 && pulled.count(c.builds_on) && !pulled.count(c.id)) {
        pulled.insert(c.id);
        target = std::min(target, c.priority);
        grew = true;
      }
  }
  double prev = target - 1;
  for (const CandidateRecord& c : all)
    if (c.priority < target && c.priority > prev) prev = c.priority;
  return (prev + target) / 2;
}

std::string candidates_markdown(const std::vector<CandidateRecord>& all) {
  std::vector<CandidateRecord> order = run_order(all);
  std::map<int64_t, size_t> position;
  for (size_t i = 0; i < order.size(); ++i) position[order[i].id] = i + 1;
  std::string out;
  for (const CandidateRecord& c : order) {
    // The procedure's labels (1.4): "(Foundation)" for a change others build on, "(Builds on #1)"
    // for one that needs another first; a candidate that is neither gets no label.
    bool foundation =
        std::any_of(all.begin(), all.end(), [&](const CandidateRecord& o) { return o.builds_on == c.id; });
    std::string tag = c.builds_on > 0 ? fmt::format(" (Builds on #{})", c.builds_on)
                      : foundation    ? " (Foundation)"
                                      : "";
    out += fmt::format("### {}. {}{} — {}\n", c.id, c.name, tag, c.status);
    auto field = [&](const char* label, const std::string& v) {
      if (!v.empty()) out += fmt::format("- **{}**: {}\n", label, v);
    };
    field("Current", c.current);
    field("Proposed", c.proposed);
    field("Expected gain", c.gain);
    field("Complexity", c.complexity);
    field("Risk", c.risk);
    field("Source", c.source);
    out += "\n";
  }
  if (out.empty()) out = "No candidates yet: add them with `hone candidate add NAME`.\n";
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

namespace {

nlohmann::json id_or_null(int64_t id) { return id > 0 ? nlohmann::json(id) : nlohmann::json(nullptr); }
nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

nlohmann::json candidate_json(const CandidateRecord& c, const std::vector<CandidateRecord>& all) {
  std::string why = not_runnable_reason(c, all);
  return {{"id", c.id},
          {"name", c.name},
          {"slug", c.slug},
          {"status", c.status},
          {"current", c.current},
          {"proposed", c.proposed},
          {"gain", c.gain},
          {"complexity", c.complexity},
          {"risk", c.risk},
          {"goal", c.goal},
          {"plan", lines_of(c.plan)},
          {"builds_on", id_or_null(c.builds_on)},
          {"source", c.source},
          {"runnable", why.empty()},
          {"blocked_by", text_or_null(why)},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

nlohmann::json candidate_list_json(const std::vector<CandidateRecord>& all) {
  nlohmann::json out = nlohmann::json::array();
  for (const CandidateRecord& c : run_order(all)) out.push_back(candidate_json(c, all));
  return out;
}

nlohmann::json attempt_json(const ExperimentRecord& e) {
  return {{"id", e.id},
          {"candidate_id", e.candidate_id},
          {"mode", e.mode},
          {"stage", e.stage},
          {"outcome", e.outcome == Outcome::none ? nlohmann::json(nullptr) : nlohmann::json(e.outcome)},
          {"reason", e.reason},
          {"branch", e.branch},
          {"worktree", e.worktree},
          {"base_commit", e.base_commit},
          {"result_commit", text_or_null(e.result_commit)},
          {"run_id", id_or_null(e.run_id)},
          {"started_at", e.started_at},
          {"finished_at", text_or_null(e.finished_at)},
          {"details", e.data.is_object() ? e.data : nlohmann::json::object()}};
}

nlohmann::json candidate_show_json(const CandidateRecord& c, const std::vector<CandidateRecord>& all,
                                   const std::vector<ExperimentRecord>& attempts) {
  nlohmann::json j = candidate_json(c, all);
  j["attempts"] = nlohmann::json::array();
  for (const ExperimentRecord& e : attempts) j["attempts"].push_back(attempt_json(e));
  return j;
}

}  // namespace hone::loop
