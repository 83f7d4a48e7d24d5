#include "fleet/collect.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "fleet/machine_id.h"
#include "util/error.h"

namespace hone::fleet {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct TempStore {
  fs::path dir;
  Store store;
  TempStore() : dir(make()), store(Store::open(dir / "hone.db")) {}
  ~TempStore() { fs::remove_all(dir); }
  static fs::path make() {
    std::string tmpl = (fs::temp_directory_path() / "hone_collect_test_XXXXXX").string();
    return mkdtemp(tmpl.data());
  }
  // Shard k of 2 of `fleet` on `machine`: benchmark "b<k>", ours at `ours` instructions (12
  // rounds), theirs at 10x; `status` as it ended.
  int64_t shard(const std::string& fleet, int k, double ours, const std::string& machine = "",
                const std::string& status = "complete") {
    RunRecord r;
    r.kind = "bench";
    r.metric = "instructions";
    r.machine = {{"name", machine.empty() ? fmt::format("node-{}", k) : machine}, {"cpu_model", "CPU"}, {"cores", 2}};
    r.machine["id"] = machine_id(r.machine);
    r.settings = {
        {"shard", {{"index", k}, {"count", 2}, {"fleet", fleet}, {"source", fmt::format("--shard {}/2", k)}}}};
    int64_t id = store.begin_run(r);
    std::string b = fmt::format("b{}", k);
    store.add_jobs(id, {{b, "ours", "x"}, {b, "theirs", "y"}});
    for (int i = 0; i < 12; ++i) {
      SampleRecord o{b, "ours", i, {}}, t{b, "theirs", i, {}};
      o.m.instructions = ours;
      t.m.instructions = ours * 10;
      store.add_round(id, {o, t});
    }
    if (status != "running") store.finish_run(id, status, status == "failed" ? "exit 1" : "");
    return id;
  }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Collect, WaitsThenNamesWhatIsMissingOrDead) {
  TempStore t;
  double clock = 0;
  int sleeps = 0;
  auto now = [&] { return clock; };
  auto sleep = [&](double s) {
    clock += s;
    ++sleeps;
  };
  WaitOptions w{"f", 0, 10, 2, "10s", "hone.db"};
  EXPECT_EQ(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
            "fleet f: no shard recorded a run in hone.db after 10s: did the jobs start, with this store?");
  EXPECT_EQ(sleeps, 5);
  t.shard("f", 1, 100);
  clock = 0;
  EXPECT_EQ(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
            "fleet f: after 10s, shard 2 of 2 never recorded a run; re-run it alone (hone bench --shard 2/2 with "
            "HONE_FLEET=f; in a CI matrix: re-run the failed job), then collect again");
  int64_t two = t.shard("f", 2, 100, "", "running");
  clock = 0;
  std::string started = t.store.get_run(two)->started_at;
  EXPECT_EQ(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
            "fleet f: after 10s, shard 2 of 2 still running:\n  shard 2/2: running since " + started +
                " on node-2 (run 2)\ncollect again later; if its job died, re-run it alone (hone bench --shard 2/2 "
                "with HONE_FLEET=f; in a CI matrix: re-run the failed job)");
  t.store.finish_run(two, "failed", "benchmark 'b2': exit 1");
  sleeps = 0;
  EXPECT_THAT(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
              HasSubstr("fleet f: 1 shard died:\n  shard 2/2: failed (run 2 on node-2): benchmark 'b2': exit 1\n"
                        "re-run it alone (hone bench --shard 2/2"));
  EXPECT_EQ(sleeps, 0);  // at once
  t.shard("f", 2, 100);  // re-run alone
  FleetState f = wait_for_fleet(t.store, w, nullptr, now, sleep);
  EXPECT_TRUE(f.all_complete());
  EXPECT_EQ(f.complete_runs, (std::vector<int64_t>{1, 3}));
  // Ctrl-C stops the wait like the timeout.
  std::atomic<bool> stop{true};
  clock = 0;
  w.fleet = "g";
  t.shard("g", 1, 100);
  EXPECT_THAT(error_of([&] { wait_for_fleet(t.store, w, &stop, now, sleep); }), HasSubstr("shard 2 of 2 never"));
}

TEST(Collect, ARunningShardSilentTooLongIsTakenForGoneAtOnce) {
  TempStore t;
  t.shard("f", 1, 100);
  int64_t two = t.shard("f", 2, 100, "", "running");
  const RunRecord run = *t.store.get_run(two);
  ASSERT_FALSE(run.heartbeat.empty());  // the rounds it wrote
  const std::optional<double> beat = parse_utc_timestamp(run.heartbeat);
  ASSERT_TRUE(beat.has_value()) << run.heartbeat;
  double clock = 0, wall = 0;
  int sleeps = 0;
  auto now = [&] { return clock; };
  auto sleep = [&](double s) {
    clock += s;
    ++sleeps;
  };
  WaitOptions w{"f", 0, 10, 2, "10s", "hone.db"};
  w.wall_clock = [&] { return *beat + wall; };
  // 9 min 59 s without a sign of life: measuring still, for all collect knows.
  wall = 599;
  EXPECT_THAT(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
              HasSubstr("after 10s, shard 2 of 2 still running"));
  EXPECT_EQ(sleeps, 5);
  // 10 min: gone, said at once, with when it was last heard of and how to re-run it.
  wall = 600;
  sleeps = 0;
  clock = 0;
  EXPECT_EQ(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
            "fleet f: 1 running shard silent for 10m or more (no round written, no job started): its machine or "
            "job is taken for gone:\n  shard 2/2: run 2 on node-2, started " +
                run.started_at + ", silent since " + run.heartbeat +
                " (10 min 0 s)\nre-run it alone (hone bench --shard 2/2 with HONE_FLEET=f; in a CI matrix: re-run "
                "the failed job), then collect again; if a single run of a benchmark takes longer than that, "
                "collect with a larger --silent-after");
  EXPECT_EQ(sleeps, 0);
  // --silent-after 0: never.
  w.silent_after = 0;
  wall = 1e6;
  EXPECT_THAT(error_of([&] { wait_for_fleet(t.store, w, nullptr, now, sleep); }),
              HasSubstr("shard 2 of 2 still running"));
  // A beat moves the heartbeat on.
  t.store.beat(two);
  EXPECT_GE(parse_utc_timestamp(t.store.get_run(two)->heartbeat).value(), *beat);
}

TEST(Collect, JudgesVsBaselineAgainstABaselineFleet) {
  TempStore t;
  t.shard("base", 1, 100);
  t.shard("base", 2, 100);
  t.shard("same", 1, 100);
  t.shard("same", 2, 100);
  t.shard("slow", 1, 100);
  t.shard("slow", 2, 150);  // b2 1.5x slower
  const std::vector<std::string> done = {"faster than theirs on 2/2 benchmarks", "no regression > 5% vs baseline"};
  BaselineOptions b;
  b.fleet = "base";
  FleetJudgement j = judge_fleet(t.store, fleet_state(t.store, "same"), "same", "ours", done, "hone.toml", b);
  EXPECT_TRUE(j.met);
  EXPECT_EQ(j.baseline, "fleet base (runs 1, 2)");
  ASSERT_EQ(j.results.size(), 2u);
  EXPECT_EQ(j.results[1].status, criteria::Status::met);
  j = judge_fleet(t.store, fleet_state(t.store, "slow"), "slow", "ours", done, "hone.toml", b);
  EXPECT_FALSE(j.met);
  EXPECT_EQ(j.results[0].status, criteria::Status::met);
  EXPECT_EQ(j.results[1].status, criteria::Status::not_met);
  EXPECT_THAT(fmt::format("{}", fmt::join(j.results[1].lines, "\n")), HasSubstr("b2: ours/baseline 1.50x"));

  // No baseline: that clause unsure, saying why; the others judged.
  j = judge_fleet(t.store, fleet_state(t.store, "same"), "same", "ours", done, "hone.toml", BaselineOptions{});
  EXPECT_EQ(j.results[0].status, criteria::Status::met);
  EXPECT_EQ(j.results[1].status, criteria::Status::unsure);
  EXPECT_THAT(j.results[1].summary, HasSubstr("no baseline 'default' recorded"));
  // A stored baseline run (base's shard 2: b2 on node-2): b1 has no baseline numbers, and the
  // judgement says so.
  t.store.set_baseline("default", 2);
  j = judge_fleet(t.store, fleet_state(t.store, "same"), "same", "ours", done, "hone.toml", BaselineOptions{});
  EXPECT_EQ(j.baseline, "baseline 'default' (run 2)");
  EXPECT_EQ(j.results[1].status, criteria::Status::met);
  EXPECT_THAT(j.notes, ElementsAre("baseline 'default' (run 2) has no numbers of ours for b1: `vs baseline` judged "
                                   "without it"));
  // A bad clause names the file; an incomplete baseline fleet is refused.
  EXPECT_THAT(error_of([&] {
                judge_fleet(t.store, fleet_state(t.store, "same"), "same", "ours", {"fastr than theirs"}, "hone.toml",
                            b);
              }),
              HasSubstr("hone.toml: [criteria] done[0]: column"));
  t.shard("half", 1, 100);
  b.fleet = "half";
  EXPECT_THAT(
      error_of([&] { judge_fleet(t.store, fleet_state(t.store, "same"), "same", "ours", done, "hone.toml", b); }),
      HasSubstr("--baseline-fleet half: shard 2 of 2 not complete"));
  // Other machines: an error unless any_machine, then a note.
  t.shard("moved", 1, 100, "elsewhere");
  t.shard("moved", 2, 100, "elsewhere");
  b.fleet = "base";
  EXPECT_THAT(
      error_of([&] { judge_fleet(t.store, fleet_state(t.store, "moved"), "moved", "ours", done, "hone.toml", b); }),
      HasSubstr("baseline fleet base shard"));
  b.any_machine = true;
  j = judge_fleet(t.store, fleet_state(t.store, "moved"), "moved", "ours", done, "hone.toml", b);
  EXPECT_TRUE(j.met);
  EXPECT_EQ(j.notes.size(), 2u);
}

}  // namespace
}  // namespace hone::fleet
