#include "report/worklog.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/files.h"

namespace hone {

std::string render_worklog(const std::string& project, const std::vector<EventRecord>& events,
                           const std::string& candidates) {
  std::string out = fmt::format("# Worklog: {}\n\n", project);
  out +=
      "Rendered by hone from its records (`.hone/hone.db`). Add notes with `hone log \"...\"`; "
      "edits made here are overwritten.\n";
  if (!candidates.empty()) {
    out += "\n## Optimization Candidates\n\n" + candidates;
    if (candidates.back() != '\n') out += "\n";
  }
  for (const EventRecord& e : events) {
    out += fmt::format("\n## {}\n\n", e.title);
    std::string when = e.at;
    if (when.size() == 20 && when[10] == 'T') when = when.substr(0, 10) + " " + when.substr(11, 8) + " UTC";
    out += fmt::format("*{}{}*\n", when, e.run_id > 0 ? fmt::format(" · run {}", e.run_id) : "");
    if (!e.body.empty()) {
      out += "\n" + e.body;
      if (e.body.back() != '\n') out += "\n";
    }
  }
  return out;
}

std::filesystem::path write_worklog(const std::filesystem::path& root, const std::string& artifacts,
                                    const std::string& project, Store& store, const std::string& candidates) {
  std::filesystem::path path = root / artifacts / "WORKLOG.md";
  std::string text = render_worklog(project, store.events(), candidates);
  if (read_file_if_exists(path, 64 * kMiB, "WORKLOG.md") == text) return path;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) fail("cannot create {}: {}", path.parent_path().string(), ec.message());
  // Written aside and renamed, so a crash never leaves a half-written worklog.
  write_file_checked(path, text, /*atomic=*/true);
  return path;
}

}  // namespace hone
