// hone history: each benchmark's stored runs of ours along main's first-parent history, with the
// changes between adjacent commits (report/history.h, project/history.h).
#include <fmt/format.h>

#include "cli/commands.h"
#include "project/history.h"

namespace hone::cli {

Action setup_history(CLI::App& sub, const GlobalOptions& g) {
  auto benches = std::make_shared<std::vector<std::string>>();
  auto rev = std::make_shared<std::string>("HEAD");
  sub.add_option("--bench", *benches, "Only this benchmark (repeatable)");
  sub.add_option("--rev", *rev, "Whose first-parent history (default HEAD)");
  return [benches, rev, &g] {
    std::optional<Config> cfg = load_project(g, true);
    HistoryOptions o = history_options(*cfg, *benches);
    Store store = open_store(cfg);
    std::vector<HistorySeries> h = project_history(*cfg, store, *rev, o);
    if (g.format == "json")
      fmt::print("{}\n", history_json(h, o).dump(2));
    else
      fmt::print("{}", render_history_terminal(h, o));
    return Exit::ok;
  };
}

}  // namespace hone::cli
