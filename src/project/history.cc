#include "project/history.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "git/git.h"
#include "git/log.h"
#include "project/project.h"
#include "util/error.h"

namespace hone {

std::vector<CommitInfo> first_parent_commits(const Config& cfg, const std::string& rev) {
  std::optional<std::filesystem::path> top = git::toplevel(cfg.root);
  if (!top) fail("{} is not in a git repository: a history needs commits", cfg.root.string());
  std::vector<CommitInfo> commits;
  for (auto& [hash, subject] : git::first_parent_log(*top, rev)) commits.push_back({hash, subject});
  return commits;
}

HistoryOptions history_options(const Config& cfg, const std::vector<std::string>& benches) {
  std::vector<std::string> known = all_benchmarks(cfg);
  for (const std::string& b : benches)
    if (std::find(known.begin(), known.end(), b) == known.end())
      fail("--bench {}: no such benchmark in {} (it has: {})", b, cfg.file.string(), fmt::join(known, ", "));
  HistoryOptions o;
  o.target = cfg.project.ours;
  o.benches = benches;
  o.bound = cfg.criteria.regression;
  return o;
}

std::vector<HistorySeries> project_history(const Config& cfg, Store& store, const std::string& rev,
                                           const HistoryOptions& opts) {
  return build_history(store, first_parent_commits(cfg, rev), opts);
}

std::vector<html::Trend> page_trends(const Config& cfg, Store& store, std::vector<std::string>& notes) {
  try {
    return history_trends(project_history(cfg, store, "HEAD", history_options(cfg, {})));
  } catch (const Error& e) {
    notes.push_back(fmt::format("No history across commits: {}", e.what()));
    return {};
  }
}

void write_run_page(const Config* cfg, Store& store, const StoredRun& run, const std::filesystem::path& file) {
  html::PageSources s;
  s.title = fmt::format("{}run {}", cfg ? cfg->project.name + ": " : "", run.record.id);
  s.run_id = run.record.id;
  s.loaded = &run;
  s.band = cfg ? cfg->criteria.regression : 0.05;
  if (cfg) {
    s.flames_dir = cfg->root / cfg->project.artifacts / "research";
    s.trends = page_trends(*cfg, store, s.notes);
  }
  s.file = file;
  html::write_page(html::collect_page(store, s), file);
}

}  // namespace hone
