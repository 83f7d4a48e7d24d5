#include "report/history.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace hone {
namespace {

namespace fs = std::filesystem;

struct TempStore {
  fs::path dir;
  Store store;
  TempStore() : dir(make()), store(Store::open(dir / "hone.db")) {}
  ~TempStore() { fs::remove_all(dir); }
  static fs::path make() {
    std::string tmpl = (fs::temp_directory_path() / "hone_history_test_XXXXXX").string();
    return mkdtemp(tmpl.data());
  }
  // A complete run of `kind` at `commit` with ours' instruction counts for bench "b".
  int64_t run(const std::string& commit, std::vector<double> values, const std::string& host = "h", bool dirty = false,
              const std::string& kind = "bench") {
    RunRecord r;
    r.kind = kind;
    r.metric = "instructions";
    r.commit = commit;
    r.dirty = dirty;
    r.machine = {{"hostname", host}, {"cpu_model", "CPU"}, {"cores", 2}};
    int64_t id = store.begin_run(r);
    store.add_jobs(id, {{"b", "ours", "x"}, {"b", "other", "y"}});
    for (size_t i = 0; i < values.size(); ++i) {
      SampleRecord s{"b", "ours", static_cast<int>(i), {}};
      s.m.instructions = values[i];
      SampleRecord o{"b", "other", static_cast<int>(i), {}};
      o.m.instructions = 1;
      store.add_round(id, {s, o});
    }
    store.finish_run(id, "complete");
    return id;
  }
};

const std::vector<CommitInfo> kCommits = {
    {"c4", "four"}, {"c3", "three"}, {"c2", "two"}, {"c1", "one"}};  // newest first

TEST(History, MarksTheChangeBeyondTheBoundOnly) {
  TempStore t;
  t.run("c1", {100});
  t.run("c2", {103});  // +3%: within ±5%
  t.run("c3", {120});  // +16.5%
  t.run("c4", {120});
  std::vector<HistorySeries> h = build_history(t.store, kCommits, HistoryOptions{});
  ASSERT_EQ(h.size(), 1u);
  ASSERT_EQ(h[0].points.size(), 4u);
  EXPECT_EQ(h[0].points[0].commit, "c1");
  EXPECT_FALSE(h[0].points[0].change);
  EXPECT_EQ(h[0].points[1].verdict, "");
  EXPECT_EQ(h[0].points[2].verdict, "slower");
  EXPECT_NEAR(h[0].points[2].change->ratio, 120.0 / 103, 1e-9);
  EXPECT_EQ(h[0].points[3].verdict, "");
  EXPECT_EQ(h[0].points[2].subject, "three");
}

TEST(History, RunsMeasuredInsideAnAttemptsWorktreeAreLeftOut) {
  TempStore t;
  t.run("c1", {100});
  int64_t inside = t.run("c2", {200});
  nlohmann::json settings = t.store.get_run(inside)->settings;
  if (!settings.is_object()) settings = nlohmann::json::object();
  settings["worktree"] = "attempt-3";
  t.store.update_settings(inside, settings);
  std::vector<HistorySeries> h = build_history(t.store, kCommits, HistoryOptions{});
  ASSERT_EQ(h.size(), 1u);
  ASSERT_EQ(h[0].points.size(), 1u);
  EXPECT_EQ(h[0].points[0].commit, "c1");
}

TEST(History, NewestCleanBenchRunPerCommitAndOnlyOnTheHistory) {
  TempStore t;
  t.run("c1", {100});
  t.run("c1", {90});                          // newer run of c1: wins
  t.run("c2", {500}, "h", /*dirty=*/true);    // a dirty tree: not c2's
  t.run("c2", {500}, "h", false, "attempt");  // measures other revisions: not counted
  t.run("side", {700});                       // not on the first-parent history
  t.run("c3", {80});
  std::vector<HistorySeries> h = build_history(t.store, kCommits, HistoryOptions{});
  ASSERT_EQ(h.size(), 1u);
  ASSERT_EQ(h[0].points.size(), 2u);
  EXPECT_EQ(h[0].points[0].summary.median, 90);
  EXPECT_EQ(h[0].points[1].commit, "c3");
  EXPECT_EQ(h[0].points[1].verdict, "faster");
}

TEST(History, MachinesAreKeptApart) {
  TempStore t;
  t.run("c1", {100}, "a");
  t.run("c2", {200}, "b");
  t.run("c3", {100}, "a");
  std::vector<HistorySeries> h = build_history(t.store, kCommits, HistoryOptions{});
  ASSERT_EQ(h.size(), 2u);
  for (const HistorySeries& s : h)
    for (const HistoryPoint& p : s.points) EXPECT_TRUE(p.verdict.empty()) << s.machine << " " << p.commit;
  EXPECT_NE(h[0].machine, h[1].machine);
  EXPECT_EQ(machine_key({{"hostname", "a"}, {"cpu_model", "CPU"}, {"cores", 2}}), "a · CPU · 2 cores");
  EXPECT_EQ(machine_key(nlohmann::json::object()), "unknown host · unknown CPU · 0 cores");
}

TEST(History, NoisySamplesNeedTheWholeCiBeyondTheBound) {
  TempStore t;
  t.run("c1", {100, 90, 110, 95, 105, 100, 92, 108});
  t.run("c2", {106, 96, 116, 101, 111, 106, 98, 114});  // +6% median, CI straddles the bound
  std::vector<HistorySeries> h = build_history(t.store, kCommits, HistoryOptions{});
  ASSERT_EQ(h[0].points.size(), 2u);
  EXPECT_EQ(h[0].points[1].verdict, "");
  EXPECT_LT(h[0].points[1].change->ci.lo, 1.05);
}

TEST(History, RendersTableJsonAndTrends) {
  TempStore t;
  t.run("c1", {100});
  t.run("c2", {120});
  HistoryOptions o;
  std::vector<HistorySeries> h = build_history(t.store, kCommits, o);
  std::string text = render_history_terminal(h, o);
  EXPECT_NE(text.find("b · instructions · h · CPU · 2 cores"), std::string::npos) << text;
  EXPECT_NE(text.find("+20.0% [+20.0%, +20.0%]  ← slower beyond ±5%  two"), std::string::npos) << text;
  nlohmann::json j = history_json(h, o);
  EXPECT_EQ(j["series"][0]["points"][1]["change"]["verdict"], "slower");
  EXPECT_TRUE(j["series"][0]["points"][0]["change"].is_null());
  std::vector<html::Trend> tr = history_trends(h);
  ASSERT_EQ(tr.size(), 1u);
  EXPECT_TRUE(tr[0].points[1].change);
  EXPECT_EQ(tr[0].points[1].change_text, "+20.0% [+20.0%, +20.0%]");
  EXPECT_NE(render_history_terminal({}, o).find("no stored runs of ours"), std::string::npos);
}

}  // namespace
}  // namespace hone
