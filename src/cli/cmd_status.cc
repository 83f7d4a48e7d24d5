// hone status: the procedure's checklist, each box ticked from recorded facts, and what to do next.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/checklist.h"
#include "loop/driver.h"
#include "util/error.h"

namespace hone::cli {

namespace {

namespace fs = std::filesystem;

bool any_note(const fs::path& dir, const std::string& needle) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".md" && e.path().filename().string().find(needle) != std::string::npos) return true;
  return false;
}

// A research note (procedure 1.3, `hone research new`, or written by hand): any note in the
// folder but those hone writes for other steps, named NN-profile-*.md (hone profile),
// NN-*-lessons.md (a failed attempt's lessons) and NN-future-optimizations.md (the final report).
bool any_research_note(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".md") continue;
    std::string stem = e.path().stem().string();
    size_t dash = stem.find('-');
    std::string slug = dash == std::string::npos ? stem : stem.substr(dash + 1);
    if (slug.starts_with("profile-") || slug.ends_with("-lessons") || slug == "future-optimizations") continue;
    return true;
  }
  return false;
}

}  // namespace

Action setup_status(CLI::App& /*sub*/, const GlobalOptions& g) {
  return [&g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    fs::path research = cfg->root / cfg->project.artifacts / "research";
    std::vector<EventRecord> events = store.events();
    auto has_event = [&](const std::string& kind) {
      return std::any_of(events.begin(), events.end(), [&](const EventRecord& e) { return e.kind == kind; });
    };
    loop::StatusFacts f;
    f.config_file = cfg->file.string();
    f.criteria = cfg->criteria.done.size();
    f.baseline = store.baseline("default").has_value();
    f.profiled = any_note(research, "profile") || has_event("profile");
    f.researched = any_research_note(research);
    f.final_report = has_event("final");
    f.incomplete_report = has_event("incomplete");
    f.future_note = any_note(research, "future-optimizations");
    f.candidates = store.candidates();
    std::vector<ExperimentRecord> exps = store.experiments();
    if (!exps.empty()) f.last_attempt = exps.back();
    if (g.format == "json")
      fmt::print("{}\n", loop::status_json(f).dump(2));
    else
      fmt::print("{}", loop::render_checklist(loop::checklist(f)));
    return Exit::ok;
  };
}

}  // namespace hone::cli
