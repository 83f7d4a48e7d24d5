#pragma once
// The HTML report: one self-contained page (no script, no network, no fonts or images fetched)
// with its charts drawn here as inline SVG. Colours come from CSS variables, so the page follows
// the reader's light or dark scheme; charts scale to the page's width (phone to desktop). Every
// text from the store (names, commands, reasons) is escaped (util/markup.h).
//
// Sections (each a <section id="...">, so tests and readers can link to them):
//   summary       what was measured, when, where
//   baseline      the stored baseline's table (ours and the competitors)
//   results       the shown run's table
//   distributions per benchmark, each side's raw samples as a strip plot with its median, and the
//                 ratio with its CI
//   forest        every ratio with its CI against the ±band
//   drift         round by round, each series relative to its median: does the machine wander?
//   loop          the loop's attempts on a timeline (kept / slow / rejected) with numbers, commits
//   start-end     per benchmark, start → end (the final report's run)
//   trends        per benchmark, the stored runs along main's history with CI bands
//   flames        links to the flame graphs on disk
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/stored.h"
#include "store/store.h"

namespace hone::html {

struct AttemptView {
  int64_t experiment = 0;
  int64_t candidate = 0;
  std::string name;
  std::string mode;     // agent | human
  std::string outcome;  // kept | slow | rejected | interrupted | "" (running)
  std::string reason;
  std::string started_at;
  std::string base_commit, result_commit, branch;
  int64_t run_id = 0;
  struct Result {
    std::string benchmark;
    double before = 0, after = 0;      // medians
    double ratio = 0, lo = 0, hi = 0;  // after / before with its CI
  };
  std::vector<Result> results;
};

struct FlameLink {
  std::string label;  // file name
  std::string href;   // relative to the page
};

// One point of a benchmark's history: a run's ours median on one commit, with the change from the
// previous point (see report/history.h).
struct TrendPoint {
  std::string commit;  // full hash
  std::string subject;
  int64_t run_id = 0;
  double median = 0, lo = 0, hi = 0;
  bool change = false;      // a change was detected between the previous point and this one
  std::string change_text;  // "+12.0% [+11.5%, +12.4%]"
};

struct Trend {
  std::string benchmark;
  std::string machine;  // the machine key; trends of different machines are drawn apart
  std::string metric;
  std::vector<TrendPoint> points;  // oldest first
};

struct Page {
  std::string title;  // "wc-loop: final report"
  std::string generated_at;
  double band = 0.05;                 // the forest plot's ±band (the regression bound)
  std::optional<StoredRun> baseline;  // its table
  std::string baseline_name;
  std::optional<StoredRun> run;  // the run shown: results, distributions, forest, drift
  bool start_end = false;        // the run is ours at the start against ours at the end
  std::vector<AttemptView> attempts;
  std::vector<Trend> trends;
  std::vector<FlameLink> flames;
  std::vector<std::string> notes;  // plain paragraphs shown under the summary
};

std::string render_page(const Page& page);

// What a page shows, to be read from the store.
struct PageSources {
  std::string title;
  int64_t run_id = 0;                     // the run shown; 0: none
  const StoredRun* loaded = nullptr;      // that run when the caller has read it already (hone show)
  bool start_end = false;                 // it is the final report's run (ours@start against ours@end)
  bool attempts = false;                  // show the loop's attempts
  std::string baseline_name = "default";  // its table when it exists
  double band = 0.05;
  std::filesystem::path flames_dir;  // flame graphs under it are linked
  std::filesystem::path file;        // where the page is written (links are relative to it)
  std::vector<std::string> notes;
  std::vector<Trend> trends;  // report/history.h: history_trends
};

Page collect_page(Store& store, const PageSources& sources);
// Renders the page and writes it to `file` (aside and renamed: never half-written).
void write_page(const Page& page, const std::filesystem::path& file);

// The page's parts from the store.
std::vector<AttemptView> load_attempts(Store& store);
// The flame graphs (*.svg) under `dir`, newest name last, linked relative to `page`'s folder.
std::vector<FlameLink> find_flames(const std::filesystem::path& dir, const std::filesystem::path& page);

}  // namespace hone::html
