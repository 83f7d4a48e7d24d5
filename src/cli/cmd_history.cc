// hone history: each benchmark's stored runs of ours along main's first-parent history, with the
// changes between adjacent commits (report/history.h).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/history_support.h"
#include "git/git.h"
#include "git/log.h"
#include "report/history.h"
#include "util/error.h"

namespace hone::cli {

std::vector<CommitInfo> first_parent_commits(const Config& cfg, const std::string& rev) {
  std::optional<std::filesystem::path> top = git::toplevel(cfg.root);
  if (!top) fail("hone history: {} is not in a git repository: a history needs commits", cfg.root.string());
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

Action setup_history(CLI::App& sub, const GlobalOptions& g) {
  auto benches = std::make_shared<std::vector<std::string>>();
  auto rev = std::make_shared<std::string>("HEAD");
  sub.add_option("--bench", *benches, "Only this benchmark (repeatable)");
  sub.add_option("--rev", *rev, "Whose first-parent history (default HEAD)");
  return [benches, rev, &g] {
    std::optional<Config> cfg = load_project(g, true);
    HistoryOptions o = history_options(*cfg, *benches);
    std::vector<CommitInfo> commits = first_parent_commits(*cfg, *rev);
    Store store = open_store(cfg);
    std::vector<HistorySeries> h = build_history(store, commits, o);
    if (g.format == "json")
      fmt::print("{}\n", history_json(h, o).dump(2));
    else
      fmt::print("{}", render_history_terminal(h, o));
    return 0;
  };
}

}  // namespace hone::cli
