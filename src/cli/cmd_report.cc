// hone report: phase 4. Measures the start of the loop against main's head, judges the done
// criteria, and writes the final summary (4.1) or the incomplete report with
// research/NN-future-optimizations.md (4.2); with --html, also the HTML report (report/html.h).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/history_support.h"
#include "loop/driver.h"
#include "report/html.h"
#include "util/error.h"

namespace hone::cli {

Action setup_report(CLI::App& sub, const GlobalOptions& g) {
  auto flags = std::make_shared<MeasureFlags>();
  auto html = std::make_shared<std::string>();
  add_measure_flags(sub, *flags);
  sub.add_option("--html", *html, "Also write the report as one self-contained HTML page to FILE");
  return [flags, html, &g]() -> int {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    ctx.flags = *flags;
    loop::LoopLock lock(ctx.repo, "report");
    bool met = false;
    fmt::print("{}", loop::write_completion_report(ctx, false, false, &met));
    if (!html->empty()) {
      html::PageSources s;
      s.title = fmt::format("{}: final report", cfg->project.name);
      // The final or incomplete report's event, just recorded, names the final measurement.
      std::vector<EventRecord> events = store.events();
      s.run_id = events.empty() ? 0 : events.back().run_id;
      s.start_end = true;
      s.attempts = true;
      s.band = cfg->criteria.regression;
      s.flames_dir = loop::research_dir(ctx);
      s.file = *html;
      try {
        s.trends = history_trends(build_history(store, first_parent_commits(*cfg, "HEAD"), history_options(*cfg, {})));
      } catch (const Error& e) {
        s.notes.push_back(fmt::format("No history across commits: {}", e.what()));
      }
      s.notes.push_back(met ? "The done criteria are met." : "The done criteria are not met.");
      html::write_page(html::collect_page(store, s), *html);
      fmt::print(stderr, "hone: wrote the HTML report {}\n", *html);
    }
    return met ? 0 : 1;
  };
}

}  // namespace hone::cli
