#include "report/worklog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hone {
namespace {

std::vector<EventRecord> sample_events() {
  EventRecord a;
  a.at = "2026-11-25T18:40:12Z";
  a.kind = "baseline";
  a.title = "Baseline Benchmarks";
  a.body = "| Trace | Our Time | Competitor | Ratio |\n|---|---|---|---|\n| utf8 | 100 ms | 11 ms | 9.1x slower |";
  a.run_id = 3;
  EventRecord b;
  b.at = "2026-11-25T18:45:00Z";
  b.kind = "note";
  b.title = "Note";
  b.body = "Tried a lookup table.\n";
  return {a, b};
}

TEST(Worklog, RendersHeadingsTimestampsAndBodies) {
  std::string w = render_worklog("wc-example", sample_events());
  EXPECT_EQ(w.rfind("# Worklog: wc-example\n", 0), 0u);
  EXPECT_NE(w.find("\n## Baseline Benchmarks\n\n*2026-11-25 18:40:12 UTC · run 3*\n\n| Trace |"), std::string::npos)
      << w;
  EXPECT_NE(w.find("| utf8 | 100 ms | 11 ms | 9.1x slower |\n\n## Note\n\n*2026-11-25 18:45:00 UTC*\n"),
            std::string::npos)
      << w;
  EXPECT_EQ(w.back(), '\n');
}

TEST(Worklog, CandidateListComesBeforeTheTimeline) {
  std::string w = render_worklog("p", sample_events(), "### 1. Lookup table (Foundation) — approved\n");
  size_t list = w.find("\n## Optimization Candidates\n\n### 1. Lookup table (Foundation) — approved\n");
  ASSERT_NE(list, std::string::npos) << w;
  EXPECT_LT(list, w.find("## Baseline Benchmarks"));
  EXPECT_EQ(render_worklog("p", sample_events(), "").find("Optimization Candidates"), std::string::npos);
}

TEST(Worklog, RenderingIsStable) {
  EXPECT_EQ(render_worklog("p", sample_events()), render_worklog("p", sample_events()));
}

TEST(Worklog, WritesOnlyWhenChanged) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "hone_worklog_XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  fs::path root = tmpl;
  Store store = Store::open(root / ".hone" / "hone.db");
  EventRecord e = sample_events()[1];
  store.add_event(e);
  fs::path p = write_worklog(root, "perf", "demo", store);
  EXPECT_EQ(p, root / "perf" / "WORKLOG.md");
  auto mtime = fs::last_write_time(p);
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), render_worklog("demo", store.events()));
  // Setting the file's time back shows whether a second write touched it.
  fs::last_write_time(p, mtime - std::chrono::hours(1));
  write_worklog(root, "perf", "demo", store);
  EXPECT_EQ(fs::last_write_time(p), mtime - std::chrono::hours(1));
  store.add_event(e);
  write_worklog(root, "perf", "demo", store);
  EXPECT_NE(fs::last_write_time(p), mtime - std::chrono::hours(1));
  fs::remove_all(root);
}

}  // namespace
}  // namespace hone
