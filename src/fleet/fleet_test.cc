#include "fleet/fleet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/error.h"

namespace hone::fleet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Fleet, SlurmScriptIsAnExclusiveArrayOfShards) {
  JobOptions o;
  o.hone = "/opt/hone/bin/hone";
  o.config = "/src/my app/hone.toml";
  o.project = "app";
  o.shards = 4;
  o.fleet = "app-20261204T133000";
  o.partition = "perf";
  o.time_limit = "1:00:00";
  o.log_dir = "/src/app/.hone/fleet";
  o.bench_args = {"--metric", "instructions"};
  std::string s = slurm_script(o);
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  for (const char* line :
       {"#SBATCH --array=1-4\n", "#SBATCH --exclusive\n", "#SBATCH --nodes=1\n", "#SBATCH --partition=perf\n",
        "#SBATCH --time=1:00:00\n", "#SBATCH --output=/src/app/.hone/fleet/hone-%A_%a.out\n",
        "export HONE_SHARD_COUNT=4\n", "export HONE_FLEET=app-20261204T133000\n",
        "exec /opt/hone/bin/hone --config '/src/my app/hone.toml' bench --shard auto --metric "
        "instructions\n"})
    EXPECT_THAT(s, HasSubstr(line));
  o.shards = 0;
  EXPECT_THROW(slurm_script(o), Error);
}

TEST(Fleet, Names) {
  EXPECT_EQ(default_fleet_name("my app", "2026-12-04T13:30:00Z"), "my-app-20261204T133000");
  EXPECT_EQ(shell_quote("plain/path-1.2"), "plain/path-1.2");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(Fleet, StateOfTheShardsNewestRunWins) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("hone-fleet-state-{}", getpid());
  std::filesystem::remove_all(dir);
  {
    Store s = Store::open(dir / "hone.db");
    auto shard_run = [&](int k, const std::string& fleet, const std::string& status) {
      RunRecord r;
      r.kind = "bench";
      r.settings = {{"shard", {{"index", k}, {"count", 3}, {"fleet", fleet}}}};
      r.machine = {{"name", fmt::format("node-{}", k)}};
      int64_t id = s.begin_run(r);
      if (status != "running") s.finish_run(id, status, status == "failed" ? "exit 1" : "");
      return id;
    };
    EXPECT_EQ(fleet_state(s, "f").count, 0);
    shard_run(1, "f", "complete");
    shard_run(2, "f", "failed");
    shard_run(1, "other", "complete");
    FleetState st = fleet_state(s, "f");
    EXPECT_EQ(st.count, 3);
    EXPECT_THAT(st.with_state("complete"), ElementsAre(1));
    EXPECT_THAT(st.with_state("failed"), ElementsAre(2));
    EXPECT_THAT(st.with_state("missing"), ElementsAre(3));
    EXPECT_EQ(st.shards[1].note, "exit 1");
    EXPECT_EQ(st.shards[1].machine, "node-2");
    EXPECT_FALSE(st.all_complete());
    int64_t rerun = shard_run(2, "f", "complete");  // shard 2 re-run alone
    int64_t three = shard_run(3, "f", "running");
    st = fleet_state(s, "f");
    EXPECT_THAT(st.with_state("running"), ElementsAre(3));
    EXPECT_EQ(st.shards[1].run_id, rerun);
    s.finish_run(three, "complete");
    st = fleet_state(s, "f");
    EXPECT_TRUE(st.all_complete());
    EXPECT_EQ(st.complete_runs.size(), 3u);
    EXPECT_EQ(st.complete_runs[1], rerun);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hone::fleet
