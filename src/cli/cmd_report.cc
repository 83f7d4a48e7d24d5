// hone report: phase 4. Measures the start of the loop against main's head, judges the done
// criteria, and writes the final summary (4.1) or the incomplete report with
// research/NN-future-optimizations.md (4.2); with --html, also the HTML report (report/html.h).
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/driver.h"

namespace hone::cli {

Action setup_report(CLI::App& sub, const GlobalOptions& g) {
  auto flags = std::make_shared<MeasureFlags>();
  auto html = std::make_shared<std::string>();
  add_measure_flags(sub, *flags);
  sub.add_option("--html", *html, "Also write the report as one self-contained HTML page to FILE");
  return [flags, html, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    ctx.flags = *flags;
    loop::LoopLock lock(ctx.repo, "report");
    bool met = false;
    fmt::print("{}", loop::write_completion_report(ctx, false, false, &met));
    if (!html->empty()) {
      loop::write_report_page(ctx, met, *html);
      fmt::print(stderr, "hone: wrote the HTML report {}\n", *html);
    }
    return met ? Exit::ok : Exit::no;
  };
}

}  // namespace hone::cli
